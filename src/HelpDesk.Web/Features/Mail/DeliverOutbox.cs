using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Infrastructure.Mail;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Mail;

/// <summary>
/// Delivers the e-mails that are due: claims up to <see cref="Command.BatchSize"/> pending rows with
/// FOR UPDATE SKIP LOCKED (so several app instances never send one twice), sends each, and records success or
/// schedules a retry with backoff. Its cost follows what is due (partial index on pending rows).
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
                catch (Exception ex) when (ex is MailKit.ProtocolException or MailKit.CommandException or System.Net.Sockets.SocketException or IOException or InvalidOperationException or UnauthorizedAccessException or MimeKit.ParseException)
                {
                    message.MarkFailed(ex.Message, now);
                    failed++;
                    logger.LogWarning("Outbox message {Id} not delivered (attempt {Attempts}): {Error}", message.Id, message.Attempts, ex.GetType().Name);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            return new Result(sent, failed);
        }
    }
}
