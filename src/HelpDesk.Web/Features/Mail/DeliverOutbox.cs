using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Infrastructure.Mail;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Mail;

/// <summary>
/// Delivers the e-mails that are due: claims up to <see cref="Command.BatchSize"/> pending rows with
/// FOR UPDATE SKIP LOCKED (so several app instances never send one twice), sends them <see cref="Command.Parallelism"/>
/// at a time (one SMTP connection each; the pace is the job's, see OutboxJob), and records success, a final
/// failure (a bad address, a refusal) or a retry with backoff. One message's failure, whatever it is, never stops
/// the others. Its cost follows what is due (partial index on pending rows).
/// </summary>
public static class DeliverOutbox
{
    public sealed record Command(int BatchSize = 200, int Parallelism = 8) : ICommand<Result>;

    public sealed record Result(int Sent, int Failed);

    public sealed class Handler(HelpDeskDbContext db, IMailTransport transport, TimeProvider clock, ILogger<Handler> logger) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var due = await db.OutboxMessages
                .FromSql($"""
                    SELECT * FROM outbox_messages
                    WHERE status = 'Pending' AND next_attempt_at <= {now}
                    ORDER BY next_attempt_at
                    LIMIT {request.BatchSize}
                    FOR UPDATE SKIP LOCKED
                    """)
                .ToListAsync(cancellationToken);

            // Sent in parallel; recorded one by one afterwards (the context is not thread-safe).
            var outcomes = new Exception?[due.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, due.Count), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.Parallelism), CancellationToken = cancellationToken }, async (i, ct) =>
            {
                try
                {
                    await transport.SendAsync(due[i], ct);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    outcomes[i] = ex;
                }
            });

            int sent = 0, failed = 0;
            for (var i = 0; i < due.Count; i++)
            {
                var message = due[i];
                if (outcomes[i] is not { } ex)
                {
                    message.MarkSent(now);
                    sent++;
                    continue;
                }

                // Whatever one message does wrong, it fails alone: the others of the batch go on and are recorded.
                var failure = DeliveryFailures.Classify(ex);
                message.MarkFailed(failure, ex.Message, now);
                failed++;
                logger.LogWarning("Outbox message {Id} not delivered (attempt {Attempts}, {Failure}): {Error}", message.Id, message.Attempts, failure, ex.GetType().Name);
            }

            await db.SaveChangesAsync(cancellationToken);
            return new Result(sent, failed);
        }
    }
}
