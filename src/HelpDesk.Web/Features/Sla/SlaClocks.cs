using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Sla;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HelpDesk.Web.Features.Sla;

/// <summary>
/// Keeps every ticket's SLA clocks in step with what happens to it, whichever slice did it: just before a save,
/// each tracked ticket's pending events (opened, replies, customer messages, status changes, reclassification)
/// are applied to its clocks under the policy that matches it now, and the ticket's SLA state and next deadline
/// are refreshed. Costs nothing when no ticket changed.
/// </summary>
public sealed class SlaClocks(TimeProvider clock) : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is HelpDeskDbContext db)
        {
            await ApplyAsync(db, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is HelpDeskDbContext db)
        {
            ApplyAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    private async Task ApplyAsync(HelpDeskDbContext db, CancellationToken cancellationToken)
    {
        var tickets = db.ChangeTracker.Entries<Ticket>().Select(e => e.Entity).Where(t => t.PendingEvents.Count > 0).ToList();
        if (tickets.Count == 0)
        {
            return;
        }

        var rules = await SlaRules.LoadAsync(db, cancellationToken);
        var customerIds = tickets.Select(t => t.CustomerId).Distinct().ToList();
        var tiers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Tier, cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var ticket in tickets)
        {
            var (policy, calendar) = rules.For(ticket, tiers.GetValueOrDefault(ticket.CustomerId, CustomerTier.Regular));
            foreach (var e in ticket.PendingEvents)
            {
                ticket.Sla.Apply(e, policy, calendar);
            }

            ticket.ClearEvents();
            var (state, next) = ticket.Sla.Summary(now);
            ticket.SetSla(state, next);
        }

        db.ChangeTracker.DetectChanges();
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
