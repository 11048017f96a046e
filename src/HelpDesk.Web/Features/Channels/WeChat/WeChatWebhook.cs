using System.Globalization;
using System.Text;
using HelpDesk.Domain.Channels;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Features.Channels.Mail;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Channels.WeChat;

/// <summary>
/// <c>/api/v1/channels/wechat</c>, the Official Account's server URL. GET is WeChat's handshake: the SHA-1 of the
/// sorted token/timestamp/nonce must match <c>signature</c>, then <c>echostr</c> is echoed. POST is one message: the
/// same signature, and in safe mode (an EncodingAESKey is set; plain messages are then refused) <c>msg_signature</c>
/// over the encrypted XML, which is decrypted with AES-256-CBC. Text and image messages go through the one
/// <see cref="Receive"/> slice (idempotent on <c>wechat:{MsgId}</c>: WeChat's retries land once); the openid is the
/// customer's contact (<c>Social wechat:{openid}</c>) and their conversation. The answer is an empty 200 — WeChat wants
/// one within 5 s; the reply goes later through the customer-service API (<see cref="Outbound.DeliverReplies"/>).
/// Refusals write nothing: 401 bad or stale signature, 413 too large, 400 malformed or undecryptable XML.
/// </summary>
public static class WeChatWebhook
{
    public const string Path = "/api/v1/channels/wechat";
    public const string Gateway = "wechat";

    public static void MapWeChatWebhook(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, async (HttpContext http, ChannelSecrets secrets, IOptions<ChannelOptions> options, TimeProvider clock, IStringLocalizer<Strings> l) =>
            {
                var account = await secrets.WeChatAsync(http.RequestAborted);
                if (!account.Enabled)
                {
                    return Results.NotFound();
                }

                var q = http.Request.Query;
                return Refusal(account, q["signature"], q["timestamp"], q["nonce"], clock, options.Value.ReplayWindowSeconds, l)
                    ?? Results.Text(q["echostr"].ToString(), "text/plain", Encoding.UTF8);
            })
            .WithName("WeChatHandshake")
            .WithSummary("WeChat server-URL verification: echoes echostr when signature = SHA-1(sorted token, timestamp, nonce).")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        app.MapPost(Path, async (HttpContext http, ChannelSecrets secrets, IMediator mediator, IOptions<ChannelOptions> options, TimeProvider clock, IStringLocalizer<Strings> l) =>
            {
                var account = await secrets.WeChatAsync(http.RequestAborted);
                if (!account.Enabled)
                {
                    return Results.NotFound();
                }

                var q = http.Request.Query;
                if (Refusal(account, q["signature"], q["timestamp"], q["nonce"], clock, options.Value.ReplayWindowSeconds, l) is { } refused)
                {
                    return refused;
                }

                var max = options.Value.WeChat.MaxBodyBytes;
                var raw = await WebhookSignature.ReadAsync(http.Request, max, http.RequestAborted);
                if (raw is null)
                {
                    return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: l["webhook.too_large", max]);
                }

                if (WeChatProtocol.Fields(Encoding.UTF8.GetString(raw)) is not { } envelope)
                {
                    return Malformed(l, "xml");
                }

                var fields = envelope;
                var xml = raw;
                if (account.SafeMode)
                {
                    if (q["encrypt_type"] != "aes" || !envelope.TryGetValue("Encrypt", out var encrypted) || encrypted.Length == 0)
                    {
                        return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: l["wechat.webhook.plain"]);
                    }

                    if (!WeChatProtocol.Verify(q["msg_signature"], account.Token, q["timestamp"].ToString(), q["nonce"].ToString(), encrypted))
                    {
                        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: l["webhook.signature"]);
                    }

                    if (WeChatProtocol.Decrypt(account.EncodingAesKey, account.AppId, encrypted) is not { } inner || WeChatProtocol.Fields(inner) is not { } decrypted)
                    {
                        return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: l["wechat.webhook.decrypt"]);
                    }

                    (fields, xml) = (decrypted, Encoding.UTF8.GetBytes(inner));
                }
                else if (q["encrypt_type"] == "aes")
                {
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: l["wechat.webhook.no_key"]);
                }

                var type = fields.GetValueOrDefault("MsgType");
                if (type is not ("text" or "image"))
                {
                    // Events (subscribe, menu clicks) and kinds the desk does not take yet: acknowledged, nothing written.
                    return Results.Text(string.Empty, "text/plain");
                }

                if (Problem(fields) is { } field)
                {
                    return Malformed(l, field);
                }

                var openId = fields["FromUserName"].Trim();
                var text = type == "text" ? MailParser.Clean(fields["Content"]) : $"[{l["wechat.image"]}] {fields["PicUrl"].Trim()}";
                var message = new InboundMessage(
                    Channel.Social,
                    $"{Gateway}:{fields["MsgId"].Trim()}",
                    [new SenderIdentity(ContactKind.Social, $"{Gateway}:{openId}")],
                    l["wechat.customer_name", openId.Length > 6 ? openId[^6..] : openId],
                    null,
                    text,
                    new ThreadHints([], [], null, $"{Gateway}:{openId}"),
                    xml,
                    clock.GetUtcNow()) { Source = Gateway };
                await MailWebhook.ReceiveAsync(mediator, message, http.RequestAborted);
                return Results.Text(string.Empty, "text/plain");
            })
            .WithName("ReceiveWeChatMessage")
            .WithSummary("Receive one WeChat Official Account message (XML, plain or safe mode); answers an empty 200.")
            .Accepts<string>("text/xml")
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
    }

    private static IResult? Refusal(WeChatAccount account, string? signature, string? timestamp, string? nonce, TimeProvider clock, int windowSeconds, IStringLocalizer<Strings> l)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || string.IsNullOrEmpty(nonce) || string.IsNullOrEmpty(signature))
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: l["wechat.webhook.unsigned"]);
        }

        if (!WeChatProtocol.Verify(signature, account.Token, timestamp, nonce))
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: l["webhook.signature"]);
        }

        return Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - seconds) > windowSeconds
            ? Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: l["webhook.stale"])
            : null;
    }

    /// <summary>The first field a text or image message lacks or has wrong; null when it is fine.</summary>
    private static string? Problem(IReadOnlyDictionary<string, string> f)
    {
        static bool Bad(string? v, int max) => string.IsNullOrWhiteSpace(v) || v.Trim().Length > max || !Domain.Common.Text.IsClean(v.Trim());
        return Bad(f.GetValueOrDefault("FromUserName"), 100) ? "FromUserName"
            : Bad(f.GetValueOrDefault("MsgId"), 64) ? "MsgId"
            : f["MsgType"] == "text" && (Bad(f.GetValueOrDefault("Content"), TicketMessage.BodyMaxLength) || !Domain.Common.Text.IsClean(f["Content"])) ? "Content"
            : f["MsgType"] == "image" && (Bad(f.GetValueOrDefault("PicUrl"), 1000) || !Uri.TryCreate(f["PicUrl"].Trim(), UriKind.Absolute, out _)) ? "PicUrl"
            : null;
    }

    private static IResult Malformed(IStringLocalizer<Strings> l, string field) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: l["wechat.webhook.malformed", field], extensions: new Dictionary<string, object?> { ["field"] = field });
}
