using FluentValidation;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Agent.Tickets;
using HelpDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Channels.WeChat;

/// <summary>
/// WeChat takes customer-service messages only within 48 hours (<see cref="WeChatOptions.ReplyWindowHours"/>) of the
/// customer's last message. When did that window close for a WeChat contact — null while it is open.
/// </summary>
public sealed class ReplyWindow(HelpDeskDbContext db, IOptions<ChannelOptions> options, TimeProvider clock)
{
    /// <summary>The time the customer last wrote, when that is longer ago than the window; null while a reply may go.</summary>
    public async Task<DateTimeOffset?> ClosedSinceAsync(string contact, CancellationToken cancellationToken)
    {
        var sender = new SenderIdentity(ContactKind.Social, contact).Key;
        var last = await db.Set<InboundRecord>().AsNoTracking()
            .Where(r => r.Sender == sender && r.Outcome != InboundOutcome.Dropped)
            .MaxAsync(r => (DateTimeOffset?)r.ReceivedAt, cancellationToken);
        return last is { } at && clock.GetUtcNow() - at > TimeSpan.FromHours(options.Value.WeChat.ReplyWindowHours) ? at : null;
    }

    /// <summary>The WeChat contact a public reply on this ticket would go to (its latest Social message came by WeChat); null otherwise.</summary>
    public async Task<string?> ContactOfAsync(string number, CancellationToken cancellationToken)
    {
        if (!Ticket.TryParseNumber(number, out var n))
        {
            return null;
        }

        var ticket = await db.Tickets.AsNoTracking().Where(t => t.Number == n && t.ReplyChannel == Channel.Social)
            .Select(t => new { t.Id, t.CustomerId }).SingleOrDefaultAsync(cancellationToken);
        if (ticket is null)
        {
            return null;
        }

        var source = await db.Set<InboundRecord>().AsNoTracking()
            .Where(r => r.TicketId == ticket.Id && r.Channel == Channel.Social && r.Outcome != InboundOutcome.Dropped)
            .OrderByDescending(r => r.Id).Select(r => r.Source).FirstOrDefaultAsync(cancellationToken);
        return source != WeChatWebhook.Gateway
            ? null
            : await db.CustomerContacts.AsNoTracking()
                .Where(c => c.CustomerId == ticket.CustomerId && c.Kind == ContactKind.Social && c.Value.StartsWith(WeChatWebhook.Gateway + ":"))
                .OrderBy(c => c.Id).Select(c => c.Value).FirstOrDefaultAsync(cancellationToken);
    }
}

/// <summary>
/// The reply box refuses a public reply to a WeChat customer once the window has closed, with the reason on the reply
/// field — rather than a reply that WeChat would silently drop (errcode 45015). Internal notes are not concerned.
/// </summary>
public sealed class WeChatReplyValidator : AbstractValidator<Reply.Command>
{
    public WeChatReplyValidator(ReplyWindow window, BusinessTime time, IOptions<ChannelOptions> options, IStringLocalizer<Strings> l)
    {
        RuleFor(c => c.Body).CustomAsync(async (_, context, cancellationToken) =>
        {
            var command = context.InstanceToValidate;
            if (command.Internal || await window.ContactOfAsync(command.Number, cancellationToken) is not { } contact
                || await window.ClosedSinceAsync(contact, cancellationToken) is not { } since)
            {
                return;
            }

            context.AddFailure(nameof(Reply.Command.Body), l["wechat.reply.window_closed", options.Value.WeChat.ReplyWindowHours, time.Format(since)]);
        });
    }
}
