using System.Security.Claims;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HelpDesk.Web.Features.Shared;

/// <summary>
/// Files of a form that came back with errors (R5: nothing is lost). A browser cannot refill a file input, so the
/// server holds the files it would have accepted and the form shows them as ticked boxes ("kept, no need to choose
/// them again"); sending the form again uses the ticked ones with any new ones, unticking drops one. A held file's id
/// is random (a capability), bound to the staff member who held it (or to "public" for the customer forms), and
/// expires after <see cref="Lifetime"/>; expired ones are swept whenever files are held, so the table stays small.
/// </summary>
public sealed class HeldFiles(HelpDeskDbContext db, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>The form's files: new ones from this request, then the held ones it ticked (still valid, the same owner).</summary>
    public async Task<Files> ReadAsync(IEnumerable<IFormFile> posted, IEnumerable<Guid> ticked, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fresh = await Upload.ReadAsync(posted, cancellationToken);
        var ids = ticked.Distinct().Take(Attachment.MaxPerMessage * 2).ToList();
        var owner = Owner(user);
        var since = clock.GetUtcNow() - Lifetime;
        var held = ids.Count == 0
            ? []
            : await db.Set<HeldFile>().AsNoTracking().Where(h => ids.Contains(h.Id) && h.Owner == owner && h.HeldAt > since).OrderBy(h => h.HeldAt).ToListAsync(cancellationToken);
        return new Files(owner, fresh, held);
    }

    /// <summary>
    /// After the command: on success the held files are gone with it; on failure the new files that would be accepted
    /// are held too. Returns what the form shows again.
    /// </summary>
    public async Task<IReadOnlyList<Shown>> SettleAsync(Files files, bool succeeded, CancellationToken cancellationToken)
    {
        var heldIds = files.Held.Select(h => h.Id).ToList();
        if (succeeded)
        {
            await db.Set<HeldFile>().Where(h => heldIds.Contains(h.Id)).ExecuteDeleteAsync(cancellationToken);
            return [];
        }

        var now = clock.GetUtcNow();
        var added = files.Fresh.Where(u => Acceptable(u, now))
            .Select(u => new HeldFile { Id = Guid.NewGuid(), Owner = files.Owner, FileName = Name(u.FileName), Content = u.Content, HeldAt = now })
            .ToList();
        if (added.Count > 0)
        {
            var expired = now - Lifetime;
            await db.Set<HeldFile>().Where(h => h.HeldAt <= expired).ExecuteDeleteAsync(cancellationToken);
            db.Set<HeldFile>().AddRange(added);
            await db.SaveChangesAsync(cancellationToken);
        }

        return [.. files.Held.Concat(added).Select(h => new Shown(h.Id, h.FileName, h.Content.LongLength))];
    }

    private static string Owner(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id ? "staff:" + id : "public";

    /// <summary>The name an attachment would get (the last 200 characters of the safe name).</summary>
    private static string Name(string fileName) => Attachment.SafeName(fileName) is var name && name.Length > 200 ? name[^200..] : name;

    private static bool Acceptable(Upload upload, DateTimeOffset now)
    {
        try
        {
            Attachment.Accept(upload.FileName, upload.Content.LongLength, upload.Content, now);
            return true;
        }
        catch (DomainException)
        {
            return false;
        }
    }

    /// <summary>What a form posted: <see cref="All"/> goes into the command.</summary>
    public sealed record Files(string Owner, IReadOnlyList<Upload> Fresh, IReadOnlyList<HeldFile> Held)
    {
        public IReadOnlyList<Upload> All { get; } = [.. Held.Select(h => new Upload(h.FileName, h.Content)), .. Fresh];
    }

    /// <summary>A held file as the form lists it.</summary>
    public sealed record Shown(Guid Id, string FileName, long Size);
}

/// <summary>One held file (<see cref="HeldFiles"/>).</summary>
public sealed class HeldFile
{
    public Guid Id { get; set; }

    public string Owner { get; set; } = string.Empty;

    public string FileName { get; set; } = string.Empty;

    public byte[] Content { get; set; } = [];

    public DateTimeOffset HeldAt { get; set; }
}

internal sealed class HeldFileConfiguration : IEntityTypeConfiguration<HeldFile>
{
    public void Configure(EntityTypeBuilder<HeldFile> builder)
    {
        builder.ToTable("held_files");
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.Owner).HasMaxLength(80);
        builder.Property(h => h.FileName).HasMaxLength(200);
        builder.HasIndex(h => h.HeldAt);
    }
}
