using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>
/// The ticket page's left pane: the first tickets of the queue view the agent came from (Mine otherwise), in that
/// view's order, so the agent moves between tickets without going back to the queue. One indexed query.
/// </summary>
public static class QueuePane
{
    public const int Size = 30;

    public sealed record Query(Viewer Viewer, IndexModel.QueueView View) : IQuery<IReadOnlyList<Item>>;

    public sealed record Item(string Number, string Subject, TicketStatus Status, TicketPriority Priority, SlaState SlaState, DateTimeOffset? NextDeadlineAt)
    {
        /// <summary>The early warning's marker, as on the queue.</summary>
        public Sentiment.UrgencyText.Mark? Urgency { get; init; }
    }

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, IReadOnlyList<Item>>
    {
        public async Task<IReadOnlyList<Item>> Handle(Query request, CancellationToken cancellationToken)
        {
            var inView = await IndexModel.Handler.InViewAsync(db, request.Viewer, request.View, cancellationToken);
            var rows = await IndexModel.Cursor.Apply(inView, new IndexModel.Filter { View = request.View }.Sorted, null)
                .Take(Size)
                .Select(t => new { t.Number, t.Subject, t.Status, t.Priority, t.SlaState, t.NextDeadlineAt, t.UrgentAt, t.Urgency, t.UrgencyReasons })
                .ToListAsync(cancellationToken);
            return rows.Select(t => new Item(Ticket.FormatNumber(t.Number), t.Subject, t.Status, t.Priority, t.SlaState, t.NextDeadlineAt) { Urgency = Sentiment.UrgencyText.Of(t.UrgentAt, t.Urgency, t.UrgencyReasons) }).ToList();
        }
    }
}
