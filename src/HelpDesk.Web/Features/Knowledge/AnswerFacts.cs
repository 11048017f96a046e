using HelpDesk.Domain.AfterSales;
using HelpDesk.Domain.Commitments;
using HelpDesk.Domain.Knowledge;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Knowledge;

/// <summary>
/// The ticket's values for the canned answers' placeholders: customer, order, its latest parcel (carrier, tracking,
/// promised delivery), the earliest open promise to the customer, the latest after-sales case's amount, ticket and
/// agent. A value the ticket does not have stays null, so its placeholder stays visible. One SQL statement.
/// </summary>
public static class AnswerFacts
{
    public static async Task<IReadOnlyDictionary<CannedAnswer.Placeholder, string?>> LoadAsync(
        HelpDeskDbContext db, BusinessTime time, long ticketId, string agentName, CancellationToken cancellationToken)
    {
        // One statement: the parcel, the promise and the case are correlated subqueries on their (ticket/order) indexes.
        var facts = await (
            from t in db.Tickets.AsNoTracking()
            where t.Id == ticketId
            join c in db.Customers on t.CustomerId equals c.Id
            join o in db.Orders on t.OrderId equals o.Id into orders
            from o in orders.DefaultIfEmpty()
            select new
            {
                t.Number,
                CustomerName = c.Name,
                OrderNumber = o.Number,
                Parcel = db.Shipments.Where(s => s.OrderId == t.OrderId).OrderByDescending(s => s.ShippedAt).ThenByDescending(s => s.Id)
                    .Select(s => new { s.Carrier, s.TrackingNumber, s.PromisedAt }).FirstOrDefault(),
                PromiseDue = db.Commitments.Where(p => p.TicketId == t.Id && p.Status == CommitmentStatus.Open).Min(p => (DateTimeOffset?)p.DueAt),
                Refund = db.AfterSalesCases.Where(a => a.TicketId == t.Id && a.Status != AfterSalesStatus.Rejected)
                    .OrderByDescending(a => a.RequestedAt).ThenByDescending(a => a.Id)
                    .Select(a => new { Amount = a.Lines.Sum(l => l.Amount) + a.CompensationAmount, a.Currency }).FirstOrDefault(),
            })
            .SingleAsync(cancellationToken);
        var (parcel, promise, refund) = (facts.Parcel, facts.PromiseDue, facts.Refund);
        return new Dictionary<CannedAnswer.Placeholder, string?>
        {
            [CannedAnswer.Placeholder.CustomerName] = facts.CustomerName,
            [CannedAnswer.Placeholder.OrderNumber] = facts.OrderNumber,
            [CannedAnswer.Placeholder.TrackingNumber] = parcel?.TrackingNumber,
            [CannedAnswer.Placeholder.Carrier] = parcel?.Carrier,
            [CannedAnswer.Placeholder.ExpectedDelivery] = parcel is { } s ? time.Format(s.PromisedAt)[..10] : null,
            [CannedAnswer.Placeholder.PromiseDue] = promise is { } due ? time.Format(due) : null,
            [CannedAnswer.Placeholder.RefundAmount] = refund is { Amount: > 0 } r ? MoneyText.Format(r.Amount, r.Currency) : null,
            [CannedAnswer.Placeholder.TicketNumber] = Domain.Tickets.Ticket.FormatNumber(facts.Number),
            [CannedAnswer.Placeholder.AgentName] = agentName,
        };
    }
}
