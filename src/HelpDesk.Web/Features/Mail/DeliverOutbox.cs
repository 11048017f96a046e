using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Infrastructure.Mail;
using MediatR;

namespace HelpDesk.Web.Features.Mail;

/// <summary>
/// Delivers the e-mails that are due, so that an instance killed at any moment loses and doubles nothing
/// (<see cref="LeasedDelivery"/>): claims up to <see cref="Command.BatchSize"/> of them for <see cref="Command.Lease"/>,
/// sends them <see cref="Command.Parallelism"/> at a time (one SMTP connection each; the pace is the job's, see
/// OutboxJob), and records each outcome the moment its send returns: sent, a final failure (a bad address, a refusal)
/// or a retry with backoff. A re-send after a kill in the instant between the two carries the same Message-ID.
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
            return await db.ClaimAsync<OutboxMessage>(
                $"""
                SELECT * FROM outbox_messages
                WHERE status = 'Pending' AND next_attempt_at <= {now}
                ORDER BY next_attempt_at
                LIMIT {request.BatchSize}
                FOR UPDATE SKIP LOCKED
                """,
                message =>
                {
                    var claimed = message.Claim(now, lease);
                    if (!claimed)
                    {
                        logger.LogWarning("Outbox message {Id} given up: interrupted {Attempts} times", message.Id, message.Attempts);
                    }

                    return claimed;
                },
                cancellationToken);
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

            if (await db.RecordAsync(message))
            {
                return true;
            }

            logger.LogWarning("Outbox message {Id}: attempt {Attempts} outlived its lease; another instance has taken it over", message.Id, message.Attempts);
            return false;
        }
    }
}
