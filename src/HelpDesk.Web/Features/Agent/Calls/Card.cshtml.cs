using HelpDesk.Domain.Channels;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Agent.Calls;

/// <summary>
/// The caller's card, which an agent's browser opens while a call rings for them (R2, issue 13 item 4): the number,
/// the customer it belongs to (tier, contacts) and their open tickets, newest first — or "unknown caller". A fragment
/// without the layout, fetched by <c>wwwroot/js/calls.js</c>; a full page when opened on its own.
/// </summary>
public class CardModel : SlicePageModel
{
    public Model Card { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (await QueryAsync(new Query(id)) is not { } card)
        {
            return NotFound();
        }

        Card = card;
        return Page();
    }

    public sealed record Query(long CallId) : IQuery<Model?>;

    public sealed record Model(long CallId, string From, CallState State, long? CustomerId, string? Name, CustomerTier? Tier, IReadOnlyList<string> Contacts, IReadOnlyList<OpenTicket> Open, int Tickets);

    public sealed record OpenTicket(string Number, string Subject, TicketStatus Status, TicketPriority Priority, DateTimeOffset UpdatedAt);

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, Model?>
    {
        private static readonly TicketStatus[] Done = [TicketStatus.Resolved, TicketStatus.Closed];

        public async Task<Model?> Handle(Query request, CancellationToken cancellationToken)
        {
            var call = await db.PhoneCalls.AsNoTracking().Where(c => c.Id == request.CallId)
                .Select(c => new { c.Id, c.From, c.State, c.CustomerId }).SingleOrDefaultAsync(cancellationToken);
            if (call is null)
            {
                return null;
            }

            if (call.CustomerId is not { } customerId)
            {
                return new Model(call.Id, call.From, call.State, null, null, null, [], [], 0);
            }

            var customer = await db.Customers.AsNoTracking().Where(c => c.Id == customerId)
                .Select(c => new { c.Name, c.Tier, Contacts = c.Contacts.Select(x => x.Value).ToList() }).SingleAsync(cancellationToken);
            var tickets = db.Tickets.AsNoTracking().Where(t => t.CustomerId == customerId && t.MergedIntoTicketId == null);
            var open = await tickets.Where(t => !Done.Contains(t.Status)).OrderByDescending(t => t.UpdatedAt).Take(5)
                .Select(t => new { t.Number, t.Subject, t.Status, t.Priority, t.UpdatedAt }).ToListAsync(cancellationToken);
            return new Model(call.Id, call.From, call.State, customerId, customer.Name, customer.Tier, customer.Contacts,
                [.. open.Select(t => new OpenTicket(Ticket.FormatNumber(t.Number), t.Subject, t.Status, t.Priority, t.UpdatedAt))], await tickets.CountAsync(cancellationToken));
        }
    }
}
