using System.Net;
using HelpDesk.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HelpDesk.Web.Features.Account;

/// <summary>
/// Failed sign-ins slow down whoever fails, not the account's owner (R14 scale, design.md §7): failures of one e-mail
/// from one address block that pair with a back-off (after <see cref="PairLimit"/>: 1, 2, 4 … 60 minutes), failures
/// from one address over any e-mails block the address (after <see cref="AddressLimit"/>). The owner signing in from
/// elsewhere is not affected. Counts are kept in PostgreSQL (every instance sees them) for a day after the last
/// failure, and count for unknown e-mails exactly as for known ones, so they reveal nothing.
/// </summary>
public sealed class SignInThrottle(HelpDeskDbContext db, TimeProvider clock)
{
    public const int PairLimit = 5;
    public const int AddressLimit = 20;
    private static readonly TimeSpan Memory = TimeSpan.FromDays(1);

    /// <summary>Until when this e-mail may not be tried from this address, if it is blocked.</summary>
    public async Task<DateTimeOffset?> BlockedUntilAsync(string email, IPAddress? address, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var keys = Keys(email, address);
        return await db.Set<SignInFailures>().AsNoTracking()
            .Where(f => keys.Contains(f.Key) && f.BlockedUntil > now)
            .MaxAsync(f => (DateTimeOffset?)f.BlockedUntil, cancellationToken);
    }

    /// <summary>Counts a failure (atomically, in one statement per key) and blocks when a limit is reached.</summary>
    public async Task FailedAsync(string email, IPAddress? address, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var forgotten = now - Memory;
        var keys = Keys(email, address);
        foreach (var (key, limit) in new[] { (keys[0], PairLimit), (keys[1], AddressLimit) })
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO sign_in_failures (key, failures, blocked_until, last_failure_at) VALUES ({key}, 1, NULL, {now})
                ON CONFLICT (key) DO UPDATE SET
                    failures = CASE WHEN sign_in_failures.last_failure_at < {forgotten} THEN 1 ELSE sign_in_failures.failures + 1 END,
                    last_failure_at = {now},
                    blocked_until = CASE
                        WHEN sign_in_failures.last_failure_at >= {forgotten} AND sign_in_failures.failures + 1 >= {limit}
                        THEN {now} + make_interval(mins => least(60, power(2, sign_in_failures.failures + 1 - {limit})::int))
                        ELSE sign_in_failures.blocked_until END
                """, cancellationToken);
        }
    }

    /// <summary>A success forgets this pair's failures (the address's stay: it may be trying others).</summary>
    public Task SucceededAsync(string email, IPAddress? address, CancellationToken cancellationToken)
    {
        var pair = Keys(email, address)[0];
        return db.Set<SignInFailures>().Where(f => f.Key == pair).ExecuteDeleteAsync(cancellationToken);
    }

    private static string[] Keys(string email, IPAddress? address)
    {
        var ip = address?.ToString() ?? "unknown";
        var who = email.Trim().ToUpperInvariant();
        return [$"pair:{(who.Length > 150 ? who[..150] : who)}|{ip}", $"address:{ip}"];
    }
}

/// <summary>Failed sign-ins of one key (an e-mail from an address, or an address) and until when it is blocked.</summary>
public sealed class SignInFailures
{
    public string Key { get; set; } = string.Empty;

    public int Failures { get; set; }

    public DateTimeOffset? BlockedUntil { get; set; }

    public DateTimeOffset LastFailureAt { get; set; }
}

internal sealed class SignInFailuresConfiguration : IEntityTypeConfiguration<SignInFailures>
{
    public void Configure(EntityTypeBuilder<SignInFailures> builder)
    {
        builder.ToTable("sign_in_failures");
        builder.HasKey(f => f.Key);
        builder.Property(f => f.Key).HasMaxLength(200);
    }
}
