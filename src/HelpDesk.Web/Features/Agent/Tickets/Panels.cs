using HelpDesk.Domain.AfterSales;
using HelpDesk.Domain.Commitments;
using HelpDesk.Domain.Complaints;
using HelpDesk.Domain.Orders;
using HelpDesk.Domain.Tasks;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>
/// Everything beside the conversation, so the agent never has to open another system (R6, 360° view): the
/// customer's other tickets and recent orders (lines, payment, parcels with their tracking and promised date),
/// and this ticket's complaint, after-sales cases, follow-up tasks and commitments. A fixed number of queries.
/// </summary>
public static class Panels
{
    public const int RecentOrders = 5;
    public const int OtherTickets = 10;

    /// <summary>The panels of a ticket the viewer may see: the customer's other tickets only as far as the viewer may open them.</summary>
    public sealed record Query(Viewer Viewer, long TicketId, long CustomerId, long? LinkedOrderId) : IQuery<Model>;

    /// <summary>The panels; <c>HiddenTickets</c> counts the customer's other tickets the viewer may not open (other teams').</summary>
    public sealed record Model(
        IReadOnlyList<OtherTicket> OtherTickets,
        int HiddenTickets,
        IReadOnlyList<OrderPanel> Orders,
        ComplaintPanel? Complaint,
        IReadOnlyList<CasePanel> Cases,
        IReadOnlyList<TaskPanel> Tasks,
        IReadOnlyList<CommitmentPanel> Commitments,
        OfferPanel? Offer,
        RatingPanel? Rating,
        IReadOnlyList<SurveyPanel> Surveys);

    public sealed record OfferPanel(IReadOnlyList<SolutionOption> Options, int? Chosen, DateTimeOffset? ChosenAt);

    public sealed record RatingPanel(bool Solved, int Score, string? Comment);

    /// <summary>A survey this ticket sent (CSAT per resolution, NPS), answered or not, with who it credits.</summary>
    public sealed record SurveyPanel(Domain.Surveys.SurveyKind Kind, int? Resolution, DateTimeOffset SentAt, Domain.Surveys.SurveyDelivery Via, DateTimeOffset? AnsweredAt, int? Score, string? Comment, string? Agent);

    public sealed record OtherTicket(string Number, string Subject, TicketStatus Status, DateTimeOffset UpdatedAt);

    public sealed record OrderPanel(
        string Number, bool Linked, OrderStatus Status, DateTimeOffset PlacedAt, decimal Total, string Currency,
        string PaymentMethod, PaymentStatus PaymentStatus, IReadOnlyList<LinePanel> Lines, IReadOnlyList<ParcelPanel> Parcels);

    /// <summary>An order line; <c>Complained</c>: the customer chose it in the complaint form.</summary>
    public sealed record LinePanel(string Sku, string Product, int Quantity, decimal PaidAmount, bool Complained = false);

    public sealed record ParcelPanel(string Carrier, string TrackingNumber, ShipmentStatus Status, DateTimeOffset PromisedAt, DateTimeOffset? DeliveredAt, bool Late, IReadOnlyList<EventPanel> Events);

    public sealed record EventPanel(DateTimeOffset At, string Location, string Description);

    public sealed record ComplaintPanel(ComplaintType Type, Remedy DesiredRemedy, ComplaintStage Stage, string Description, IReadOnlyList<long> AffectedLineIds)
    {
        /// <summary>The products of the lines the customer chose, "电饭煲 × 1", filled from the orders shown.</summary>
        public IReadOnlyList<string> AffectedProducts { get; init; } = [];
    }

    public sealed record CasePanel(AfterSalesKind Kind, AfterSalesStatus Status, decimal Amount, string Currency, DateTimeOffset RequestedAt);

    public sealed record TaskPanel(string Title, FollowUpKind Kind, FollowUpStatus Status, DateTimeOffset DueAt, string Owner);

    public sealed record CommitmentPanel(string Text, CommitmentKind Kind, CommitmentStatus Status, DateTimeOffset DueAt, string Owner);

    public sealed class Handler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var ofCustomer = db.Tickets.AsNoTracking().Where(t => t.CustomerId == request.CustomerId && t.Id != request.TicketId);
            var others = await ofCustomer.VisibleTo(db, request.Viewer)
                .OrderByDescending(t => t.CreatedAt).Take(OtherTickets)
                .Select(t => new { t.Number, t.Subject, t.Status, t.UpdatedAt })
                .ToListAsync(cancellationToken);
            var hidden = request.Viewer.IsSupervisor ? 0 : await ofCustomer.CountAsync(cancellationToken) - await ofCustomer.VisibleTo(db, request.Viewer).CountAsync(cancellationToken);

            // The linked order first, then the latest ones; lines, parcels and tracking events in split queries.
            var orders = await db.Orders.AsNoTracking()
                .Where(o => o.CustomerId == request.CustomerId)
                .OrderByDescending(o => o.Id == request.LinkedOrderId).ThenByDescending(o => o.PlacedAt)
                .Take(RecentOrders)
                .Include(o => o.Lines)
                .Include(o => o.Shipments).ThenInclude(s => s.Events)
                .AsSplitQuery()
                .ToListAsync(cancellationToken);

            var complaint = await db.Complaints.AsNoTracking().Where(c => c.TicketId == request.TicketId)
                .Select(c => new ComplaintPanel(c.Type, c.DesiredRemedy, c.Stage, c.Description, c.AffectedOrderLineIds)).SingleOrDefaultAsync(cancellationToken);
            var complained = complaint?.AffectedLineIds.ToHashSet() ?? [];
            if (complaint is not null)
            {
                complaint = complaint with
                {
                    AffectedProducts = orders.SelectMany(o => o.Lines).Where(l => complained.Contains(l.Id)).Select(l => $"{l.ProductName} × {l.Quantity}").ToList(),
                };
            }

            var cases = await db.AfterSalesCases.AsNoTracking().Where(a => a.TicketId == request.TicketId)
                .OrderBy(a => a.RequestedAt)
                .Select(a => new CasePanel(a.Kind, a.Status, a.Lines.Sum(l => l.Amount) + a.CompensationAmount, a.Currency, a.RequestedAt))
                .ToListAsync(cancellationToken);
            var tasks = await db.FollowUpTasks.AsNoTracking().Where(t => t.TicketId == request.TicketId)
                .OrderBy(t => t.DueAt)
                .Select(t => new TaskPanel(t.Title, t.Kind, t.Status, t.DueAt, db.Users.Where(u => u.Id == t.OwnerId).Select(u => u.DisplayName).First()))
                .ToListAsync(cancellationToken);
            var commitments = await db.Commitments.AsNoTracking().Where(c => c.TicketId == request.TicketId)
                .OrderBy(c => c.DueAt)
                .Select(c => new CommitmentPanel(c.Text, c.Kind, c.Status, c.DueAt, db.Users.Where(u => u.Id == c.OwnerId).Select(u => u.DisplayName).First()))
                .ToListAsync(cancellationToken);

            var offer = await db.SolutionOffers.AsNoTracking().Where(o => o.TicketId == request.TicketId).OrderByDescending(o => o.OfferedAt)
                .Select(o => new OfferPanel(o.Options, o.ChosenIndex, o.ChosenAt)).FirstOrDefaultAsync(cancellationToken);
            var rating = await db.SatisfactionRatings.AsNoTracking().Where(r => r.TicketId == request.TicketId).OrderByDescending(r => r.CreatedAt)
                .Select(r => new RatingPanel(r.Solved, r.Score, r.Comment)).FirstOrDefaultAsync(cancellationToken);
            var surveys = await db.Surveys.AsNoTracking().Where(s => s.TicketId == request.TicketId)
                .OrderBy(s => s.SentAt).ThenBy(s => s.Id)
                .Select(s => new SurveyPanel(s.Kind, s.Resolution, s.SentAt, s.SentVia, s.AnsweredAt, s.Score, s.Comment, db.Users.Where(u => u.Id == s.AgentId).Select(u => u.DisplayName).FirstOrDefault()))
                .ToListAsync(cancellationToken);

            return new Model(
                others.Select(t => new OtherTicket(Ticket.FormatNumber(t.Number), t.Subject, t.Status, t.UpdatedAt)).ToList(),
                hidden,
                orders.Select(o => new OrderPanel(
                    o.Number, o.Id == request.LinkedOrderId, o.Status, o.PlacedAt, o.Total, o.Currency, o.PaymentMethod, o.PaymentStatus,
                    o.Lines.Select(l => new LinePanel(l.Sku, l.ProductName, l.Quantity, l.PaidAmount, complained.Contains(l.Id))).ToList(),
                    o.Shipments.Select(s => new ParcelPanel(
                        s.Carrier, s.TrackingNumber, s.Status, s.PromisedAt, s.DeliveredAt, s.IsLate(now),
                        s.Events.OrderByDescending(e => e.At).Select(e => new EventPanel(e.At, e.Location, e.Description)).ToList())).ToList()))
                    .ToList(),
                complaint, cases, tasks, commitments, offer, rating, surveys);
        }
    }
}
