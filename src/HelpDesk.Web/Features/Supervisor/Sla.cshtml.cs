using System.Globalization;
using System.Text;
using HelpDesk.Domain.Sla;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Agent.Tickets;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Queue = HelpDesk.Web.Features.Agent.Tickets.IndexModel;

namespace HelpDesk.Web.Features.Supervisor;

/// <summary>
/// The supervisor's SLA dashboard (R7): live counts of open tickets by SLA state per team, priority and channel;
/// compliance for first response and resolution over a period, per day (chart and CSV); the tickets that will breach
/// within the next N business minutes, each reassignable in one click; and the breaches of the period.
/// </summary>
public class SlaModel(TimeProvider clock) : SlicePageModel
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public int Minutes { get; set; } = 60;

    /// <summary>The breach list's page: the last row of the previous one (<see cref="TimeCursor"/>: deadline, id).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Breaches { get; set; }

    [BindProperty]
    public string? Number { get; set; }

    [BindProperty]
    public Guid? AssigneeId { get; set; }

    [TempData]
    public string? Flash { get; set; }

    public Model Dashboard { get; private set; } = null!;

    public async Task OnGetAsync() => Dashboard = await QueryAsync(Current());

    /// <summary>One row per ticket or per agent of the period (<see cref="SlaExport"/>).</summary>
    public async Task<IActionResult> OnGetExportRowsAsync(SlaExport.Kind kind)
    {
        var period = Current();
        var csv = await QueryAsync(new SlaExport.Query(period.From, period.To, kind));
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv",
            $"sla-{kind.ToString().ToLowerInvariant()}-{period.From:yyyyMMdd}-{period.To:yyyyMMdd}.csv");
    }

    public async Task<IActionResult> OnGetExportAsync()
    {
        var dashboard = await QueryAsync(Current());
        var csv = new StringBuilder("date,first_response_total,first_response_met,resolution_total,resolution_met,breaches\n");
        foreach (var day in dashboard.Days)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{day.Day:yyyy-MM-dd},{day.FirstTotal},{day.FirstMet},{day.ResolutionTotal},{day.ResolutionMet},{day.Breaches}\n");
        }

        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv", $"sla-{dashboard.From:yyyyMMdd}-{dashboard.To:yyyyMMdd}.csv");
    }

    public async Task<IActionResult> OnPostReassignAsync()
    {
        var result = await SendAsync(new Bulk.Command(Viewer.From(User), [Number ?? string.Empty], false, null, AssigneeId), prefix: string.Empty);
        if (result.Succeeded)
        {
            Flash = L["flash.assigned"];
            return Redirect($"/supervisor/sla?from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}&minutes={Minutes}");
        }

        Dashboard = await QueryAsync(Current());
        return Page();
    }

    private Query Current()
    {
        var today = DateOnly.FromDateTime(HttpContext.RequestServices.GetRequiredService<BusinessTime>().ToLocal(clock.GetUtcNow()).DateTime);
        var to = To ?? today;
        var from = From is { } f && f <= to ? f : to.AddDays(-6);
        return new Query(from, to, Math.Clamp(Minutes, 15, 24 * 60), clock.GetUtcNow(), TimeCursor.Parse(Breaches));
    }

    public sealed record Query(DateOnly From, DateOnly To, int Minutes, DateTimeOffset Now, TimeCursor? BreachesAfter = null) : IQuery<Model>;

    /// <summary>Breaches shown per page of the list.</summary>
    public const int BreachPage = 50;

    public sealed record Model(
        DateOnly From,
        DateOnly To,
        int Minutes,
        IReadOnlyList<CountRow> ByTeam,
        IReadOnlyList<CountRow> ByPriority,
        IReadOnlyList<CountRow> ByChannel,
        IReadOnlyList<DayRow> Days,
        IReadOnlyList<BoardRow> Board,
        IReadOnlyList<BreachRow> Breaches,
        TimeCursor? OlderBreaches,
        bool BreachesPaged,
        IReadOnlyList<(Guid Id, string Name)> Agents)
    {
        public static readonly SlaState[] States = [SlaState.OnTrack, SlaState.AtRisk, SlaState.Breached, SlaState.Paused, SlaState.None];

        public double? FirstResponseCompliance => Percent(Days.Sum(d => d.FirstMet), Days.Sum(d => d.FirstTotal));

        public double? ResolutionCompliance => Percent(Days.Sum(d => d.ResolutionMet), Days.Sum(d => d.ResolutionTotal));

        public static double? Percent(int met, int total) => total == 0 ? null : Math.Round(100.0 * met / total, 1);
    }

    /// <summary>Open tickets of one team (priority, channel) per SLA state.</summary>
    /// <summary>One row of a count table; <c>Filter</c> narrows the queue to it (null: the queue cannot, as for "no team").</summary>
    public sealed record CountRow(string Label, IReadOnlyDictionary<SlaState, int> Counts, Queue.Filter? Filter = null)
    {
        /// <summary>The queue's open tickets behind one count: the drill-down.</summary>
        public string? Link(SlaState state) => Filter is { } f && Counts[state] > 0 ? Queue.LinkTo(f with { View = Queue.QueueView.Teams, Sla = state }) : null;
    }

    /// <summary>Tickets created that day (business time zone): how many clocks finished, and how many in time.</summary>
    public sealed record DayRow(DateOnly Day, int FirstTotal, int FirstMet, int ResolutionTotal, int ResolutionMet, int Breaches);

    public sealed record BoardRow(string Number, string Subject, TicketPriority Priority, string? Team, string? Assignee, SlaMetric Metric, DateTimeOffset DueAt);

    /// <summary>A breached clock: its deadline (when it breached) and when the monitor noticed.</summary>
    public sealed record BreachRow(string Number, string Subject, SlaMetric Metric, DateTimeOffset DueAt, DateTimeOffset NoticedAt, string? Team);

    public sealed class Handler(HelpDeskDbContext db, BusinessTime time) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var active = db.Tickets.AsNoTracking().Where(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed);
            // One pass over the open tickets (an index-only scan of ix_tickets_active_sla), split three ways here.
            var groups = await active.GroupBy(t => new { t.TeamId, t.Priority, t.Channel, t.SlaState })
                .Select(g => new { g.Key.TeamId, g.Key.Priority, g.Key.Channel, g.Key.SlaState, Count = g.Count() }).ToListAsync(cancellationToken);
            var byTeam = groups.GroupBy(g => (g.TeamId, g.SlaState)).Select(g => new { g.Key.TeamId, g.Key.SlaState, Count = g.Sum(x => x.Count) }).ToList();
            var byPriority = groups.GroupBy(g => (g.Priority, g.SlaState)).Select(g => new { g.Key.Priority, g.Key.SlaState, Count = g.Sum(x => x.Count) }).ToList();
            var byChannel = groups.GroupBy(g => (g.Channel, g.SlaState)).Select(g => new { g.Key.Channel, g.Key.SlaState, Count = g.Sum(x => x.Count) }).ToList();
            var teams = await db.Teams.AsNoTracking().Where(t => t.Kind == Domain.Teams.TeamKind.Service).OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(cancellationToken);

            var start = time.StartOfDay(request.From);
            var end = time.StartOfDay(request.To.AddDays(1));
            var zone = time.Zone.Id;
            // From the 15-minute rollups kept by triggers as clocks change (Data/SlaRollups.cs): at most 96 rows a day.
            var days = await db.Database.SqlQuery<DayRow>($"""
                SELECT (r.bucket AT TIME ZONE {zone})::date AS day,
                       sum(r.first_total)::int AS first_total,
                       sum(r.first_met)::int AS first_met,
                       sum(r.resolution_total)::int AS resolution_total,
                       sum(r.resolution_met)::int AS resolution_met,
                       sum(r.breaches)::int AS breaches
                FROM sla_rollups r
                WHERE r.bucket >= {start} AND r.bucket < {end}
                GROUP BY 1 HAVING sum(r.tickets) > 0 ORDER BY 1
                """).ToListAsync(cancellationToken);

            var board = await BoardAsync(request, cancellationToken);
            // Breaches whose deadline falls in the period, latest first, a page at a time (ix_sla_escalations_level_due_at_id).
            var escalations = db.SlaEscalations.AsNoTracking().Where(e => e.Level == EscalationLevel.Breached && e.DueAt >= start && e.DueAt < end);
            if (request.BreachesAfter is { } after)
            {
                escalations = escalations.Where(e => e.DueAt < after.At || (e.DueAt == after.At && e.Id < after.Id));
            }

            var breaches = await (
                from e in escalations.OrderByDescending(e => e.DueAt).ThenByDescending(e => e.Id).Take(BreachPage + 1)
                join t in db.Tickets on e.TicketId equals t.Id
                join team in db.Teams on t.TeamId equals team.Id into ts
                from team in ts.DefaultIfEmpty()
                orderby e.DueAt descending, e.Id descending
                select new { e.Id, t.Number, t.Subject, e.Metric, e.DueAt, e.At, Team = team.Name })
                .ToListAsync(cancellationToken);
            var page = breaches.Take(BreachPage).ToList();
            var agents = await (
                from m in db.TeamMembers
                join t in db.Teams on m.TeamId equals t.Id
                where t.Kind == Domain.Teams.TeamKind.Service
                join u in db.Users on m.UserId equals u.Id
                select new { u.Id, u.DisplayName })
                .Distinct().OrderBy(u => u.DisplayName).ToListAsync(cancellationToken);

            Dictionary<SlaState, int> Counts<TKey>(IEnumerable<(TKey Key, SlaState State, int Count)> rows, TKey key) =>
                Model.States.ToDictionary(s => s, s => rows.Where(r => Equals(r.Key, key) && r.State == s).Sum(r => r.Count));

            return new Model(
                request.From,
                request.To,
                request.Minutes,
                teams.Select(t => new CountRow(t.Name, Counts(byTeam.Select(r => (r.TeamId, r.SlaState, r.Count)), (int?)t.Id), new Queue.Filter { TeamId = t.Id }))
                    .Append(new CountRow(string.Empty, Counts(byTeam.Select(r => (r.TeamId, r.SlaState, r.Count)), (int?)null))).ToList(),
                Enum.GetValues<TicketPriority>().Reverse().Select(p => new CountRow(p.ToString(), Counts(byPriority.Select(r => (r.Priority, r.SlaState, r.Count)), p), new Queue.Filter { Priority = p })).ToList(),
                Enum.GetValues<Channel>().Select(c => new CountRow(c.ToString(), Counts(byChannel.Select(r => (r.Channel, r.SlaState, r.Count)), c), new Queue.Filter { Channel = c })).ToList(),
                days,
                board,
                page.Select(b => new BreachRow(Ticket.FormatNumber(b.Number), b.Subject, b.Metric, b.DueAt, b.At, b.Team)).ToList(),
                breaches.Count > BreachPage ? new TimeCursor(page[^1].DueAt, page[^1].Id) : null,
                request.BreachesAfter is not null,
                agents.Select(a => (a.Id, a.DisplayName)).ToList());
        }

        /// <summary>
        /// Running clocks that reach their target within the next N business minutes of their own calendar, not yet
        /// breached: the ones a supervisor can still save.
        /// </summary>
        private async Task<List<BoardRow>> BoardAsync(Query request, CancellationToken cancellationToken)
        {
            var calendars = await db.BusinessCalendars.AsNoTracking().ToListAsync(cancellationToken);
            var horizons = calendars.ToDictionary(c => c.Id, c => c.AddBusinessMinutes(request.Now, request.Minutes));
            var latest = horizons.Values.DefaultIfEmpty(request.Now).Max();
            var now = request.Now;
            var candidates = await (
                from t in db.Tickets.AsNoTracking()
                where t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed && t.SlaState != SlaState.Breached
                    && t.NextDeadlineAt != null && t.NextDeadlineAt <= latest
                join team in db.Teams on t.TeamId equals team.Id into ts
                from team in ts.DefaultIfEmpty()
                join user in db.Users on t.AssigneeId equals user.Id into us
                from user in us.DefaultIfEmpty()
                select new { t.Number, t.Subject, t.Priority, Team = team.Name, Assignee = user.DisplayName, t.Sla })
                .Take(500).ToListAsync(cancellationToken);
            return candidates
                .SelectMany(c => c.Sla.Clocks
                    .Where(k => k.Clock.IsRunning && !k.Clock.Breached && k.Clock.DueAt > now && c.Sla.CalendarId is { } cal && horizons.TryGetValue(cal, out var h) && k.Clock.DueAt <= h)
                    .Select(k => new BoardRow(Ticket.FormatNumber(c.Number), c.Subject, c.Priority, c.Team, c.Assignee, k.Metric, k.Clock.DueAt!.Value)))
                .OrderBy(r => r.DueAt)
                .Take(100)
                .ToList();
        }
    }
}
