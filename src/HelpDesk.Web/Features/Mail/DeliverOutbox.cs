using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure.Mail;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Mail;

/// <summary>
/// Delivers the e-mails that are due, so that an instance killed at any moment loses and doubles nothing:
/// <list type="number">
/// <item>Claim: up to <see cref="Command.BatchSize"/> due rows, taken with FOR UPDATE SKIP LOCKED (several instances
/// never take one row twice), are leased for <see cref="Command.Lease"/> and the attempt counted — committed before
/// anything is sent. A dead instance's claims are due again when their lease ends.</item>
/// <item>Send, <see cref="Command.Parallelism"/> at a time (one SMTP connection each; the pace is the job's, see OutboxJob).</item>
/// <item>Record each e-mail's outcome the moment its send returns (sent, a final failure such as a bad address, or a
/// retry with backoff), in its own statement, fenced by the attempt number. What is sent is recorded within one round
/// trip; only a kill in that instant can send an e-mail again, and then with the same Message-ID.</item>
/// </list>
/// Not an <c>ICommand</c>: the claim and every record commit on their own, never as one transaction around the sending.
/// One message's failure, whatever it is, never stops the others. Its cost follows what is due (partial index on pending rows).
/// </summary>
public static class DeliverOutbox
{
    public sealed record Command(int BatchSize = 200, int Parallelism = 8, TimeSpan? Lease = null) : IRequest<Result>;

    public sealed record Result(int Sent, int Failed);

    public sealed class Handler(HelpDeskDbContext db, IMailTransport transport, TimeProvider clock, ILogger<Handler> logger) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var due = await ClaimAsync(request, cancellationToken);

            // Sent in parallel; each outcome recorded at once, one at a time (the context is not thread-safe).
            using var recording = new SemaphoreSlim(1);
            int sent = 0, failed = 0;
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.Parallelism), CancellationToken = cancellationToken }, async (message, ct) =>
            {
                Exception? error = null;
                try
                {
                    await transport.SendAsync(message, ct);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    error = ex;
                }

                await recording.WaitAsync(CancellationToken.None);
                try
                {
                    if (await RecordAsync(message, error))
                    {
                        _ = error is null ? Interlocked.Increment(ref sent) : Interlocked.Increment(ref failed);
                    }
                }
                finally
                {
                    recording.Release();
                }
            });

            return new Result(sent, failed);
        }

        private async Task<List<OutboxMessage>> ClaimAsync(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var lease = request.Lease ?? TimeSpan.FromMinutes(5);
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var due = await db.OutboxMessages
                    .FromSql($"""
                        SELECT * FROM outbox_messages
                        WHERE status = 'Pending' AND next_attempt_at <= {now}
                        ORDER BY next_attempt_at
                        LIMIT {request.BatchSize}
                        FOR UPDATE SKIP LOCKED
                        """)
                    .ToListAsync(cancellationToken);
                var claimed = due.Where(m => m.Claim(now, lease)).ToList();
                foreach (var abandoned in due.Except(claimed))
                {
                    logger.LogWarning("Outbox message {Id} given up: interrupted {Attempts} times", abandoned.Id, abandoned.Attempts);
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return claimed;
            });
        }

        /// <summary>Writes the attempt's outcome; false when the lease had run out and another instance took the e-mail over.</summary>
        private async Task<bool> RecordAsync(OutboxMessage message, Exception? error)
        {
            var now = clock.GetUtcNow();
            if (error is null)
            {
                message.MarkSent(now);
            }
            else
            {
                // Whatever one message does wrong, it fails alone: the others of the batch go on and are recorded.
                var failure = DeliveryFailures.Classify(error);
                message.MarkFailed(failure, error.Message, now);
                logger.LogWarning("Outbox message {Id} not delivered (attempt {Attempts}, {Failure}): {Error}", message.Id, message.Attempts, failure, error.GetType().Name);
            }

            try
            {
                // Not the job's token: an outcome that happened is written even while the instance stops.
                await db.SaveChangesAsync(CancellationToken.None);
                return true;
            }
            catch (DbUpdateConcurrencyException)
            {
                logger.LogWarning("Outbox message {Id}: attempt {Attempts} outlived its lease; another instance has taken it over", message.Id, message.Attempts);
                db.Entry(message).State = EntityState.Detached;
                return false;
            }
        }
    }
}
