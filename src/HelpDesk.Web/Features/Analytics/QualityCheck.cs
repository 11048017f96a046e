using HelpDesk.Domain.Analytics;
using HelpDesk.Domain.Feedback;
using HelpDesk.Domain.Teams;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Analytics;

/// <summary>
/// The daily quality check (issue 16 item 2): the complaint rates of the current month so far (business dates from the
/// 1st to today) per product and per supplier; each above <c>HelpDesk:Quality:ComplaintRateThreshold</c> (and with at
/// least the minimum units) raises one <see cref="QualityAlert"/> into the product department's queue (operations when
/// there is no product department) — once per product or supplier and month: the unique key (scope, subject, period)
/// and INSERT … ON CONFLICT DO NOTHING, under a transaction-scoped advisory lock so several instances do the work once.
/// Returns how many alerts it raised.
/// </summary>
public static class QualityCheck
{
    public const long LockKey = 0x5155_414c_4954; // "QUALIT"

    public sealed record Command : ICommand<int>;

    public sealed class Handler(HelpDeskDbContext db, BusinessTime time, TimeProvider clock, IOptions<QualityOptions> options, ILogger<Command> logger) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({LockKey}) AS \"Value\"").SingleAsync(cancellationToken);
            if (!locked)
            {
                return 0; // another instance is checking right now
            }

            var department = await db.Teams.AsNoTracking().Where(t => t.Kind == TeamKind.Department && (t.Department == Department.Product || t.Department == Department.Operations))
                .OrderBy(t => t.Department == Department.Product ? 0 : 1).ThenBy(t => t.Id).Select(t => (int?)t.Id).FirstOrDefaultAsync(cancellationToken);
            if (department is not { } departmentId)
            {
                logger.LogWarning("Quality check: no product or operations department to raise alerts to");
                return 0;
            }

            var now = clock.GetUtcNow();
            var today = DateOnly.FromDateTime(time.ToLocal(now).DateTime);
            var period = new ReportPeriod(new DateOnly(today.Year, today.Month, 1), today);
            var rule = options.Value.Rule;
            var table = await ComplaintRates.ComputeAsync(db, period, rule, cancellationToken);
            var due = table.Products.Where(p => p.Verdict == ComplaintRateVerdict.AboveThreshold)
                .Select(p => (Scope: QualityAlertScope.Product, Subject: p.ProductId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), Label: $"{p.Label}（{p.Supplier}）", Row: p))
                .Concat(table.Suppliers.Where(s => s.Verdict == ComplaintRateVerdict.AboveThreshold).Select(s => (Scope: QualityAlertScope.Supplier, Subject: s.Supplier!, Label: s.Label, Row: s)));
            var raised = 0;
            foreach (var (scope, subject, label, row) in due)
            {
                var scopeText = scope.ToString();
                raised += await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO quality_alerts (scope, subject, label, department_team_id, period_start, period_end, complaints, units, rate, threshold, raised_at)
                    VALUES ({scopeText}, {subject}, {label}, {departmentId}, {period.From}, {period.To}, {row.Complaints}, {row.Units}, {row.Rate!.Value}, {rule.Threshold}, {now})
                    ON CONFLICT (scope, subject, period_start) DO NOTHING
                    """, cancellationToken);
            }

            return raised;
        }
    }
}
