using HelpDesk.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Infrastructure;

/// <summary>
/// How the outbox and the SMS job hand things to the outside world so that an instance killed at any moment loses and
/// doubles nothing: claim the due rows (FOR UPDATE SKIP LOCKED: several instances never take one row twice), count the
/// attempt and lease them, and commit — before anything is sent; then record each outcome the moment its send returns,
/// in its own statement, fenced by the attempt number (the row's concurrency token). A dead instance's rows are due
/// again when their lease ends. What was sent is recorded within one round trip; only a kill in that instant sends again.
/// </summary>
public static class LeasedDelivery
{
    /// <summary>Claims the rows <paramref name="dueSql"/> selects (with FOR UPDATE SKIP LOCKED), keeps those <paramref name="claim"/> accepts, and commits.</summary>
    public static Task<List<T>> ClaimAsync<T>(this HelpDeskDbContext db, FormattableString dueSql, Func<T, bool> claim, CancellationToken cancellationToken)
        where T : class =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var due = await db.Set<T>().FromSql(dueSql).ToListAsync(cancellationToken);
            var claimed = due.Where(claim).ToList();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return claimed;
        });

    /// <summary>
    /// Saves the outcome set on <paramref name="row"/>, even while the instance stops (an outcome that happened is
    /// written); false when its lease had run out and another instance took the row over.
    /// </summary>
    public static async Task<bool> RecordAsync<T>(this HelpDeskDbContext db, T row)
        where T : class
    {
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.Entry(row).State = EntityState.Detached;
            return false;
        }
    }
}
