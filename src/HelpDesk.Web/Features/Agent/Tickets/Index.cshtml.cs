using System.Globalization;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>The agent queue: the tickets this agent may see, most recently active first, keyset-paged.</summary>
public class IndexModel : SlicePageModel
{
    public Model Queue { get; private set; } = new([], null);

    public async Task OnGetAsync(string? after) => Queue = await QueryAsync(new Query(Viewer.From(User), after));

    public sealed record Query(Viewer Viewer, string? After, int PageSize = 50) : IQuery<Model>;

    public sealed record Model(IReadOnlyList<Row> Rows, string? NextCursor);

    public sealed record Row(
        string Number,
        string Subject,
        string Customer,
        TicketStatus Status,
        TicketPriority Priority,
        TicketCategory Category,
        Channel Channel,
        string? Team,
        string? Assignee,
        DateTimeOffset UpdatedAt);

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var tickets = db.Tickets.AsNoTracking().VisibleTo(db, request.Viewer);
            if (Cursor.TryParse(request.After, out var updatedAt, out var id))
            {
                // (updated_at, id) < (cursor): served by ix_tickets_updated_at_id, whatever the page number.
                tickets = tickets.Where(t => t.UpdatedAt < updatedAt || (t.UpdatedAt == updatedAt && t.Id < id));
            }

            var page = await (
                from t in tickets
                join c in db.Customers on t.CustomerId equals c.Id
                join team in db.Teams on t.TeamId equals team.Id into teams
                from team in teams.DefaultIfEmpty()
                join user in db.Users on t.AssigneeId equals user.Id into users
                from user in users.DefaultIfEmpty()
                orderby t.UpdatedAt descending, t.Id descending
                select new { t.Id, t.Number, t.Subject, Customer = c.Name, t.Status, t.Priority, t.Category, t.Channel, Team = team.Name, Assignee = user.DisplayName, t.UpdatedAt })
                .Take(request.PageSize + 1)
                .ToListAsync(cancellationToken);

            var rows = page.Take(request.PageSize)
                .Select(t => new Row(Ticket.FormatNumber(t.Number), t.Subject, t.Customer, t.Status, t.Priority, t.Category, t.Channel, t.Team, t.Assignee, t.UpdatedAt))
                .ToList();
            var next = page.Count > request.PageSize ? Cursor.Format(page[request.PageSize - 1].UpdatedAt, page[request.PageSize - 1].Id) : null;
            return new Model(rows, next);
        }
    }

    /// <summary>The position after a row: "{updated-at ticks}.{id}".</summary>
    public static class Cursor
    {
        public static string Format(DateTimeOffset updatedAt, long id) =>
            string.Create(CultureInfo.InvariantCulture, $"{updatedAt.UtcTicks}.{id}");

        public static bool TryParse(string? cursor, out DateTimeOffset updatedAt, out long id)
        {
            updatedAt = default;
            id = 0;
            var parts = cursor?.Split('.');
            if (parts is not [var ticks, var rowId]
                || !long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t)
                || !long.TryParse(rowId, NumberStyles.None, CultureInfo.InvariantCulture, out id)
                || t > DateTimeOffset.MaxValue.UtcTicks)
            {
                return false;
            }

            updatedAt = new DateTimeOffset(t, TimeSpan.Zero);
            return true;
        }
    }
}
