namespace HelpDesk.Web.Data;

/// <summary>
/// The hotspots' tables (issue 16 item 2), made by the migration Hotspots_TicketTerms, read and written by SQL only
/// (no EF entity, so the model snapshot is untouched):
/// <c>ticket_terms</c> (term, business_date, ticket_id, team_id): one row per term a ticket's inbound text contained
/// that day; its primary key (term, business_date, ticket_id) serves the drill-down <c>term=</c> and the samples.
/// <c>term_daily</c> (business_date, team_id, term, tickets): the tickets per term and day, counted from
/// <c>term_deltas</c> by the rollup job (<see cref="Fold"/>); the hotspots page reads only this (primary key by date, and (term, business_date) for the baseline).
/// Plus the drill-down's index on report_facts (kind, business_date, ticket_id).
/// </summary>
public static class HotspotsSql
{
    public const string Create = """
        CREATE TABLE ticket_terms (
            term varchar(40) NOT NULL,
            business_date date NOT NULL,
            ticket_id bigint NOT NULL,
            team_id int NOT NULL,
            PRIMARY KEY (term, business_date, ticket_id));
        CREATE INDEX ix_ticket_terms_ticket_id ON ticket_terms (ticket_id);

        CREATE TABLE term_daily (
            business_date date NOT NULL,
            team_id int NOT NULL,
            term varchar(40) NOT NULL,
            tickets int NOT NULL,
            PRIMARY KEY (business_date, team_id, term));
        CREATE INDEX ix_term_daily_term_business_date ON term_daily (term, business_date);

        CREATE INDEX ix_report_facts_kind_date_ticket ON report_facts (kind, business_date, ticket_id);
        """;

    public const string Drop = """
        DROP INDEX IF EXISTS ix_report_facts_kind_date_ticket;
        DROP TABLE IF EXISTS term_daily;
        DROP TABLE IF EXISTS ticket_terms;
        """;

    /// <summary>
    /// The topics of the standard periods as a read model (issue 16, speed at 1M): per term, the tickets of the last 7,
    /// 30 and 90 days up to <c>term_windows_state.as_of</c> (d7, d30, d90: days after as_of − N, later days included)
    /// and of the baseline before each (b7, b30, b90: the <c>baseline_periods</c> × N days before those), so the
    /// hotspots page reads the 2,000 most mentioned terms of a period and their baselines from one index instead of
    /// summing every term of 90 + 360 days. <see cref="Fold"/> adds the new rows; once a business day the
    /// rollup job moves the windows on a day (<c>hd_term_windows_roll</c>: the day leaving each window goes into its
    /// baseline, the day leaving the baseline goes), reading only those days' rows; <c>hd_term_windows_rebuild</c>
    /// recomputes everything from <c>term_daily</c> (the migration, a change of <c>BaselinePeriods</c>, a long stop).
    /// </summary>
    public const string CreateWindows = """
        CREATE TABLE term_windows (
            term varchar(40) PRIMARY KEY,
            d7 int NOT NULL, d30 int NOT NULL, d90 int NOT NULL,
            b7 int NOT NULL, b30 int NOT NULL, b90 int NOT NULL);
        CREATE INDEX ix_term_windows_d7 ON term_windows (d7 DESC, term);
        CREATE INDEX ix_term_windows_d30 ON term_windows (d30 DESC, term);
        CREATE INDEX ix_term_windows_d90 ON term_windows (d90 DESC, term);
        CREATE TABLE term_windows_state (
            id int PRIMARY KEY CHECK (id = 1),
            as_of date NOT NULL,
            baseline_periods int NOT NULL);

        CREATE FUNCTION hd_term_windows_rebuild(today date, periods int) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            TRUNCATE term_windows;
            INSERT INTO term_windows (term, d7, d30, d90, b7, b30, b90)
            SELECT term,
                coalesce(sum(tickets) FILTER (WHERE business_date > today - 7), 0),
                coalesce(sum(tickets) FILTER (WHERE business_date > today - 30), 0),
                coalesce(sum(tickets) FILTER (WHERE business_date > today - 90), 0),
                coalesce(sum(tickets) FILTER (WHERE business_date <= today - 7 AND business_date > today - 7 * (periods + 1)), 0),
                coalesce(sum(tickets) FILTER (WHERE business_date <= today - 30 AND business_date > today - 30 * (periods + 1)), 0),
                coalesce(sum(tickets) FILTER (WHERE business_date <= today - 90 AND business_date > today - 90 * (periods + 1)), 0)
            FROM term_daily WHERE business_date > today - 90 * (periods + 1) GROUP BY term;
            INSERT INTO term_windows_state VALUES (1, today, periods)
            ON CONFLICT (id) DO UPDATE SET as_of = EXCLUDED.as_of, baseline_periods = EXCLUDED.baseline_periods;
        END $$;

        -- One business day on: as_of + 1. The rows it changes are locked in term order first (writers lock in that order too).
        CREATE FUNCTION hd_term_windows_roll() RETURNS void LANGUAGE plpgsql AS $$
        DECLARE a date; b int;
        BEGIN
            SELECT as_of + 1, baseline_periods INTO a, b FROM term_windows_state WHERE id = 1;
            CREATE TEMP TABLE term_windows_moved ON COMMIT DROP AS
            SELECT term,
                coalesce(sum(tickets) FILTER (WHERE business_date = a - 7), 0) AS o7,
                coalesce(sum(tickets) FILTER (WHERE business_date = a - 30), 0) AS o30,
                coalesce(sum(tickets) FILTER (WHERE business_date = a - 90), 0) AS o90,
                coalesce(sum(tickets) FILTER (WHERE business_date = a - 7 * (b + 1)), 0) AS g7,
                coalesce(sum(tickets) FILTER (WHERE business_date = a - 30 * (b + 1)), 0) AS g30,
                coalesce(sum(tickets) FILTER (WHERE business_date = a - 90 * (b + 1)), 0) AS g90
            FROM term_daily
            WHERE business_date IN (a - 7, a - 30, a - 90, a - 7 * (b + 1), a - 30 * (b + 1), a - 90 * (b + 1))
            GROUP BY term;
            PERFORM 1 FROM term_windows w WHERE w.term IN (SELECT term FROM term_windows_moved) ORDER BY w.term FOR UPDATE;
            UPDATE term_windows w SET
                d7 = w.d7 - m.o7, d30 = w.d30 - m.o30, d90 = w.d90 - m.o90,
                b7 = w.b7 + m.o7 - m.g7, b30 = w.b30 + m.o30 - m.g30, b90 = w.b90 + m.o90 - m.g90
            FROM term_windows_moved m WHERE w.term = m.term;
            DELETE FROM term_windows w USING term_windows_moved m WHERE w.term = m.term AND w.d90 = 0 AND w.b90 = 0 AND w.d7 = 0 AND w.b7 = 0 AND w.d30 = 0 AND w.b30 = 0;
            DROP TABLE term_windows_moved;
            UPDATE term_windows_state SET as_of = a WHERE id = 1;
        END $$;

        SELECT hd_term_windows_rebuild(hd_business_date(now()), 4);
        """;

    public const string DropWindows = """
        DROP FUNCTION IF EXISTS hd_term_windows_roll();
        DROP FUNCTION IF EXISTS hd_term_windows_rebuild(date, int);
        DROP TABLE IF EXISTS term_windows_state;
        DROP TABLE IF EXISTS term_windows;
        """;

    /// <summary>
    /// What the writers append (inbound at 1M, issue 13): one row per new <c>ticket_terms</c> row. Counting straight into
    /// <c>term_daily</c> and <c>term_windows</c> made every message with a common word (物流) wait for the previous one's
    /// commit on the same counter rows; appended rows never conflict, and <see cref="Fold"/> counts them in the rollup
    /// tick. No key, no index: the fold deletes what it counts by row address.
    /// </summary>
    public const string CreateDeltas = """
        CREATE TABLE term_deltas (
            business_date date NOT NULL,
            team_id int NOT NULL,
            term varchar(40) NOT NULL);
        """;

    public const string DropDeltas = "DROP TABLE IF EXISTS term_deltas;";

    /// <summary>
    /// In the writing transaction. Parameters: terms (text[]), day, ticket, team (0 for none). The ticket's row per
    /// term and day (a ticket counts once a day however often it repeats a word), and a delta for each new one.
    /// </summary>
    public const string Record = """
        WITH added AS (
            INSERT INTO ticket_terms (term, business_date, ticket_id, team_id)
            SELECT x, @day, @ticket, @team FROM unnest(@terms) x
            ON CONFLICT DO NOTHING
            RETURNING term)
        INSERT INTO term_deltas (business_date, team_id, term) SELECT @day, @team, term FROM added
        """;

    /// <summary>
    /// Counts up to @batch committed deltas into <c>term_daily</c> and <c>term_windows</c> (as of the windows' state)
    /// and deletes them, in one statement; the caller holds the <c>term_windows_state</c> row, so folding and moving
    /// the windows on never interleave. Days outside every window and baseline add no window row (as a rebuild).
    /// Returns the deltas folded.
    /// </summary>
    public const string Fold = """
        WITH moved AS (
            DELETE FROM term_deltas WHERE ctid = ANY (ARRAY(SELECT ctid FROM term_deltas LIMIT @batch))
            RETURNING business_date, team_id, term),
        grouped AS (SELECT business_date, team_id, term, count(*)::int AS tickets FROM moved GROUP BY 1, 2, 3),
        daily AS (
            INSERT INTO term_daily AS d (business_date, team_id, term, tickets)
            SELECT business_date, team_id, term, tickets FROM grouped
            ON CONFLICT (business_date, team_id, term) DO UPDATE SET tickets = d.tickets + EXCLUDED.tickets),
        windows AS (
            INSERT INTO term_windows AS w (term, d7, d30, d90, b7, b30, b90)
            SELECT g.term,
                coalesce(sum(g.tickets) FILTER (WHERE g.business_date > s.as_of - 7), 0),
                coalesce(sum(g.tickets) FILTER (WHERE g.business_date > s.as_of - 30), 0),
                coalesce(sum(g.tickets) FILTER (WHERE g.business_date > s.as_of - 90), 0),
                coalesce(sum(g.tickets) FILTER (WHERE g.business_date <= s.as_of - 7 AND g.business_date > s.as_of - 7 * (s.baseline_periods + 1)), 0),
                coalesce(sum(g.tickets) FILTER (WHERE g.business_date <= s.as_of - 30 AND g.business_date > s.as_of - 30 * (s.baseline_periods + 1)), 0),
                coalesce(sum(g.tickets) FILTER (WHERE g.business_date <= s.as_of - 90 AND g.business_date > s.as_of - 90 * (s.baseline_periods + 1)), 0)
            FROM grouped g CROSS JOIN term_windows_state s
            WHERE g.business_date > s.as_of - 90 * (s.baseline_periods + 1)
            GROUP BY g.term
            ON CONFLICT (term) DO UPDATE SET d7 = w.d7 + EXCLUDED.d7, d30 = w.d30 + EXCLUDED.d30, d90 = w.d90 + EXCLUDED.d90,
                b7 = w.b7 + EXCLUDED.b7, b30 = w.b30 + EXCLUDED.b30, b90 = w.b90 + EXCLUDED.b90)
        SELECT count(*)::int AS "Value" FROM moved
        """;
}
