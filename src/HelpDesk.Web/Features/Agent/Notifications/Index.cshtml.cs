using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Agent.Notifications;

/// <summary>
/// The in-app notices of the signed-in member of staff (SLA escalations and the like), newest first, in the reader's
/// language. "Mark all read" (a POST: a GET never changes anything) clears the count the header shows.
/// </summary>
public class IndexModel(TimeProvider clock) : SlicePageModel
{
    public IReadOnlyList<Row> Notices { get; private set; } = [];

    public async Task OnGetAsync() => Notices = await QueryAsync(new Query(Viewer.From(User).Id));

    public async Task<IActionResult> OnPostAsync()
    {
        await SendAsync(new MarkRead(Viewer.From(User).Id, clock.GetUtcNow()));
        return RedirectToPage();
    }

    public sealed record Query(Guid UserId) : IQuery<IReadOnlyList<Row>>;

    public sealed record Row(string Key, IReadOnlyList<string> Arguments, string? Number, DateTimeOffset CreatedAt, bool Unread);

    public sealed record MarkRead(Guid UserId, DateTimeOffset Now) : ICommand<int>;

    /// <summary>
    /// The header's count: how many things wait for the user — tickets still open with unread notices (however many
    /// notices each has), plus unread notices about no ticket. Notices of resolved or closed tickets stay in the list
    /// but no longer count. Served by the partial index of unread notices.
    /// </summary>
    public sealed record CountUnread(Guid UserId) : IQuery<int>;

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, IReadOnlyList<Row>>, IRequestHandler<MarkRead, int>, IRequestHandler<CountUnread, int>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            var rows = await (
                from n in db.Notifications.AsNoTracking()
                where n.UserId == request.UserId
                orderby n.CreatedAt descending
                join t in db.Tickets on n.TicketId equals t.Id into ts
                from t in ts.DefaultIfEmpty()
                select new { n.Key, n.Arguments, Number = (long?)t.Number, n.CreatedAt, n.ReadAt })
                .Take(100).ToListAsync(cancellationToken);
            return rows.Select(r => new Row(r.Key, r.Arguments, r.Number is { } x ? Ticket.FormatNumber(x) : null, r.CreatedAt, r.ReadAt is null)).ToList();
        }

        public Task<int> Handle(MarkRead request, CancellationToken cancellationToken) =>
            db.Notifications.Where(n => n.UserId == request.UserId && n.ReadAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, request.Now), cancellationToken);

        public async Task<int> Handle(CountUnread request, CancellationToken cancellationToken)
        {
            var unread = db.Notifications.Where(n => n.UserId == request.UserId && n.ReadAt == null);
            var tickets = await unread.Where(n => n.TicketId != null)
                .Select(n => n.TicketId)
                .Distinct()
                .CountAsync(id => db.Tickets.Any(t => t.Id == id && t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed), cancellationToken);
            return tickets + await unread.CountAsync(n => n.TicketId == null, cancellationToken);
        }
    }
}
