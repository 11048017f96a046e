using HelpDesk.Domain.Knowledge;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Knowledge;

/// <summary>
/// How much self-service answers (R11), per business day: the help centre's searches and article reads, how many of
/// them the same browser followed with a question or complaint within 24 hours, and the deflection rate — the share
/// that was not followed by one. Only events whose 24 hours are over count (the last day fills in tomorrow). Beside it:
/// "this solved it" clicks, order lookups, and the questions customers searched for that found no article, the
/// editors' to-do list.
/// </summary>
public class DeflectionModel(TimeProvider clock, BusinessTime time) : SlicePageModel
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    public Report Data { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        var today = DateOnly.FromDateTime(time.ToLocal(clock.GetUtcNow()).DateTime);
        var to = To is { } t && t <= today ? t : today;
        var from = From is { } f && f <= to && to.DayNumber - f.DayNumber < 366 ? f : to.AddDays(-29);
        Data = await QueryAsync(new Query(from, to, clock.GetUtcNow()));
    }

    public sealed record Query(DateOnly From, DateOnly To, DateTimeOffset Now) : IQuery<Report>;

    public sealed record Day(DateOnly Date, int Searches, int Views, int FollowedByTicket, int Solved, int OrdersTracked)
    {
        public int SelfService => Searches + Views;

        /// <summary>Share of searches and reads not followed by a ticket; null without any.</summary>
        public double? Rate => SelfService == 0 ? null : 1 - ((double)FollowedByTicket / SelfService);
    }

    public sealed record Report(DateOnly From, DateOnly To, IReadOnlyList<Day> Days, Day Total, IReadOnlyList<(string Query, int Count)> Unanswered);

    public sealed class Handler(HelpDeskDbContext db, BusinessTime time) : IRequestHandler<Query, Report>
    {
        public async Task<Report> Handle(Query request, CancellationToken cancellationToken)
        {
            var from = time.StartOfDay(request.From).ToUniversalTime();
            var to = time.StartOfDay(request.To.AddDays(1)).ToUniversalTime();
            var settled = (request.Now - HelpEvent.FollowUpWindow).ToUniversalTime();
            var zone = time.Zone.Id;

            // A range scan on at; "followed by a ticket" is one probe per event into that browser's tickets (partial index).
            var days = await db.Database.SqlQuery<DayRow>($"""
                SELECT (e.at AT TIME ZONE {zone})::date AS date,
                       count(*) FILTER (WHERE e.kind = 'Search')::int AS searches,
                       count(*) FILTER (WHERE e.kind = 'ArticleView')::int AS views,
                       count(*) FILTER (WHERE e.kind IN ('Search', 'ArticleView') AND EXISTS (
                           SELECT 1 FROM help_events t
                           WHERE t.kind = 'Ticket' AND t.visitor = e.visitor AND t.at > e.at AND t.at <= e.at + interval '24 hours'))::int AS followed,
                       count(*) FILTER (WHERE e.kind = 'Solved')::int AS solved,
                       count(*) FILTER (WHERE e.kind = 'OrderTracked')::int AS tracked
                FROM help_events e
                WHERE e.at >= {from} AND e.at < {to} AND e.at <= {settled} AND e.kind <> 'Ticket'
                GROUP BY 1
                ORDER BY 1
                """).ToListAsync(cancellationToken);
            var unanswered = await db.HelpEvents.AsNoTracking()
                .Where(e => e.Kind == HelpEventKind.Search && e.Results == 0 && e.At >= from && e.At < to)
                .GroupBy(e => e.Query!)
                .Select(g => new { Query = g.Key, Count = g.Count() })
                .OrderByDescending(g => g.Count).ThenBy(g => g.Query)
                .Take(10)
                .ToListAsync(cancellationToken);

            var list = days.Select(d => new Day(d.Date, d.Searches, d.Views, d.Followed, d.Solved, d.Tracked)).ToList();
            var total = new Day(request.To, list.Sum(d => d.Searches), list.Sum(d => d.Views), list.Sum(d => d.FollowedByTicket), list.Sum(d => d.Solved), list.Sum(d => d.OrdersTracked));
            return new Report(request.From, request.To, list, total, [.. unanswered.Select(u => (u.Query, u.Count))]);
        }
    }

    private sealed record DayRow(DateOnly Date, int Searches, int Views, int Followed, int Solved, int Tracked);
}
