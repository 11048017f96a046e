using System.Text;
using FluentValidation;
using HelpDesk.Domain.Chat;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Channels;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Chat;

/// <summary>
/// The customer writes in the widget (text, or a photo over <c>POST /api/v1/chat/photos</c>). The message goes through
/// the one inbound slice, <see cref="Receive"/>, as channel Chat: its external id is the chat plus the widget's own id
/// for the message, so a message the widget sends again after a reconnect lands once; the chat's id is the
/// conversation, so the chat stays on one ticket; the customer is found by their chat identity (the shop's user id and
/// e-mail when signed, else the visitor). The first message routes the chat (<see cref="ChatRouting"/>).
/// A photo must be an image by its content (jpeg, png, gif, webp) and within <c>PhotoMaxBytes</c>.
/// </summary>
public static class Send
{
    public sealed record Command(string? Session, string? ClientId, string? Text, Upload? Photo = null) : ICommand<Sent>;

    /// <summary>The message's id on the timeline (null when dropped, a flood), and where the chat stands now.</summary>
    public sealed record Sent(long? MessageId, bool Duplicate, string State, string? Acknowledgement);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<Strings> l, IOptions<ChatOptions> options)
        {
            RuleFor(c => c.ClientId).Matches("^[A-Za-z0-9-]{8,40}$").NotNull().WithMessage(_ => l["chat.client_id"]);
            RuleFor(c => c.Text).Must((c, t) => !string.IsNullOrWhiteSpace(t) || c.Photo is not null).WithMessage(_ => l["chat.text.required"])
                .MaximumLength(TicketMessage.BodyMaxLength).WithMessage(_ => l["reply.body.too_long", TicketMessage.BodyMaxLength])
                .Must(t => t is null || Text.IsClean(t)).WithMessage(_ => l["text.invalid_characters"]);
            RuleFor(c => c.Photo!.Content).Must(b => b.Length > 0 && b.Length <= options.Value.PhotoMaxBytes)
                .WithMessage(_ => l["chat.photo.too_large", options.Value.PhotoMaxBytes / 1024]).When(c => c.Photo is not null);
            RuleFor(c => c.Photo!.Content).Must(b => FileTypes.Detect(b)?.StartsWith("image/", StringComparison.Ordinal) == true)
                .WithMessage(_ => l["chat.photo.type"]).When(c => c.Photo is not null);
        }
    }

    public sealed class Handler(HelpDeskDbContext db, IMediator mediator, ChatKeys keys, ChatRouting routing, IOptions<ChatOptions> options, TimeProvider clock, IStringLocalizer<Strings> l)
        : IRequestHandler<Command, Sent>
    {
        public async Task<Sent> Handle(Command request, CancellationToken cancellationToken)
        {
            var session = await Start.SessionAsync(db, keys, request.Session, cancellationToken) ?? throw new NotFoundException("chat.not_found");
            if (!session.IsOpen)
            {
                throw new DomainException("chat.ended");
            }

            var now = clock.GetUtcNow();
            var text = string.IsNullOrWhiteSpace(request.Text) ? l["chat.photo_only"].Value : request.Text.Trim();
            var conversation = $"chat:{session.PublicId:N}";
            var message = new InboundMessage(Channel.Chat, $"{conversation}:{request.ClientId}", Senders(session), session.CustomerName, null,
                Channels.Mail.MailParser.Clean(text), new ThreadHints([], [], null, conversation), Encoding.UTF8.GetBytes(text), now)
            {
                Source = "chat",
                SenderCap = options.Value.PerVisitorPerHour,
                Attachments = request.Photo is { } photo ? [photo with { FileName = "photo" + Extension(photo.Content) }] : [],
            };
            var received = await mediator.Send(new Receive.Command(message), cancellationToken);
            if (received.TicketNumber is null || !Ticket.TryParseNumber(received.TicketNumber, out var number))
            {
                return new Sent(null, received.Duplicate, session.State.ToString(), session.Acknowledgement);
            }

            var ticket = await db.Tickets.Include(t => t.Messages).SingleAsync(t => t.Number == number, cancellationToken);
            session.Landed(ticket.Id);
            if (session.State == ChatState.Waiting)
            {
                await routing.RouteAsync(session, ticket, received.Outcome == InboundOutcome.Opened, now, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            var id = await db.Set<InboundRecord>().AsNoTracking().Where(r => r.Channel == Channel.Chat && r.ExternalId == message.ExternalId)
                .Select(r => r.TicketMessageId).SingleAsync(cancellationToken);
            return new Sent(id, received.Duplicate, session.State.ToString(), session.Acknowledgement);
        }

        /// <summary>A shopper the shop vouched for by their shop id (and e-mail, where mail meets chat); else the visitor.</summary>
        private static List<SenderIdentity> Senders(ChatSession session) => session.ShopUserId is { } shopUser
            ? [new(ContactKind.Chat, "shop:" + shopUser), .. session.Email is { } email ? [new SenderIdentity(ContactKind.Email, email)] : Array.Empty<SenderIdentity>()]
            : [new(ContactKind.Chat, "visitor:" + session.VisitorId.ToString("N"))];

        private static string Extension(byte[] content) => FileTypes.Detect(content) switch
        {
            "image/png" => ".png",
            "image/gif" => ".gif",
            "image/webp" => ".webp",
            _ => ".jpg",
        };
    }
}
