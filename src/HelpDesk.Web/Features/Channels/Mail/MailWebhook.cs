using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Channels.Mail;

/// <summary>
/// <c>POST /api/v1/channels/mail</c>: a provider that pushes mail sends the raw MIME (<c>message/rfc822</c>), signed
/// (<see cref="WebhookSignature"/>) with <c>HelpDesk:Channels:Mail:WebhookSecret</c>. Refusals write nothing: 413 over
/// <c>MaxMessageBytes</c>, 401 unsigned, wrongly signed or outside the replay window, 400 when it is not an e-mail with
/// a From address. Otherwise 200 with what became of it; the same mail again is a 200 with <c>duplicate: true</c>.
/// </summary>
public static class MailWebhook
{
    public const string Path = "/api/v1/channels/mail";

    public sealed record Answer(bool Duplicate, InboundOutcome Outcome, string? Ticket, string? Reason);

    public static void MapMailWebhook(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, async (HttpContext http, IMediator mediator, ChannelSecrets secrets, IOptions<ChannelOptions> options, TimeProvider clock, IStringLocalizer<Strings> l) =>
            {
                var settings = options.Value;
                var accepted = await secrets.AcceptedAsync(ChannelSecrets.MailWebhook, http.RequestAborted);
                if (accepted.Count == 0)
                {
                    return Results.NotFound();
                }

                var body = await WebhookSignature.ReadAsync(http.Request, settings.Mail.MaxMessageBytes, http.RequestAborted);
                if (body is null)
                {
                    return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: l["webhook.too_large", settings.Mail.MaxMessageBytes]);
                }

                var now = clock.GetUtcNow();
                var headers = http.Request.Headers;
                if (WebhookSignature.CheckAny(accepted, headers[WebhookSignature.TimestampHeader], headers[WebhookSignature.SignatureHeader], body, now, settings.ReplayWindowSeconds) is { } refused)
                {
                    return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: l[refused]);
                }

                if (MailParser.Parse(body, "webhook", now) is not { } message)
                {
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: l["webhook.mail.malformed"]);
                }

                return Results.Ok(await ReceiveAsync(mediator, message, http.RequestAborted));
            })
            .WithName("ReceiveMail")
            .WithSummary("Receive one raw e-mail (message/rfc822) pushed by a mail provider, HMAC-signed with a timestamp.")
            .Accepts<byte[]>("message/rfc822")
            .Produces<Answer>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

    /// <summary>Two first deliveries of one new sender at once: the loser of the customer's unique contact tries again.</summary>
    public static async Task<Answer> ReceiveAsync(IMediator mediator, InboundMessage message, CancellationToken cancellationToken)
    {
        Receive.Result result;
        try
        {
            result = await mediator.Send(new Receive.Command(message), cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            result = await mediator.Send(new Receive.Command(message), cancellationToken);
        }

        return new Answer(result.Duplicate, result.Outcome, result.TicketNumber, result.Reason);
    }
}
