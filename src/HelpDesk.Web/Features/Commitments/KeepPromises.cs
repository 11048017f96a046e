using HelpDesk.Domain.AfterSales;
using HelpDesk.Domain.Commitments;
using HelpDesk.Domain.Tasks;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Commitments;

/// <summary>
/// Promises keep themselves when what they promised happens (R8), whichever slice made it happen: a public reply keeps
/// "reply with information", a logged call keeps that and "call back"; an after-sales refund keeps "refund", a
/// reshipment or a repaired item "ship", a closed compensation "compensation". A kept promise — however it was
/// kept — closes its follow-up tasks, so the evening checklist never chases what is done.
/// </summary>
public sealed class KeepPromises(HelpDeskDbContext db) : IDomainEventHandler<AgentResponded>, IDomainEventHandler<AfterSalesCaseMoved>, IDomainEventHandler<CommitmentKept>
{
    public async Task HandleAsync(AgentResponded domainEvent, CancellationToken cancellationToken)
    {
        var via = domainEvent.Message.Kind == MessageKind.Call ? KeptVia.Call : KeptVia.Reply;
        var open = await db.Commitments
            .Where(c => c.TicketId == domainEvent.Ticket.Id && c.Status == CommitmentStatus.Open && c.MadeAt < domainEvent.At)
            .ToListAsync(cancellationToken);
        foreach (var commitment in open.Where(c => c.IsKeptBy(via)))
        {
            commitment.Keep(via, domainEvent.Message.Id, "auto:" + via.ToString().ToLowerInvariant(), domainEvent.By, domainEvent.At);
        }
    }

    public async Task HandleAsync(AfterSalesCaseMoved domainEvent, CancellationToken cancellationToken)
    {
        CommitmentKind? fulfilled = domainEvent.To switch
        {
            AfterSalesStatus.Refunded => CommitmentKind.Refund,
            AfterSalesStatus.Reshipped or AfterSalesStatus.Repaired => CommitmentKind.Ship,
            AfterSalesStatus.Closed when domainEvent.Case.Kind == AfterSalesKind.Compensation => CommitmentKind.Compensation,
            _ => null,
        };
        if (fulfilled is not { } kind)
        {
            return;
        }

        var open = await db.Commitments
            .Where(c => c.TicketId == domainEvent.Case.TicketId && c.Status == CommitmentStatus.Open && c.Kind == kind)
            .ToListAsync(cancellationToken);
        foreach (var commitment in open)
        {
            commitment.Keep(KeptVia.AfterSalesStep, domainEvent.Case.Id, "auto:aftersales", domainEvent.By, domainEvent.At);
        }
    }

    public async Task HandleAsync(CommitmentKept domainEvent, CancellationToken cancellationToken)
    {
        var tasks = await db.FollowUpTasks
            .Where(t => t.CommitmentId == domainEvent.Commitment.Id && t.Status == FollowUpStatus.Open)
            .ToListAsync(cancellationToken);
        foreach (var task in tasks)
        {
            task.Complete(domainEvent.By, domainEvent.At);
        }
    }
}
