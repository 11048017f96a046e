using System.Globalization;
using System.Net;
using System.Text.Json;

namespace HelpDesk.Web.Features.Channels.Outbound;

/// <summary>
/// The outbound IM webhook, version 1: an agent's public reply POSTed as JSON (<see cref="ReplyBody"/>) to the
/// gateway's <c>HelpDesk:Channels:Im:Gateways:{name}:ReplyUrl</c>, signed exactly like the inbound webhook
/// (<see cref="WebhookSignature"/>: <c>X-HelpDesk-Timestamp</c>, <c>X-HelpDesk-Signature: sha256=…</c> with the IM
/// webhook secret in force), with <c>X-HelpDesk-Delivery</c> (the same on every retry: the gateway's idempotency key).
/// 2xx: delivered; 5xx, 408, 429 or no answer: tried again later; any other 4xx: refused for good.
/// </summary>
public sealed class ImReplyWebhook(IHttpClientFactory clients, TimeProvider clock)
{
    public const string Client = "im-replies";
    public const string DeliveryHeader = "X-HelpDesk-Delivery";

    public sealed record RecipientBody(string Id);

    /// <summary>One reply. <c>id</c> is the desk's (stable across retries); <c>conversationId</c> the one the customer wrote in.</summary>
    public sealed record ReplyBody(int Version, string Id, string Gateway, string? ConversationId, RecipientBody Recipient, string Text, string Ticket, DateTimeOffset SentAt);

    public static ReplyBody Body(ChannelDelivery delivery) => new(
        1, "reply-" + delivery.Id.ToString(CultureInfo.InvariantCulture), delivery.Gateway, delivery.Conversation, new RecipientBody(delivery.Recipient), delivery.Body, delivery.TicketNumber, delivery.CreatedAt);

    public async Task SendAsync(string url, string secret, ChannelDelivery delivery, CancellationToken cancellationToken)
    {
        var raw = JsonSerializer.SerializeToUtf8Bytes(Body(delivery), JsonSerializerOptions.Web);
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(raw) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.TimestampHeader, now.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, now, raw));
        request.Headers.Add(DeliveryHeader, Body(delivery).Id);
        using var response = await clients.CreateClient(Client).SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var transient = response.StatusCode >= HttpStatusCode.InternalServerError || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
        throw new DeliveryException($"Gateway HTTP {(int)response.StatusCode}", final: !transient);
    }
}
