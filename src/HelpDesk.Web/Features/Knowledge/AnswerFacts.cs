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
/// agent. A value the ticket does not have stays null, so its placeholder stays visible. Four index lookups.
/// </summary>
public static class AnswerFacts
{
    public static async Task<IReadOnlyDictionary<CannedAnswer.Placeholder, string?>> LoadAsync(
        HelpDeskDbContext db, BusinessTime time, long ticketId, string agentName, CancellationToken cancellationToken)
    {
        var ticket = await (
            from t in db.Tickets.AsNoTracking()
            where t.Id == ticketId
            join c in db.Customers on t.CustomerId equals c.Id
            join o in db.Orders on t.OrderId equals o.Id into orders
            from o in orders.DefaultIfEmpty()
            select new { t.Number, t.OrderId, CustomerName = c.Name, OrderNumber = o.Number })
            .SingleAsync(cancellationToken);
        var parcel = ticket.OrderId is { } orderId
            ? await db.Shipments.AsNoTracking().Where(s => s.OrderId == orderId).OrderByDescending(s => s.ShippedAt).ThenByDescending(s => s.Id)
                .Select(s => new { s.Carrier, s.TrackingNumber, s.PromisedAt }).FirstOrDefaultAsync(cancellationToken)
            : null;
        var promise = await db.Commitments.AsNoTracking()
            .Where(c => c.TicketId == ticketId && c.Status == CommitmentStatus.Open)
            .OrderBy(c => c.DueAt).Select(c => (DateTimeOffset?)c.DueAt).FirstOrDefaultAsync(cancellationToken);
        var refund = await db.AfterSalesCases.AsNoTracking()
            .Where(c => c.TicketId == ticketId && c.Status != AfterSalesStatus.Rejected)
            .OrderByDescending(c => c.RequestedAt).ThenByDescending(c => c.Id)
            .Select(c => new { Amount = c.Lines.Sum(l => l.Amount) + c.CompensationAmount, c.Currency })
            .FirstOrDefaultAsync(cancellationToken);
        return new Dictionary<CannedAnswer.Placeholder, string?>
        {
            [CannedAnswer.Placeholder.CustomerName] = ticket.CustomerName,
            [CannedAnswer.Placeholder.OrderNumber] = ticket.OrderNumber,
            [CannedAnswer.Placeholder.TrackingNumber] = parcel?.TrackingNumber,
            [CannedAnswer.Placeholder.Carrier] = parcel?.Carrier,
            [CannedAnswer.Placeholder.ExpectedDelivery] = parcel is { } s ? time.Format(s.PromisedAt)[..10] : null,
            [CannedAnswer.Placeholder.PromiseDue] = promise is { } due ? time.Format(due) : null,
            [CannedAnswer.Placeholder.RefundAmount] = refund is { Amount: > 0 } r ? MoneyText.Format(r.Amount, r.Currency) : null,
            [CannedAnswer.Placeholder.TicketNumber] = Domain.Tickets.Ticket.FormatNumber(ticket.Number),
            [CannedAnswer.Placeholder.AgentName] = agentName,
        };
    }
}
