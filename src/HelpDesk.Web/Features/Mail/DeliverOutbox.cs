using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Infrastructure.Mail;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Mail;

/// <summary>
/// Delivers the e-mails that are due: claims up to <see cref="Command.BatchSize"/> pending rows with
/// FOR UPDATE SKIP LOCKED (so several app instances never send one twice), sends each, and records success, a final
/// failure (a bad address, a refusal) or a retry with backoff. One message's failure, whatever it is, never stops
/// the others. Its cost follows what is due (partial index on pending rows).
/// </summary>
public static class DeliverOutbox
{
    public sealed record Command(int BatchSize = 20) : ICommand<Result>;

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

            int sent = 0, failed = 0;
            foreach (var message in due)
            {
                try
                {
                    await transport.SendAsync(message, cancellationToken);
                    message.MarkSent(now);
                    sent++;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // Whatever one message does wrong, it fails alone: the others of the batch go on and are recorded.
                    var failure = DeliveryFailures.Classify(ex);
                    message.MarkFailed(failure, ex.Message, now);
                    failed++;
                    logger.LogWarning("Outbox message {Id} not delivered (attempt {Attempts}, {Failure}): {Error}", message.Id, message.Attempts, failure, ex.GetType().Name);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            return new Result(sent, failed);
        }
    }
}
