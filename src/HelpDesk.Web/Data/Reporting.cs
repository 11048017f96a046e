namespace HelpDesk.Web.Data;

/// <summary>
/// The reporting model's SQL (issue 16 item 1): <c>report_facts.tx</c> (the writing transaction, xid8) and its
/// (tx, id) index, the daily rollup <c>report_daily</c> — one row per business date × kind × team × agent × channel ×
/// category × product × supplier (a missing dimension is 0, the empty uuid or "") with the number of facts and the
/// sum of their values — and the job's watermark <c>report_rollup_state</c>.
/// <para>Why (tx, id) and not the id alone: ids are taken when a fact is written, not when it commits, so a fact with a
/// smaller id can become visible after a larger one was folded. The job folds, in (tx, id) order, only facts of
/// transactions below <see cref="Horizon"/>, every one of which has ended: nothing is skipped, nothing folded twice.
/// A long transaction of this database delays the rollup, it never loses a fact.</para>
/// </summary>
public static class Reporting
{
    public const string Create = """
        ALTER TABLE report_facts ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
        CREATE INDEX ix_report_facts_tx_id ON report_facts (tx, id);

        CREATE TABLE report_daily (
            business_date date NOT NULL,
            kind varchar(40) NOT NULL,
            team_id int NOT NULL,
            agent_id uuid NOT NULL,
            channel varchar(40) NOT NULL,
            category varchar(40) NOT NULL,
            product_id bigint NOT NULL,
            supplier varchar(200) NOT NULL,
            facts bigint NOT NULL,
            total numeric(20, 2) NOT NULL,
            PRIMARY KEY (business_date, kind, team_id, agent_id, channel, category, product_id, supplier));

        CREATE TABLE report_rollup_state (
            id int PRIMARY KEY CHECK (id = 1),
            last_tx xid8 NOT NULL,
            last_id bigint NOT NULL,
            folded_at timestamptz);
        INSERT INTO report_rollup_state VALUES (1, '0', 0, NULL);
        """;

    public const string Drop = """
        DROP TABLE IF EXISTS report_rollup_state;
        DROP TABLE IF EXISTS report_daily;
        DROP INDEX IF EXISTS ix_report_facts_tx_id;
        ALTER TABLE report_facts DROP COLUMN IF EXISTS tx;
        """;

    /// <summary>
    /// The oldest transaction that may still write a fact (xid8): the oldest one in progress in the statement's snapshot,
    /// leaving out those running in another database of the cluster, which cannot write to this one's tables (a
    /// <c>pg_dump</c> or another application's long transaction on a shared server no longer holds the rollup back).
    /// A transaction the snapshot saw running that has ended since, or whose database cannot be seen, counts: the
    /// horizon only errs on the early side. With none in progress, the snapshot's xmax.
    /// </summary>
    public const string Horizon = """
        (SELECT coalesce(
            (SELECT min(x) FROM pg_snapshot_xip(s.snap) x
             WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.backend_xid = x::xid AND a.datname <> current_database())),
            pg_snapshot_xmax(s.snap))
         FROM (SELECT pg_current_snapshot() AS snap) s)
        """;

    /// <summary>
    /// Agent performance (issue 16 item 2): <c>report_histogram</c>, per business date × kind × team × agent × bucket
    /// the number of facts of the kinds that carry a bucket (first response and resolution: business-minute buckets;
    /// CSAT: the score; reopen, promise kept (1: late) and broken: 0), folded with <c>report_daily</c>, so a median or
    /// p90 over 90 days reads a few thousand rows; and indexes for the complaint rates (complaints of <c>report_daily</c>, orders by placing time;
    /// dropped since, <see cref="DropRateIndexes"/>).
    /// </summary>
    public const string CreateHistogram = $$"""
        CREATE TABLE report_histogram (
            business_date date NOT NULL,
            kind varchar(40) NOT NULL,
            team_id int NOT NULL,
            agent_id uuid NOT NULL,
            bucket int NOT NULL,
            facts bigint NOT NULL,
            PRIMARY KEY (business_date, kind, team_id, agent_id, bucket));
        {{RestoreRateIndexes}}
        """;

    public const string DropHistogram = """
        DROP INDEX IF EXISTS ix_orders_placed_at;
        DROP INDEX IF EXISTS ix_report_daily_kind_date;
        DROP TABLE IF EXISTS report_histogram;
        """;

    /// <summary>
    /// The two indexes of <see cref="CreateHistogram"/> for the complaint rates' old reads (complaints from
    /// <c>report_daily</c>, units from the orders by placing time): since the rates read <c>report_products_daily</c>
    /// and the UnitsSold facts (<see cref="SalesFacts"/>) nothing uses them (0 scans at 1M; 258 MB), so they go.
    /// </summary>
    public const string DropRateIndexes = """
        DROP INDEX IF EXISTS ix_orders_placed_at;
        DROP INDEX IF EXISTS ix_report_daily_kind_date;
        """;

    public const string RestoreRateIndexes = """
        CREATE INDEX ix_report_daily_kind_date ON report_daily (kind, business_date) INCLUDE (product_id, supplier, facts);
        CREATE INDEX ix_orders_placed_at ON orders (placed_at) INCLUDE (status);
        """;

    /// <summary>The histogram's key from a fact row <c>f</c>.</summary>
    public const string HistogramKey = """
        f.business_date, f.kind, coalesce(f.team_id, 0), coalesce(f.agent_id, '00000000-0000-0000-0000-000000000000'::uuid), f.bucket
        """;

    /// <summary>The rollup's key from a fact row <c>f</c>.</summary>
    public const string Key = """
        f.business_date, f.kind, coalesce(f.team_id, 0), coalesce(f.agent_id, '00000000-0000-0000-0000-000000000000'::uuid),
        coalesce(f.channel, ''), coalesce(f.category, ''), coalesce(f.product_id, 0), coalesce(f.supplier, '')
        """;
}
