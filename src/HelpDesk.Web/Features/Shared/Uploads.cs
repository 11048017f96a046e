using FluentValidation;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Data.Configurations;
using HelpDesk.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Shared;

/// <summary>A file someone attached to a message (an agent's reply, a customer's complaint or answer): the name they gave and its bytes.</summary>
public sealed record Upload(string FileName, byte[] Content)
{
    /// <summary>The form's files, read before the command is sent (empty inputs skipped).</summary>
    public static async Task<IReadOnlyList<Upload>> ReadAsync(IEnumerable<IFormFile> files, CancellationToken cancellationToken)
    {
        var uploads = new List<Upload>();
        foreach (var file in files.Where(f => f.Length > 0))
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            uploads.Add(new Upload(file.FileName, buffer.ToArray()));
        }

        return uploads;
    }
}

public static class Uploads
{
    /// <summary>At most <see cref="Attachment.MaxPerMessage"/> files on one message.</summary>
    public static IRuleBuilderOptions<T, TFiles> WithinAttachmentLimit<T, TFiles>(this IRuleBuilder<T, TFiles> rule, IStringLocalizer<Strings> l)
        where TFiles : IReadOnlyCollection<Upload>? =>
        rule.Must(f => f is null || f.Count <= Attachment.MaxPerMessage).WithMessage(_ => l["reply.files.too_many", Attachment.MaxPerMessage]);

    /// <summary>
    /// Checks every file (size, type by its content) and attaches them all to the message; their bytes are stored
    /// apart from the metadata. A refused file refuses the whole command, so nothing half-attached is kept.
    /// </summary>
    public static void AttachFiles(this HelpDeskDbContext db, Ticket ticket, TicketMessage message, IReadOnlyList<Upload>? uploads, DateTimeOffset now)
    {
        var accepted = (uploads ?? []).Select(u => (File: Attachment.Accept(u.FileName, u.Content.LongLength, u.Content, now), u.Content)).ToList();
        foreach (var (file, content) in accepted)
        {
            file.AttachTo(ticket, message);
            db.Attachments.Add(file);
            db.AttachmentContents.Add(new AttachmentContent { Attachment = file, Data = content });
        }
    }
}
