using HelpDesk.Domain.Knowledge;
using HelpDesk.Domain.Surveys;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Knowledge;

/// <summary>
/// Counts what followed each reply that started from a canned answer variant (<see cref="AnswerUse"/>), as the ticket's
/// events are dispatched in the unit of work that raised them — every channel and slice alike: the customer wrote
/// again (48 h), the ticket was resolved (time to resolution) and reopened (7 d), it escalated to a complaint (7 d:
/// reclassified as 投诉与建议, the early warning found the customer urgent, or the same customer filed a complaint
/// through the complaint form), and the customer's CSAT for the resolution that followed the reply. Each looks up only
/// the ticket's (or customer's) recent uses by index. "Good outcome" is defined in <see cref="AnswerUse.IsGood"/>.
/// </summary>
public sealed class AnswerOutcomes(HelpDeskDbContext db) :
    IDomainEventHandler<CustomerWrote>,
    IDomainEventHandler<StatusChanged>,
    IDomainEventHandler<CategoryChanged>,
    IDomainEventHandler<CustomerTurnedUrgent>,
    IDomainEventHandler<TicketOpened>,
    IDomainEventHandler<SurveyAnswered>
{
    public async Task HandleAsync(CustomerWrote domainEvent, CancellationToken cancellationToken)
    {
        foreach (var use in await RecentAsync(domainEvent.Ticket.Id, domainEvent.At, AnswerUse.WroteAgainWindow, cancellationToken))
        {
            use.CustomerWrote(domainEvent.At);
        }
    }

    public async Task HandleAsync(StatusChanged domainEvent, CancellationToken cancellationToken)
    {
        var (from, to, at) = (domainEvent.From, domainEvent.To, domainEvent.At);
        if (to is TicketStatus.Resolved or TicketStatus.Closed)
        {
            var open = await db.AnswerUses.Where(u => u.TicketId == domainEvent.Ticket.Id && u.ResolvedAt == null && u.UsedAt <= at).ToListAsync(cancellationToken);
            open.ForEach(u => u.Resolved(at));
        }
        else if (from is TicketStatus.Resolved or TicketStatus.Closed)
        {
            foreach (var use in await RecentAsync(domainEvent.Ticket.Id, at, AnswerUse.ObservationWindow, cancellationToken))
            {
                use.Reopened(at);
            }
        }
    }

    public async Task HandleAsync(CategoryChanged domainEvent, CancellationToken cancellationToken)
    {
        if (domainEvent.To == TicketCategory.ComplaintSuggestion)
        {
            await ComplainedAsync(db.AnswerUses.Where(u => u.TicketId == domainEvent.Ticket.Id), domainEvent.At, cancellationToken);
        }
    }

    public Task HandleAsync(CustomerTurnedUrgent domainEvent, CancellationToken cancellationToken) =>
        ComplainedAsync(db.AnswerUses.Where(u => u.TicketId == domainEvent.Ticket.Id), domainEvent.At, cancellationToken);

    /// <summary>A complaint filed on a new ticket counts against the answers the same customer got in the 7 days before.</summary>
    public Task HandleAsync(TicketOpened domainEvent, CancellationToken cancellationToken) =>
        domainEvent.Ticket.Category == TicketCategory.ComplaintSuggestion
            ? ComplainedAsync(db.AnswerUses.Where(u => u.CustomerId == domainEvent.Ticket.CustomerId), domainEvent.At, cancellationToken)
            : Task.CompletedTask;

    /// <summary>A CSAT answer counts for the replies from variants in the 7 days before the resolution it rates.</summary>
    public async Task HandleAsync(SurveyAnswered domainEvent, CancellationToken cancellationToken)
    {
        if (domainEvent.Survey is not { Kind: SurveyKind.Csat, TicketId: { } ticketId, Score: { } score, SentAt: var resolvedAt })
        {
            return;
        }

        var since = resolvedAt - AnswerUse.ObservationWindow;
        foreach (var use in await db.AnswerUses.Where(u => u.TicketId == ticketId && u.UsedAt >= since && u.UsedAt <= resolvedAt && u.Csat == null).ToListAsync(cancellationToken))
        {
            use.Rated(score, resolvedAt);
        }
    }

    private static async Task ComplainedAsync(IQueryable<AnswerUse> uses, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var since = at - AnswerUse.ObservationWindow;
        foreach (var use in await uses.Where(u => u.UsedAt >= since && u.UsedAt < at && u.ComplainedAt == null).ToListAsync(cancellationToken))
        {
            use.Complained(at);
        }
    }

    private async Task<List<AnswerUse>> RecentAsync(long ticketId, DateTimeOffset at, TimeSpan window, CancellationToken cancellationToken)
    {
        var since = at - window;
        return await db.AnswerUses.Where(u => u.TicketId == ticketId && u.UsedAt >= since && u.UsedAt < at).ToListAsync(cancellationToken);
    }
}
