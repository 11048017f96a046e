using System.Globalization;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Channels.Mail;

/// <summary>
/// The threading of what the desk mails about a ticket: a signed Message-ID (<c>hd.{ticket}.{part}.{sig}@domain</c>),
/// In-Reply-To/References continuing the customer's last mail on the ticket, and the ticket's signed reply address as
/// Reply-To (on the first configured mailbox, else <c>Mail:From</c>). So the customer's answer finds its ticket by the
/// strong link, whatever their client does to the other headers.
/// </summary>
public sealed class ChannelMail(
    HelpDeskDbContext db, ThreadKeys keys, Customers.CustomerLinks links, IOptions<ChannelOptions> options, IOptions<MailOptions> mail, IStringLocalizer<Strings> l)
{
    private string Mailbox => options.Value.Mail.Mailboxes.FirstOrDefault()?.Address ?? mail.Value.From;

    /// <summary>Adds the threading headers to an e-mail about <paramref name="ticket"/>; <paramref name="part"/> makes its Message-ID unique.</summary>
    public async Task<OutboxMessage> ThreadAsync(OutboxMessage outgoing, Ticket ticket, string part, bool autoSubmitted, CancellationToken cancellationToken)
    {
        var signer = await keys.SignerAsync(db, cancellationToken);
        var last = await db.Set<InboundRecord>().AsNoTracking()
            .Where(r => r.TicketId == ticket.Id && r.Channel == Channel.Email && r.Outcome != InboundOutcome.Dropped)
            .OrderByDescending(r => r.Id).Select(r => new { r.ExternalId, r.References }).FirstOrDefaultAsync(cancellationToken);
        var domain = Mailbox[(Mailbox.LastIndexOf('@') + 1)..];
        var inReplyTo = last is null || last.ExternalId.StartsWith("sha256:", StringComparison.Ordinal) ? null : last.ExternalId;
        var references = (last?.References ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Append(inReplyTo ?? string.Empty);
        return outgoing.Thread(signer.MessageId(ticket.Id, part, domain), inReplyTo, references, signer.ReplyAddress(ticket.Id, Mailbox), autoSubmitted);
    }

    /// <summary>
    /// The acknowledgement of a ticket opened by e-mail, as the web form's: the answer time from the ticket's
    /// first-response clock (after hours: when work starts), a fresh link; marked Auto-Submitted so robots stay quiet.
    /// </summary>
    public async Task AcknowledgeAsync(Ticket ticket, TicketMessage first, string toAddress, string customerName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var link = links.Issue(ticket.Id, now);
        var calendar = await db.BusinessCalendars.AsNoTracking().SingleOrDefaultAsync(c => c.Id == ticket.Sla.CalendarId, cancellationToken);
        var answer = ticket.Sla.FirstResponse.DueAt is { } due && calendar is not null ? links.AnswerTime(due, calendar, now) : l["answer.unknown"].Value;
        var outgoing = new OutboxMessage(
            toAddress,
            l["mail.ack.subject", ticket.DisplayNumber],
            l["mail.ack.body", ticket.DisplayNumber, link, customerName, answer] + "\n\n" + l["mail.footer"],
            now);
        db.OutboxMessages.Add(await ThreadAsync(outgoing, ticket, "a" + first.Id.ToString(CultureInfo.InvariantCulture), autoSubmitted: true, cancellationToken));
    }
}
