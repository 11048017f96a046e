using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Infrastructure.Sms;
using MediatR;

namespace HelpDesk.Web.Features.Sms;

/// <summary>
/// Delivers the text messages that are due, one after another, each claimed, sent and recorded so that an instance
/// killed at any moment loses and doubles nothing (<see cref="LeasedDelivery"/>); each fails alone. Not an
/// <c>ICommand</c>: the claim and every record commit on their own.
/// </summary>
public static class DeliverSms
{
    public sealed record Command(int BatchSize = 50) : IRequest<int>;

    public sealed class Handler(HelpDeskDbContext db, ISmsTransport transport, TimeProvider clock, ILogger<Handler> logger) : IRequestHandler<Command, int>
    {
        /// <summary>Longer than a gateway call ever takes; a dead instance's codes go out after this.</summary>
        private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var due = await db.ClaimAsync<SmsMessage>(
                $"SELECT * FROM sms_messages WHERE status = 'Pending' AND next_attempt_at <= {now} ORDER BY next_attempt_at LIMIT {request.BatchSize} FOR UPDATE SKIP LOCKED",
                message => message.Claim(now, Lease),
                cancellationToken);
            var sent = 0;
            foreach (var message in due)
            {
                try
                {
                    await transport.SendAsync(message, cancellationToken);
                    message.MarkSent(clock.GetUtcNow());
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    message.MarkFailed(ex.Message, clock.GetUtcNow());
                    logger.LogWarning("SMS {Id} not delivered (attempt {Attempts}): {Error}", message.Id, message.Attempts, ex.GetType().Name);
                }

                if (await db.RecordAsync(message) && message.SentAt is not null)
                {
                    sent++;
                }
            }

            return sent;
        }
    }
}
