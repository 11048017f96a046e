using System.Globalization;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>
/// The agent queue: views (mine, unassigned, my teams, waiting for the customer, at SLA risk, all) with their
/// counts, filters, an SLA column, three sorts (Unassigned and At risk sort by deadline unless the agent picks
/// another), keyset paging and bulk changes. The search box looks through every ticket the viewer may see whatever
/// view is open (the filters narrow it), says how many it found and shows where the words matched; a single
/// character asks for a second one instead of searching. Everything is limited to the tickets the viewer may see.
/// </summary>
public partial class IndexModel : SlicePageModel
{
    public const int CountCap = 999;

    [BindProperty(SupportsGet = true)]
    public Filter Filters { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    [BindProperty]
    public BulkInput BulkAction { get; set; } = new();

    [TempData]
    public string? Flash { get; set; }

    public Model Queue { get; private set; } = Model.Empty;

    public async Task OnGetAsync() => Queue = await QueryAsync(new Query(Viewer.From(User), Filters, After));

    public async Task<IActionResult> OnPostBulkAsync()
    {
        try
        {
            var result = await SendAsync(new Bulk.Command(Viewer.From(User), BulkAction.Numbers, BulkAction.AssignToMe, BulkAction.Status, BulkAction.AssigneeId), prefix: string.Empty);
            if (result.Succeeded)
            {
                Flash = L["bulk.done", result.Value];
                return Redirect(Link(x => x, After));
            }
        }
        catch (Bulk.RefusedException ex)
        {
            foreach (var (number, reason) in ex.Refusals)
            {
                ModelState.AddModelError(string.Empty, L["bulk.refused", number, RuleMessage(reason)]);
            }
        }

        Queue = await QueryAsync(new Query(Viewer.From(User), Filters, After));
        return Page();
    }

    /// <summary>This page's URL with one filter changed (and paging reset).</summary>
    public string Link(Func<Filter, Filter> change, string? after = null) => LinkTo(change(Filters), after);

    /// <summary>The queue's URL for a filter (defaults left out).</summary>
    public static string LinkTo(Filter f, string? after = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["view"] = f.View == QueueView.Mine ? null : f.View.ToString().ToLowerInvariant(),
            ["q"] = f.Q,
            ["status"] = f.Status?.ToString(),
            ["priority"] = f.Priority?.ToString(),
            ["category"] = f.Category?.ToString(),
            ["channel"] = f.Channel?.ToString(),
            ["teamId"] = f.TeamId?.ToString(CultureInfo.InvariantCulture),
            ["assigneeId"] = f.AssigneeId?.ToString(),
            ["tag"] = f.Tag,
            ["sla"] = f.Sla?.ToString(),
            ["from"] = f.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = f.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["sort"] = f.Sort?.ToString().ToLowerInvariant(),
            ["after"] = after,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/agent/tickets", query.Where(kv => !string.IsNullOrEmpty(kv.Value)));
    }

    public enum QueueView
    {
        Mine,
        Unassigned,
        Teams,
        Waiting,
        Risk,
        All,
    }

    public enum QueueSort
    {
        Updated,
        Priority,
        Deadline,
    }

    public sealed record Filter
    {
        public QueueView View { get; set; }

        public string? Q { get; set; }

        public TicketStatus? Status { get; set; }

        public TicketPriority? Priority { get; set; }

        public TicketCategory? Category { get; set; }

        public Channel? Channel { get; set; }

        public int? TeamId { get; set; }

        public Guid? AssigneeId { get; set; }

        public string? Tag { get; set; }

        /// <summary>The SLA state (the supervisor's dashboard links its counts here).</summary>
        public SlaState? Sla { get; set; }

        /// <summary>Created on or after this day (business time zone).</summary>
        public DateOnly? From { get; set; }

        /// <summary>Created on or before this day (business time zone).</summary>
        public DateOnly? To { get; set; }

        /// <summary>The sort the agent picked; none: the view's own (<see cref="Sorted"/>).</summary>
        public QueueSort? Sort { get; set; }

        /// <summary>Unassigned and At risk are worked by urgency: soonest deadline first; the others by last change.</summary>
        public QueueSort Sorted => Sort ?? (View is QueueView.Unassigned or QueueView.Risk ? QueueSort.Deadline : QueueSort.Updated);

        /// <summary>A search (at least <see cref="SearchMinLength"/> characters) looks through all visible tickets.</summary>
        public bool Searching => Q?.Trim().Length >= SearchMinLength;

        public bool SearchTooShort => Q?.Trim() is { Length: > 0 and < SearchMinLength };
    }

    public const int SearchMinLength = 2;

    public sealed class BulkInput
    {
        public List<string> Numbers { get; set; } = [];

        public bool AssignToMe { get; set; }

        public Guid? AssigneeId { get; set; }

        public TicketStatus? Status { get; set; }
    }

    public sealed record Query(Viewer Viewer, Filter Filter, string? After, int PageSize = 50) : IQuery<Model>;

    /// <summary>One page of the queue; with a search, <c>Found</c> says how many tickets match (at most <see cref="CountCap"/> + 1).</summary>
    public sealed record Model(IReadOnlyList<Row> Rows, string? NextCursor, IReadOnlyDictionary<QueueView, int> Counts, IReadOnlyList<(int Id, string Name)> Teams, IReadOnlyList<(Guid Id, string Name)> Agents, int? Found = null)
    {
        public static readonly Model Empty = new([], null, new Dictionary<QueueView, int>(), [], []);
    }

    /// <summary>Where a search matched in a ticket's conversation: the words around the match, and the match.</summary>

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
        DateTimeOffset UpdatedAt,
        SlaState SlaState,
        DateTimeOffset? NextDeadlineAt)
    {
        public Snippet? Snippet { get; init; }

        /// <summary>The early warning's marker: the customer's angriest message's score and reasons, once the ticket turned urgent.</summary>
        public Sentiment.UrgencyText.Mark? Urgency { get; init; }

        /// <summary>The customer's tier (R13): PLUS and VIP customers are marked in the row, as everywhere the customer is.</summary>
        public Domain.Customers.CustomerTier Tier { get; init; }
    }

    public sealed class Handler(HelpDeskDbContext db, BusinessTime time) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var viewer = request.Viewer;
            var myTeams = await db.TeamMembers.Where(m => m.UserId == viewer.Id).Select(m => m.TeamId).ToListAsync(cancellationToken);
            var visible = db.Tickets.AsNoTracking().VisibleTo(db, viewer);

            var counts = new Dictionary<QueueView, int>();
            foreach (var view in Enum.GetValues<QueueView>())
            {
                counts[view] = await InView(visible, view, viewer, myTeams).Take(CountCap + 1).CountAsync(cancellationToken);
            }

            // A search is a union of parts, each paged alone with the same keyset (served by its own index), then merged.
            // It looks through every visible ticket whatever view is open; a too short one finds nothing.
            var sort = request.Filter.Sorted;
            var scope = request.Filter.Searching ? visible : InView(visible, request.Filter.View, viewer, myTeams);
            var parts = request.Filter.SearchTooShort ? [] : await FilteredAsync(scope, request.Filter, cancellationToken);
            var page = new List<Paged>();
            foreach (var part in parts)
            {
                var ordered = Cursor.Apply(part, sort, request.After);
                page.AddRange(await (
                    from t in ordered.Take(request.PageSize + 1)
                    join c in db.Customers on t.CustomerId equals c.Id
                    join team in db.Teams on t.TeamId equals team.Id into teams
                    from team in teams.DefaultIfEmpty()
                    join user in db.Users on t.AssigneeId equals user.Id into users
                    from user in users.DefaultIfEmpty()
                    select new Paged(t.Id, t.Number, t.Subject, c.Name, c.Tier, t.Status, t.Priority, t.Category, t.Channel, team.Name, user.DisplayName, t.UpdatedAt, t.SlaState, t.NextDeadlineAt, t.UrgentAt, t.Urgency, t.UrgencyReasons))
                    .ToListAsync(cancellationToken));
            }

            // The join keeps the ordered subquery's rows but not necessarily its order.
            page = Cursor.Order(page.DistinctBy(p => p.Id), sort).Take(request.PageSize + 1).ToList();
            var snippets = request.Filter.Searching ? await SnippetsAsync(page.Take(request.PageSize).Select(p => p.Id).ToList(), request.Filter.Q!.Trim(), cancellationToken) : [];
            var rows = page.Take(request.PageSize)
                .Select(p => new Row(Ticket.FormatNumber(p.Number), p.Subject, p.Customer, p.Status, p.Priority, p.Category, p.Channel, p.Team, p.Assignee, p.UpdatedAt, p.SlaState, p.NextDeadlineAt)
                {
                    Snippet = snippets.GetValueOrDefault(p.Id),
                    Urgency = Sentiment.UrgencyText.Of(p.UrgentAt, p.Urgency, p.UrgencyReasons),
                    Tier = p.Tier,
                })
                .ToList();
            var next = page.Count > request.PageSize ? Cursor.After(page[request.PageSize - 1], sort) : null;
            int? found = request.Filter.Searching ? await FoundAsync(parts, cancellationToken) : null;
            var teamOptions = await db.Teams.AsNoTracking().Where(t => t.Kind == Domain.Teams.TeamKind.Service).OrderBy(t => t.Name)
                .Select(t => new { t.Id, t.Name }).ToListAsync(cancellationToken);
            var agents = await (
                from m in db.TeamMembers
                join t in db.Teams on m.TeamId equals t.Id
                where t.Kind == Domain.Teams.TeamKind.Service
                join u in db.Users on m.UserId equals u.Id
                select new { u.Id, u.DisplayName })
                .Distinct().OrderBy(u => u.DisplayName).ToListAsync(cancellationToken);
            return new Model(rows, next, counts, teamOptions.Select(t => (t.Id, t.Name)).ToList(), agents.Select(a => (a.Id, a.DisplayName)).ToList(), found);
        }

        /// <summary>How many tickets a search found, up to <see cref="CountCap"/> + 1: each part's ids (capped, by its index), merged.</summary>
        private static async Task<int> FoundAsync(IReadOnlyList<IQueryable<Ticket>> parts, CancellationToken cancellationToken)
        {
            var ids = new HashSet<long>();
            foreach (var part in parts)
            {
                ids.UnionWith(await part.Select(t => t.Id).Take(CountCap + 1).ToListAsync(cancellationToken));
            }

            return Math.Min(ids.Count, CountCap + 1);
        }

        /// <summary>
        /// For the page's tickets (one query, by their ids), the latest message containing the search text, cut
        /// around the first match. Tickets found by number, customer or order have no snippet.
        /// </summary>
        private async Task<Dictionary<long, Snippet>> SnippetsAsync(IReadOnlyList<long> ids, string q, CancellationToken cancellationToken)
        {
            var pattern = Search.ContainsPattern(q);
            var hits = await db.TicketMessages.AsNoTracking()
                .Where(m => ids.Contains(m.TicketId) && EF.Functions.ILike(m.Body, pattern))
                .OrderByDescending(m => m.Id)
                .Select(m => new { m.TicketId, m.Body })
                .ToListAsync(cancellationToken);
            return hits.DistinctBy(h => h.TicketId).ToDictionary(h => h.TicketId, h => Cut(h.Body, q));
        }

        private static Snippet Cut(string body, string q) => Snippet.Around(body, body.IndexOf(q, StringComparison.OrdinalIgnoreCase), q.Length, 24, 56);

        /// <summary>The tickets of one view for the viewer (their teams looked up first): the ticket page's pane and "next".</summary>
        internal static async Task<IQueryable<Ticket>> InViewAsync(HelpDeskDbContext db, Viewer viewer, QueueView view, CancellationToken cancellationToken)
        {
            var myTeams = await db.TeamMembers.Where(m => m.UserId == viewer.Id).Select(m => m.TeamId).ToListAsync(cancellationToken);
            return InView(db.Tickets.AsNoTracking().VisibleTo(db, viewer), view, viewer, myTeams);
        }

        private static IQueryable<Ticket> InView(IQueryable<Ticket> tickets, QueueView view, Viewer viewer, List<int> myTeams)
        {
            var active = tickets.Where(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed);
            var mineOrMyTeams = viewer.IsSupervisor ? tickets : tickets.Where(t => t.AssigneeId == viewer.Id || (t.TeamId != null && myTeams.Contains(t.TeamId.Value)));
            return view switch
            {
                QueueView.Mine => active.Where(t => t.AssigneeId == viewer.Id),
                QueueView.Unassigned => viewer.IsSupervisor
                    ? active.Where(t => t.AssigneeId == null)
                    : active.Where(t => t.AssigneeId == null && (t.TeamId == null || myTeams.Contains(t.TeamId.Value))),
                QueueView.Teams => viewer.IsSupervisor ? active : active.Where(t => t.TeamId != null && myTeams.Contains(t.TeamId.Value)),
                QueueView.Waiting => mineOrMyTeams.Where(t => t.Status == TicketStatus.PendingCustomer),
                QueueView.Risk => active.Where(t => t.SlaState == SlaState.AtRisk || t.SlaState == SlaState.Breached),
                _ => tickets,
            };
        }

        private async Task<IReadOnlyList<IQueryable<Ticket>>> FilteredAsync(IQueryable<Ticket> tickets, Filter f, CancellationToken cancellationToken)
        {
            if (f.Status is { } status)
            {
                tickets = tickets.Where(t => t.Status == status);
            }

            if (f.Sla is { } sla)
            {
                tickets = tickets.Where(t => t.SlaState == sla);
            }

            if (f.Priority is { } priority)
            {
                tickets = tickets.Where(t => t.Priority == priority);
            }

            if (f.Category is { } category)
            {
                tickets = tickets.Where(t => t.Category == category);
            }

            if (f.Channel is { } channel)
            {
                tickets = tickets.Where(t => t.Channel == channel);
            }

            if (f.TeamId is { } teamId)
            {
                tickets = tickets.Where(t => t.TeamId == teamId);
            }

            if (f.AssigneeId is { } assigneeId)
            {
                tickets = tickets.Where(t => t.AssigneeId == assigneeId);
            }

            if (!string.IsNullOrWhiteSpace(f.Tag))
            {
                var tag = f.Tag.Trim().ToLowerInvariant();
                tickets = tickets.Where(t => t.Tags.Contains(tag));
            }

            if (f.From is { } from)
            {
                var start = time.StartOfDay(from);
                tickets = tickets.Where(t => t.CreatedAt >= start);
            }

            if (f.To is { } to)
            {
                var end = time.StartOfDay(to.AddDays(1));
                tickets = tickets.Where(t => t.CreatedAt < end);
            }

            return string.IsNullOrWhiteSpace(f.Q) ? [tickets] : await tickets.PartsAsync(db, f.Q.Trim(), cancellationToken);
        }
    }
}
