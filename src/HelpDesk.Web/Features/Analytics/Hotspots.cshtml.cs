using HelpDesk.Domain.Analytics;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Reports;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Analytics;

/// <summary>"HelpDesk:Hotspots": when a topic counts as rising (<see cref="RisingTopicRule"/>).</summary>
public sealed class HotspotsOptions
{
    public const string Section = "HelpDesk:Hotspots";

    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int MinimumTickets { get; set; } = 5;

    [System.ComponentModel.DataAnnotations.Range(1.01, 1000)]
    public decimal RisingFactor { get; set; } = 2m;

    [System.ComponentModel.DataAnnotations.Range(1, 12)]
    public int BaselinePeriods { get; set; } = 4;

    public RisingTopicRule Rule => new RisingTopicRule(MinimumTickets, RisingFactor, BaselinePeriods).Validate();
}

/// <summary>
/// Consultation hotspots (issue 16 item 2, R12) for the last 7 (the default), 30 or 90 days or a range: new tickets
/// per day by category (a Chart.js chart and its table), the products most asked about, and the topics — the terms
/// of the customers' own words (<see cref="RecordTerms"/>) — that rise above their baseline, with the most mentioned
/// beside them, each with its latest tickets as samples. Every number and every bar drills down to the tickets behind
/// it (<see cref="DrillDown"/>). Reads the rollups only: <c>report_products_daily</c>, <c>term_windows</c> (the last 7, 30
/// or 90 days) or <c>term_daily</c> (any other range), plus
/// <c>ticket_terms</c>' primary key for the samples. A topic's number counts a ticket once per day it used the term;
/// its drill-down lists each ticket once. Export: CSV or .xlsx of the topics.
/// </summary>
public class HotspotsModel(TimeProvider clock, BusinessTime time) : ReportPageModel(clock, time)
{
    public override int DefaultDays => 7;

    public Model? Report { get; private set; }

    public bool MayOpenTickets => User.IsInRole(Roles.Agent) || User.IsInRole(Roles.Supervisor);

    public async Task<IActionResult> OnGetAsync()
    {
        if (ReadPeriod() is not { } period)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Report = await QueryAsync(new Query(period));
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(string? format)
    {
        var period = ReadPeriod();
        if (ReadFormat(format) is not { } file || period is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var r = await QueryAsync(new Query(period));
        return new TableFile(
            $"hotspots-{r.Period.From:yyyyMMdd}-{r.Period.To:yyyyMMdd}",
            [L["hotspots.topic"], L["hotspots.tickets"], L["hotspots.baseline"], L["hotspots.rising"]],
            [.. r.Rising.Concat(r.Top.Where(t => !t.Rising)).Select(t => (IReadOnlyList<object?>)[t.Term, t.Tickets, t.Baseline, t.Rising ? L["hotspots.yes"].Value : ""])])
            .ToResult(file);
    }

    public sealed record Query(ReportPeriod Period) : IQuery<Model>;

    /// <summary>A category's new tickets on each day of the period (<see cref="Model.Days"/>).</summary>
    public sealed record CategorySeries(string Category, IReadOnlyList<long> PerDay)
    {
        public long Total => PerDay.Sum();
    }

    public sealed record ProductRow(long ProductId, string Name, string Supplier, long Tickets);

    public sealed record Sample(long Number, string Subject);

    public sealed record Topic(string Term, long Tickets, decimal Baseline, bool Rising, IReadOnlyList<Sample> Samples);

    public sealed record Model(ReportPeriod Period, RisingTopicRule Rule, IReadOnlyList<DateOnly> Days, IReadOnlyList<CategorySeries> Categories, IReadOnlyList<ProductRow> Products, IReadOnlyList<Topic> Rising, IReadOnlyList<Topic> Top);

    public sealed class Handler(HelpDeskDbContext db, IOptions<HotspotsOptions> options) : IRequestHandler<Query, Model>
    {
        /// <summary>Rising topics and most mentioned topics shown, products listed, samples per topic.</summary>
        public const int Shown = 20;
        private const int Samples = 3;

        /// <summary>The candidates whose baseline is read: the period's most mentioned terms from the minimum on.</summary>
        private const int Candidates = 2_000;

        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var rule = options.Value.Rule;
            var (from, to) = (request.Period.From, request.Period.To);
            var created = nameof(FactKind.TicketCreated);
            var days = Enumerable.Range(0, request.Period.Days).Select(from.AddDays).ToList();

            var perDay = await db.Database.SqlQuery<CategoryDay>($"""
                SELECT business_date, category, sum(facts)::bigint AS tickets
                FROM report_products_daily WHERE kind = {created} AND business_date BETWEEN {from} AND {to} GROUP BY 1, 2
                """).ToListAsync(cancellationToken);
            var categories = perDay.GroupBy(c => c.Category)
                .Select(g => new CategorySeries(g.Key, [.. days.Select(d => g.Where(c => c.BusinessDate == d).Sum(c => c.Tickets))]))
                .OrderByDescending(c => c.Total).ThenBy(c => c.Category, StringComparer.Ordinal).ToList();

            var top = await db.Database.SqlQuery<ProductCount>($"""
                SELECT product_id, sum(facts)::bigint AS tickets
                FROM report_products_daily WHERE kind = {created} AND business_date BETWEEN {from} AND {to} AND product_id <> 0
                GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {Shown}
                """).ToListAsync(cancellationToken);
            var ids = top.Select(p => p.ProductId).ToList();
            var names = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => (p.Name, p.Supplier), cancellationToken);
            var products = top.Select(p => new ProductRow(p.ProductId, names.GetValueOrDefault(p.ProductId).Name ?? "?", names.GetValueOrDefault(p.ProductId).Supplier ?? "", p.Tickets)).ToList();

            var counts = await CandidatesAsync(request.Period, rule, cancellationToken);
            var evaluated = counts.Select(c => (c.Term, c.Tickets, Verdict: rule.Evaluate(c.Tickets, c.Before))).ToList();
            var rising = evaluated.Where(e => e.Verdict.Rising)
                .OrderByDescending(e => e.Tickets - e.Verdict.Baseline).ThenBy(e => e.Term, StringComparer.Ordinal).Take(Shown).ToList();
            var mentioned = evaluated.Take(Shown).ToList(); // already by tickets, most first
            var shownTerms = rising.Concat(mentioned).Select(e => e.Term).Distinct().ToArray();
            var samples = (await db.Database.SqlQuery<TermSample>($"""
                SELECT s.term, t.number, t.subject
                FROM unnest({shownTerms}) s(term)
                CROSS JOIN LATERAL (
                    SELECT tt.ticket_id FROM ticket_terms tt
                    WHERE tt.term = s.term AND tt.business_date BETWEEN {from} AND {to}
                    ORDER BY tt.business_date DESC, tt.ticket_id DESC LIMIT {Samples}) x
                JOIN tickets t ON t.id = x.ticket_id
                ORDER BY t.number DESC
                """).ToListAsync(cancellationToken)).ToLookup(s => s.Term, StringComparer.Ordinal);

            Topic ToTopic((string Term, long Tickets, (decimal Baseline, bool Rising) Verdict) e) =>
                new(e.Term, e.Tickets, e.Verdict.Baseline, e.Verdict.Rising, [.. samples[e.Term].Select(s => new Sample(s.Number, s.Subject))]);
            return new Model(request.Period, rule, days, categories, products, [.. rising.Select(ToTopic)], [.. mentioned.Select(ToTopic)]);
        }

        /// <summary>
        /// The period's most mentioned terms from the minimum on, each with its tickets in the baseline periods before:
        /// for the last 7, 30 or 90 days from the windows (one index, <see cref="TermWindows"/>) while they end today,
        /// else summed from <c>term_daily</c> (by date, then the baselines by term).
        /// </summary>
        private async Task<List<TermCount>> CandidatesAsync(ReportPeriod period, RisingTopicRule rule, CancellationToken cancellationToken)
        {
            var (from, to, minimum) = (period.From, period.To, rule.MinimumTickets);
            if (period.Days is 7 or 30 or 90 && await TermWindows.ReadAsync(db, cancellationToken) == new TermWindows.State(to, rule.BaselinePeriods))
            {
                // The columns are one of three fixed pairs (d7/b7, d30/b30, d90/b90), never user input.
                var n = period.Days;
                var sql = $"SELECT term, d{n}::bigint AS tickets, b{n}::bigint AS before FROM term_windows WHERE d{n} >= @minimum ORDER BY d{n} DESC, term LIMIT {Candidates}";
                return await db.Database.SqlQueryRaw<TermCount>(sql, new Npgsql.NpgsqlParameter("minimum", minimum)).ToListAsync(cancellationToken);
            }

            var counts = await db.Database.SqlQuery<TermCount>($"""
                SELECT term, sum(tickets)::bigint AS tickets, 0::bigint AS before
                FROM term_daily WHERE business_date BETWEEN {from} AND {to}
                GROUP BY term HAVING sum(tickets) >= {minimum} ORDER BY 2 DESC, 1 LIMIT {Candidates}
                """).ToListAsync(cancellationToken);
            var terms = counts.Select(c => c.Term).ToArray();
            var (baselineFrom, baselineTo) = (rule.BaselineFrom(period), from.AddDays(-1));
            var before = (await db.Database.SqlQuery<TermCount>($"""
                SELECT term, 0::bigint AS tickets, sum(tickets)::bigint AS before
                FROM term_daily WHERE term = ANY({terms}) AND business_date BETWEEN {baselineFrom} AND {baselineTo} GROUP BY term
                """).ToListAsync(cancellationToken)).ToDictionary(c => c.Term, c => c.Before, StringComparer.Ordinal);
            return [.. counts.Select(c => c with { Before = before.GetValueOrDefault(c.Term) })];
        }

        public sealed record CategoryDay(DateOnly BusinessDate, string Category, long Tickets);

        public sealed record ProductCount(long ProductId, long Tickets);

        public sealed record TermCount(string Term, long Tickets, long Before);

        public sealed record TermSample(string Term, long Number, string Subject);
    }
}
