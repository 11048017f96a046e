using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Channels.Outbound;

/// <summary>
/// An agent's public reply on a Social/IM ticket goes back the way the customer last wrote on it: the gateway
/// (<see cref="InboundRecord.Source"/>) of the ticket's latest Social message — WeChat, or an IM gateway that has a
/// reply URL — to the customer's contact there, in the same transaction as the reply (<see cref="ChannelDelivery"/>).
/// E-mail and web-form replies are <see cref="Customers.CustomerMail"/>'s.
/// </summary>
public sealed class RouteReplies(HelpDeskDbContext db, IOptions<ChannelOptions> options, ILogger<RouteReplies> logger) : IDomainEventHandler<AgentResponded>
{
    public async Task HandleAsync(AgentResponded domainEvent, CancellationToken cancellationToken)
    {
        var (ticket, message) = (domainEvent.Ticket, domainEvent.Message);
        if (message.Kind != MessageKind.PublicReply || message.Channel != Channel.Social)
        {
            return;
        }

        var last = await db.Set<InboundRecord>().AsNoTracking()
            .Where(r => r.TicketId == ticket.Id && r.Channel == Channel.Social && r.Outcome != InboundOutcome.Dropped)
            .OrderByDescending(r => r.Id).Select(r => new { r.Source, r.Conversation }).FirstOrDefaultAsync(cancellationToken);
        var gateway = last?.Source;
        if (gateway is null || (gateway != WeChat.WeChatWebhook.Gateway && !options.Value.Im.Gateways.ContainsKey(gateway)))
        {
            logger.LogInformation("Reply {MessageId} on a social ticket has no gateway to go back through", message.Id);
            return;
        }

        var prefix = gateway + ":";
        var contact = await db.CustomerContacts.AsNoTracking()
            .Where(c => c.CustomerId == ticket.CustomerId && c.Kind == ContactKind.Social && c.Value.StartsWith(prefix))
            .OrderBy(c => c.Id).Select(c => c.Value).FirstOrDefaultAsync(cancellationToken);
        if (contact is null)
        {
            return;
        }

        var conversation = last!.Conversation is { } c && c.StartsWith(prefix, StringComparison.Ordinal) ? c[prefix.Length..] : null;
        db.Add(new ChannelDelivery(gateway, contact[prefix.Length..], conversation, ticket.Id, ticket.DisplayNumber, message.Id, message.Body, domainEvent.At));
    }
}
