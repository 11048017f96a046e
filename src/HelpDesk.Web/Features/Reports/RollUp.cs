using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Reports;

/// <summary>
/// Folds new facts into the daily rollup (and its narrow twin <c>report_products_daily</c> and the agent-performance histogram <c>report_histogram</c>): one batch in (tx, id) order past the watermark, of transactions that have
/// ended (<see cref="Reporting"/>), summed per rollup key and upserted, the watermark moved — one transaction. The
/// watermark row is claimed with FOR UPDATE SKIP LOCKED: with several instances one folds while the others skip the
/// tick, and a crashed one's batch is rolled back and folded again by the next. After downtime the job folds batch after
/// batch until it has caught up. Returns how many facts it folded (0: up to date, or another instance is at it).
/// </summary>
public static class RollUp
{
    public sealed record Command(int BatchSize = 5_000) : ICommand<int>;

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var claimed = await db.Database.SqlQuery<int>($"SELECT id AS \"Value\" FROM report_rollup_state WHERE id = 1 FOR UPDATE SKIP LOCKED").ToListAsync(cancellationToken);
            if (claimed.Count == 0)
            {
                return 0;
            }

            var sql = $"""
                WITH batch AS (
                    -- The watermark as two scalar subqueries, so it bounds the index scan of (tx, id); joined to the
                    -- state row it was a filter over every fact (3.2 s a tick at 1M tickets with nothing to fold).
                    SELECT f.* FROM report_facts f
                    WHERE (f.tx, f.id) > ((SELECT last_tx FROM report_rollup_state WHERE id = 1), (SELECT last_id FROM report_rollup_state WHERE id = 1))
                      AND f.tx < {Reporting.Horizon}
                    ORDER BY f.tx, f.id LIMIT {request.BatchSize}),
                folded AS (
                    INSERT INTO report_daily AS r (business_date, kind, team_id, agent_id, channel, category, product_id, supplier, facts, total)
                    SELECT {Reporting.Key}, count(*), sum(f.value) FROM batch f GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
                    ON CONFLICT (business_date, kind, team_id, agent_id, channel, category, product_id, supplier)
                    DO UPDATE SET facts = r.facts + EXCLUDED.facts, total = r.total + EXCLUDED.total),
                products AS (
                    INSERT INTO report_products_daily AS p (kind, business_date, category, product_id, supplier, facts, total)
                    SELECT {SalesFacts.ProductsKey}, count(*), sum(f.value) FROM batch f GROUP BY 1, 2, 3, 4, 5
                    ON CONFLICT (kind, business_date, category, product_id, supplier)
                    DO UPDATE SET facts = p.facts + EXCLUDED.facts, total = p.total + EXCLUDED.total),
                histogram AS (
                    INSERT INTO report_histogram AS h (business_date, kind, team_id, agent_id, bucket, facts)
                    SELECT {Reporting.HistogramKey}, count(*) FROM batch f WHERE f.bucket IS NOT NULL GROUP BY 1, 2, 3, 4, 5
                    ON CONFLICT (business_date, kind, team_id, agent_id, bucket) DO UPDATE SET facts = h.facts + EXCLUDED.facts),
                last AS (SELECT tx, id FROM batch ORDER BY tx DESC, id DESC LIMIT 1)
                UPDATE report_rollup_state s SET last_tx = last.tx, last_id = last.id, folded_at = now()
                FROM last WHERE s.id = 1
                RETURNING (SELECT count(*) FROM batch)::int AS "Value"
                """;
            var folded = await db.Database.SqlQueryRaw<int>(sql).ToListAsync(cancellationToken);
            return folded.SingleOrDefault();
        }
    }
}

/// <summary>
/// Recomputes the whole rollup from the facts (after a change of what is rolled up, or to check it): under the
/// watermark's row lock, the facts of ended transactions grouped again, the watermark set to the last of them.
/// </summary>
public static class RebuildRollup
{
    public sealed record Command : ICommand<int>;

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            await db.Database.ExecuteSqlRawAsync("SELECT 1 FROM report_rollup_state WHERE id = 1 FOR UPDATE", cancellationToken);
            var sql = $"""
                CREATE TEMP TABLE report_rebuild ON COMMIT DROP AS
                    SELECT f.* FROM report_facts f WHERE f.tx < {Reporting.Horizon};
                TRUNCATE report_daily, report_products_daily, report_histogram;
                INSERT INTO report_daily (business_date, kind, team_id, agent_id, channel, category, product_id, supplier, facts, total)
                    SELECT {Reporting.Key}, count(*), sum(f.value) FROM report_rebuild f GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
                INSERT INTO report_products_daily (kind, business_date, category, product_id, supplier, facts, total)
                    SELECT {SalesFacts.ProductsKey}, count(*), sum(f.value) FROM report_rebuild f GROUP BY 1, 2, 3, 4, 5;
                INSERT INTO report_histogram (business_date, kind, team_id, agent_id, bucket, facts)
                    SELECT {Reporting.HistogramKey}, count(*) FROM report_rebuild f WHERE f.bucket IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
                UPDATE report_rollup_state s SET last_tx = coalesce(l.tx, '0'), last_id = coalesce(l.id, 0), folded_at = now()
                    FROM (SELECT NULL) dummy LEFT JOIN (SELECT tx, id FROM report_rebuild ORDER BY tx DESC, id DESC LIMIT 1) l ON true
                    WHERE s.id = 1;
                """;
            await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
            return await db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM report_rebuild").SingleAsync(cancellationToken);
        }
    }
}
