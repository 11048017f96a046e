using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Channels;

/// <summary>
/// Which ticket an inbound message belongs to, by the rules of issue 13, strongest first:
/// 1. a Message-ID or reply address we issued and signed (anywhere in the hints: To, In-Reply-To, References) — the
///    strong link, whoever sends it;
/// 2. the channel's earlier message ids it refers to (In-Reply-To, References) — only when the sender already took part
///    in that ticket (its customer, or someone whose message joined it);
/// 3. a gateway's conversation id, the same (a closed ticket's conversation starts a new one);
/// 4. a ticket number in the subject — the same; a stranger's mail opens a new ticket "possibly related" to it;
/// 5. the customer's open ticket they last wrote to within <c>JoinOpenTicketMinutes</c>.
/// Reply-To is never read. A merged ticket hands over to the one it was merged into.
/// </summary>
public sealed class Threading(HelpDeskDbContext db, ThreadKeys keys, IOptions<ChannelOptions> options)
{
    public sealed record Found(Ticket? Ticket, long? RelatedTicketId, string How);

    public async Task<Found> FindAsync(InboundMessage message, Customer customer, string? sender, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var signer = await keys.SignerAsync(db, cancellationToken);
        foreach (var token in message.Hints.SignedTokens.Concat(message.Hints.References))
        {
            if ((signer.TicketOfMessageId(token) ?? signer.TicketOfAddress(token)) is { } signedId && await LoadAsync(signedId, cancellationToken) is { } signedTicket)
            {
                return new Found(signedTicket, null, "signed");
            }
        }

        if (message.Hints.References.Count > 0)
        {
            var refs = message.Hints.References.ToList();
            var candidates = await db.Set<InboundRecord>().AsNoTracking()
                .Where(r => r.Channel == message.Channel && refs.Contains(r.ExternalId) && r.TicketId != null)
                .Select(r => r.TicketId!.Value).Distinct().ToListAsync(cancellationToken);
            foreach (var id in candidates)
            {
                if (await LoadAsync(id, cancellationToken) is { } referenced && await IsParticipantAsync(referenced, customer, sender, cancellationToken))
                {
                    return new Found(referenced, null, "references");
                }
            }
        }

        if (message.Hints.Conversation is { } conversation)
        {
            var last = await db.Set<InboundRecord>().AsNoTracking()
                .Where(r => r.Channel == message.Channel && r.Conversation == conversation && r.TicketId != null)
                .OrderByDescending(r => r.Id).Select(r => r.TicketId).FirstOrDefaultAsync(cancellationToken);
            if (last is not null && await LoadAsync(last.Value, cancellationToken) is { } talked && talked.Status != TicketStatus.Closed
                && await IsParticipantAsync(talked, customer, sender, cancellationToken))
            {
                return new Found(talked, null, "conversation");
            }
        }

        long? related = null;
        if (message.Hints.TicketNumber is { } number && Ticket.TryParseNumber(number, out var n))
        {
            var id = await db.Tickets.Where(t => t.Number == n).Select(t => (long?)t.Id).SingleOrDefaultAsync(cancellationToken);
            if (id is not null && await LoadAsync(id.Value, cancellationToken) is { } named)
            {
                if (await IsParticipantAsync(named, customer, sender, cancellationToken))
                {
                    return new Found(named, null, "number");
                }

                related = named.Id;
            }
        }

        if (options.Value.JoinOpenTicketMinutes > 0 && customer.Id != 0)
        {
            var since = now.AddMinutes(-options.Value.JoinOpenTicketMinutes);
            var open = await db.Tickets
                .Where(t => t.CustomerId == customer.Id && t.MergedIntoTicketId == null && t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed && t.LastCustomerMessageAt >= since)
                .OrderByDescending(t => t.LastCustomerMessageAt).Select(t => (long?)t.Id).FirstOrDefaultAsync(cancellationToken);
            if (open is not null && related is null)
            {
                return new Found(await LoadAsync(open.Value, cancellationToken), null, "window");
            }
        }

        return new Found(null, related, related is null ? "new" : "possibly-related");
    }

    private async Task<Ticket?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var ticket = await db.Tickets.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        return ticket?.MergedIntoTicketId is { } into ? await db.Tickets.SingleOrDefaultAsync(t => t.Id == into, cancellationToken) : ticket;
    }

    private async Task<bool> IsParticipantAsync(Ticket ticket, Customer customer, string? sender, CancellationToken cancellationToken) =>
        (customer.Id != 0 && ticket.CustomerId == customer.Id)
        || (sender is not null && await db.Set<InboundRecord>().AnyAsync(r => r.TicketId == ticket.Id && r.Sender == sender && r.Outcome != InboundOutcome.Dropped, cancellationToken));
}
