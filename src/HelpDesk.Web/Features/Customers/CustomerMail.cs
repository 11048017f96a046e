using HelpDesk.Domain.Complaints;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Customers;

/// <summary>
/// What the customer is sent when something happens on their ticket, from the domain events: an agent's public
/// reply that goes out by e-mail — the customer last wrote by e-mail or the web form (chat, phone and social replies go
/// through their own channels) — and the solutions offered to choose from (R4.3). The invitation to confirm and rate a
/// resolution (R4.4) is the CSAT survey's mail (<see cref="Surveys.SendSurveys"/>).
/// </summary>
public sealed class CustomerMail(HelpDeskDbContext db, CustomerLinks links, Channels.Mail.ChannelMail channelMail) :
    IDomainEventHandler<AgentResponded>,
    IDomainEventHandler<SolutionsOffered>
{
    public async Task HandleAsync(AgentResponded domainEvent, CancellationToken cancellationToken)
    {
        var (ticket, message) = (domainEvent.Ticket, domainEvent.Message);
        if (message.Kind != MessageKind.PublicReply || message.Channel is not (Channel.Email or Channel.WebForm))
        {
            return;
        }

        var email = await db.CustomerContacts.Where(c => c.CustomerId == ticket.CustomerId && c.Kind == ContactKind.Email)
            .Select(c => c.Value).FirstOrDefaultAsync(cancellationToken);
        if (email is not null)
        {
            // Threaded (signed Message-ID, In-Reply-To/References, signed Reply-To): the customer's answer finds this ticket.
            var outgoing = new OutboxMessage(email, $"[{ticket.DisplayNumber}] {ticket.Subject}", message.Body, domainEvent.At, message.Id);
            db.OutboxMessages.Add(await channelMail.ThreadAsync(outgoing, ticket, "r" + message.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), autoSubmitted: false, cancellationToken));
        }
    }

    public async Task HandleAsync(SolutionsOffered domainEvent, CancellationToken cancellationToken) =>
        await links.MailAsync(await db.Tickets.FindAsync([domainEvent.Offer.TicketId], cancellationToken) ?? throw new InvalidOperationException("ticket gone"), "mail.offer.subject", "mail.offer.body", domainEvent.At, cancellationToken);
}
