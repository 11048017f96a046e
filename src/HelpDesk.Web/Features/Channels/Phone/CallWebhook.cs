using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Channels.Phone;

/// <summary>"HelpDesk:Channels:Phone": the telephony system's call-event webhook.</summary>
public sealed class PhoneOptions
{
    public const string Section = "HelpDesk:Channels:Phone";

    /// <summary>Secret of <c>POST /api/v1/channels/phone/events</c> (HMAC-SHA256 of "timestamp.body"); empty: the webhook is off.</summary>
    public string WebhookSecret { get; set; } = string.Empty;

    /// <summary>A missed call becomes a call-back task due this many minutes later.</summary>
    [Range(1, 10_080)]
    public int CallBackWithinMinutes { get; set; } = 60;
}

/// <summary>
/// <c>POST /api/v1/channels/phone/events</c>, version 1: what a telephony (CTI) system sends as a call goes on —
/// <c>ringing</c>, <c>answered</c>, <c>hungup</c> — signed like every webhook (<see cref="WebhookSignature"/>). The
/// agent is named by their sign-in e-mail (the CTI's extension → e-mail mapping is the CTI's). Refusals write nothing:
/// 404 while no secret is configured, 401 for a bad or stale signature, 413 over 16 KB, 400 naming the field.
/// </summary>
public static class CallWebhook
{
    public const string Path = "/api/v1/channels/phone/events";
    public const int MaxBytes = 16 * 1024;

    /// <summary>One call event. <c>event</c>: ringing | answered | hungup; <c>durationSeconds</c> and <c>recordingUrl</c> with hungup.</summary>
    public sealed record EventBody(int Version, string? CallId, string? Event, string? From, string? Agent, DateTimeOffset? At, int? DurationSeconds, string? RecordingUrl);

    public sealed record Answer(string CallId, string State, bool Changed, string? TicketNumber);

    public static void MapCallWebhook(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, async (HttpContext http, IMediator mediator, IOptions<PhoneOptions> phone, IOptions<ChannelOptions> channels, IOptions<JsonOptions> json, TimeProvider clock, IStringLocalizer<Strings> l) =>
            {
                if (phone.Value.WebhookSecret.Length == 0)
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
                if (WebhookSignature.Check(phone.Value.WebhookSecret, headers[WebhookSignature.TimestampHeader], headers[WebhookSignature.SignatureHeader], raw, now, channels.Value.ReplayWindowSeconds) is { } refused)
                {
                    return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: l[refused]);
                }

                EventBody? body;
                try
                {
                    body = JsonSerializer.Deserialize<EventBody>(raw, json.Value.SerializerOptions);
                }
                catch (JsonException ex)
                {
                    return Malformed(l, ex.Path ?? "$");
                }

                if (Problem(body) is { } field)
                {
                    return Malformed(l, field);
                }

                var kind = Enum.Parse<CallEvent.Kind>(body!.Event!, ignoreCase: true);
                var result = await mediator.Send(new CallEvent.Command(body.CallId!.Trim(), kind, body.From!.Trim(), body.Agent?.Trim(), (body.At ?? now).ToUniversalTime(), body.DurationSeconds, body.RecordingUrl?.Trim(), raw), http.RequestAborted);
                return Results.Ok(new Answer(body.CallId.Trim(), result.State.ToString(), result.Changed, result.TicketNumber));
            })
            .WithName("ReceiveCallEvent")
            .WithSummary("Receive one call event (ringing, answered, hungup) from the telephony system (JSON, version 1), HMAC-signed with a timestamp.")
            .Accepts<EventBody>("application/json")
            .Produces<Answer>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

    private static string? Problem(EventBody? body) => body switch
    {
        null => "$",
        { Version: not 1 } => "version",
        { CallId: null } => "callId",
        _ when body.CallId.Trim() is { Length: 0 or > Domain.Channels.PhoneCall.CallIdMaxLength } => "callId",
        _ when !Enum.TryParse<CallEvent.Kind>(body.Event, ignoreCase: true, out _) || int.TryParse(body.Event, out _) => "event",
        _ when Domain.Customers.CustomerContact.Normalize(Domain.Customers.ContactKind.Phone, body.From ?? string.Empty) is { Length: < 3 or > 20 } => "from",
        { Agent.Length: > 256 } => "agent",
        { DurationSeconds: < 0 or > 86_400 } => "durationSeconds",
        { RecordingUrl: { } url } when url.Length > Domain.Channels.PhoneCall.RecordingMaxLength
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) => "recordingUrl",
        _ => null,
    };

    private static IResult Malformed(IStringLocalizer<Strings> l, string field) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: l["webhook.im.malformed", field], extensions: new Dictionary<string, object?> { ["field"] = field });
}
