using System.Text.Json;
using System.Text.RegularExpressions;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Features.Channels.Mail;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Channels;

/// <summary>
/// <c>POST /api/v1/channels/im/{gateway}</c>, version 1: any IM or social gateway (Weibo, Douyin, the shop app's IM)
/// delivers one customer message as JSON, signed like every webhook (<see cref="WebhookSignature"/>, the secret
/// stored on /admin/channels, else <c>HelpDesk:Channels:Im:WebhookSecret</c>; <c>wechat</c> is not a gateway name here). The sender is known by the gateway's user id (<c>{gateway}:{id}</c>, a
/// Social contact of the customer); a phone or e-mail the gateway passes on (sender.phone, sender.email) is not proof: it links
/// nothing and, when another customer holds it, suggests a merge (issue 13 item 7). Messages of
/// one conversation join its ticket; (gateway, id) is the idempotency key. Refusals write nothing (401, 413, 400 naming
/// the field). Agents' replies go back by the outbound webhook (<see cref="Outbound.ImReplyWebhook"/>).
/// </summary>
public static partial class ImWebhook
{
    public const string Path = "/api/v1/channels/im/{gateway}";
    public const int MaxBytes = 64 * 1024;

    /// <summary>
    /// The sender: the gateway's user id (verified: the gateway vouches for it), a display name, and optionally the
    /// phone number or e-mail address the user gave on that platform — unverified claims, which never link the message
    /// to the customer holding them but suggest a merge to the agents.
    /// </summary>
    public sealed record SenderBody(string? Id, string? Name, string? Phone = null, string? Email = null);

    /// <summary>One inbound message. <c>version</c> must be 1; <c>id</c> is the gateway's message id.</summary>
    public sealed record MessageBody(int Version, string? Id, string? ConversationId, SenderBody? Sender, string? Text, DateTimeOffset? SentAt);

    public static void MapImWebhook(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, async (string gateway, HttpContext http, IMediator mediator, ChannelSecrets secrets, IOptions<ChannelOptions> options, IOptions<JsonOptions> json, TimeProvider clock, IStringLocalizer<Strings> l) =>
            {
                var settings = options.Value;
                var accepted = await secrets.AcceptedAsync(ChannelSecrets.ImWebhook, http.RequestAborted);
                if (accepted.Count == 0 || !GatewayName().IsMatch(gateway) || gateway == WeChat.WeChatWebhook.Gateway)
                {
                    return Results.NotFound();
                }

                var raw = await WebhookSignature.ReadAsync(http.Request, MaxBytes, http.RequestAborted);
                if (raw is null)
                {
                    return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: l["webhook.too_large", MaxBytes]);
                }

                var now = clock.GetUtcNow();
                var headers = http.Request.Headers;
                if (WebhookSignature.CheckAny(accepted, headers[WebhookSignature.TimestampHeader], headers[WebhookSignature.SignatureHeader], raw, now, settings.ReplayWindowSeconds) is { } refused)
                {
                    return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: l[refused]);
                }

                MessageBody? body;
                try
                {
                    body = JsonSerializer.Deserialize<MessageBody>(raw, json.Value.SerializerOptions);
                }
                catch (JsonException ex)
                {
                    return Malformed(l, ex.Path ?? "$");
                }

                if (Problem(body) is { } field)
                {
                    return Malformed(l, field);
                }

                var message = new InboundMessage(
                    Channel.Social,
                    $"{gateway}:{body!.Id!.Trim()}",
                    [
                        new SenderIdentity(ContactKind.Social, $"{gateway}:{body.Sender!.Id!.Trim()}"),
                        .. body.Sender.Phone is { Length: > 0 } phone ? [new SenderIdentity(ContactKind.Phone, phone, Verified: false)] : Array.Empty<SenderIdentity>(),
                        .. body.Sender.Email is { Length: > 0 } email ? [new SenderIdentity(ContactKind.Email, email, Verified: false)] : Array.Empty<SenderIdentity>(),
                    ],
                    body.Sender.Name,
                    null,
                    MailParser.Clean(body.Text!),
                    new ThreadHints([], [], null, body.ConversationId is { Length: > 0 } c ? $"{gateway}:{c.Trim()}" : null),
                    raw,
                    now) { Source = gateway };
                return Results.Ok(await MailWebhook.ReceiveAsync(mediator, message, http.RequestAborted));
            })
            .WithName("ReceiveImMessage")
            .WithSummary("Receive one customer message from an IM or social gateway (JSON, version 1), HMAC-signed with a timestamp.")
            .Accepts<MessageBody>("application/json")
            .Produces<MailWebhook.Answer>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

    private static string? Problem(MessageBody? body) => body switch
    {
        null => "$",
        { Version: not 1 } => "version",
        { Id: null or { Length: 0 or > 100 } } => "id",
        { ConversationId.Length: > 100 } => "conversationId",
        { Sender: null } => "sender",
        { Sender.Id: null or { Length: 0 or > 100 } } => "sender.id",
        { Sender.Name.Length: > 100 } => "sender.name",
        { Sender.Phone.Length: > 40 } => "sender.phone",
        { Sender.Email.Length: > 200 } => "sender.email",
        { Text: null } => "text",
        _ when string.IsNullOrWhiteSpace(body.Text) || body.Text.Length > TicketMessage.BodyMaxLength => "text",
        _ when body.Id.Trim().Length == 0 || body.Sender.Id.Trim().Length == 0 => "id",
        _ => null,
    };

    private static IResult Malformed(IStringLocalizer<Strings> l, string field) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: l["webhook.im.malformed", field], extensions: new Dictionary<string, object?> { ["field"] = field });

    [GeneratedRegex("^[a-z0-9-]{1,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex GatewayName();
}
