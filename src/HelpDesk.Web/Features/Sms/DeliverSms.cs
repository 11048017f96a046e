using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Infrastructure.Sms;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Sms;

/// <summary>Delivers the text messages that are due, claimed with FOR UPDATE SKIP LOCKED (never one twice); each fails alone.</summary>
public static class DeliverSms
{
    public sealed record Command(int BatchSize = 50) : ICommand<int>;

    public sealed class Handler(HelpDeskDbContext db, ISmsTransport transport, TimeProvider clock, ILogger<Handler> logger) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var due = await db.SmsMessages
                .FromSql($"SELECT * FROM sms_messages WHERE status = 'Pending' AND next_attempt_at <= {now} ORDER BY next_attempt_at LIMIT {request.BatchSize} FOR UPDATE SKIP LOCKED")
                .ToListAsync(cancellationToken);
            var sent = 0;
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
                    message.MarkFailed(ex.Message, now);
                    logger.LogWarning("SMS {Id} not delivered (attempt {Attempts}): {Error}", message.Id, message.Attempts, ex.GetType().Name);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            return sent;
        }
    }
}
