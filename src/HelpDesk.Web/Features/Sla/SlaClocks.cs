using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Sla;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Sla;

/// <summary>
/// Keeps every ticket's SLA clocks in step with what happens to it, whichever slice did it: each ticket event
/// (opened, replies, customer messages, status changes, reclassification) is applied to the ticket's clocks under
/// the policy that matches the ticket now (<see cref="TicketSla.Apply"/>), and the ticket's SLA state and next
/// deadline — what the queue and the monitor's index read — are refreshed.
/// </summary>
public sealed class SlaClocks(HelpDeskDbContext db, TimeProvider clock) : IDomainEventHandler<TicketEvent>
{
    private readonly Dictionary<long, CustomerTier> _tiers = [];
    private SlaRules? _rules;

    public async Task HandleAsync(TicketEvent domainEvent, CancellationToken cancellationToken)
    {
        var ticket = domainEvent.Ticket;
        _rules ??= await SlaRules.LoadAsync(db, cancellationToken);
        if (!_tiers.TryGetValue(ticket.CustomerId, out var tier))
        {
            tier = _tiers[ticket.CustomerId] = await db.Customers.Where(c => c.Id == ticket.CustomerId).Select(c => c.Tier).SingleOrDefaultAsync(cancellationToken);
        }

        var (policy, calendar) = _rules.For(ticket, tier);
        ticket.Sla.Apply(domainEvent, policy, calendar);
        var (state, next) = ticket.Sla.Summary(clock.GetUtcNow());
        ticket.SetSla(state, next);
    }
}

/// <summary>The active policies in rule order and their calendars, read once per use.</summary>
public sealed class SlaRules(IReadOnlyList<SlaPolicy> policies, IReadOnlyDictionary<int, BusinessCalendar> calendars)
{
    public static async Task<SlaRules> LoadAsync(HelpDeskDbContext db, CancellationToken cancellationToken) => new(
        await db.SlaPolicies.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Position).ThenBy(p => p.Id).ToListAsync(cancellationToken),
        await db.BusinessCalendars.AsNoTracking().ToDictionaryAsync(c => c.Id, cancellationToken));

    public BusinessCalendar? Calendar(int? id) => id is { } i ? calendars.GetValueOrDefault(i) : null;

    public (SlaPolicy? Policy, BusinessCalendar? Calendar) For(Ticket ticket, CustomerTier tier)
    {
        var policy = SlaPolicy.Select(policies, ticket.Priority, ticket.Category, ticket.Channel, tier);
        return (policy, policy is null ? null : calendars.GetValueOrDefault(policy.CalendarId));
    }
}
