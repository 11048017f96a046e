using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Channels.WeChat;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Channels.Outbound;

/// <summary>
/// Delivers the replies due to WeChat and the IM gateways as the outbox delivers e-mail (<see cref="LeasedDelivery"/>:
/// claimed under a lease and committed before sending, each outcome recorded the moment its send returns, fenced by the
/// attempt number). A WeChat reply whose customer wrote last more than the reply window ago is not sent (WeChat refuses
/// it, 45015): it fails at once, and the reply box had already said so. Not an <c>ICommand</c> (no transaction around the sending).
/// </summary>
public static class DeliverReplies
{
    public sealed record Command(int BatchSize = 50, TimeSpan? Lease = null) : IRequest<Result>;

    public sealed record Result(int Sent, int Failed);

    public sealed class Handler(
        HelpDeskDbContext db, ChannelSecrets secrets, WeChatApi weChat, ImReplyWebhook im, ReplyWindow window, IOptions<ChannelOptions> options, TimeProvider clock, ILogger<Handler> logger)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var lease = request.Lease ?? TimeSpan.FromMinutes(2);
            var due = await db.ClaimAsync<ChannelDelivery>(
                $"""
                SELECT * FROM channel_deliveries
                WHERE status = 'Pending' AND next_attempt_at <= {now}
                ORDER BY next_attempt_at
                LIMIT {request.BatchSize}
                FOR UPDATE SKIP LOCKED
                """,
                d => d.Claim(now, lease),
                cancellationToken);
            int sent = 0, failed = 0;
            foreach (var delivery in due)
            {
                Exception? error = null;
                try
                {
                    await SendAsync(delivery, cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    error = ex;
                }

                var at = clock.GetUtcNow();
                if (error is null)
                {
                    delivery.MarkSent(at);
                    sent++;
                }
                else
                {
                    delivery.MarkFailed(error is DeliveryException { Final: true }, error.Message, at);
                    logger.LogWarning("Reply delivery {Id} via {Gateway} failed (attempt {Attempts}): {Error}", delivery.Id, delivery.Gateway, delivery.Attempts, error.Message);
                    failed++;
                }

                await db.RecordAsync(delivery);
            }

            return new Result(sent, failed);
        }

        private async Task SendAsync(ChannelDelivery delivery, CancellationToken cancellationToken)
        {
            if (delivery.Gateway == WeChatWebhook.Gateway)
            {
                if (await window.ClosedSinceAsync(WeChatWebhook.Gateway + ":" + delivery.Recipient, cancellationToken) is not null)
                {
                    throw new DeliveryException("The customer's last WeChat message is older than the reply window (45015).", final: true);
                }

                await weChat.SendTextAsync(await secrets.WeChatAsync(cancellationToken), delivery.Recipient, delivery.Body, cancellationToken);
                return;
            }

            if (!options.Value.Im.Gateways.TryGetValue(delivery.Gateway, out var gateway) || gateway.ReplyUrl.Length == 0)
            {
                throw new DeliveryException($"No reply URL for gateway {delivery.Gateway}.", final: true);
            }

            await im.SendAsync(gateway.ReplyUrl, await secrets.CurrentAsync(ChannelSecrets.ImWebhook, cancellationToken), delivery, cancellationToken);
        }
    }
}
