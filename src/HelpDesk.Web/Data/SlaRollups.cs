namespace HelpDesk.Web.Data;

/// <summary>
/// The SLA dashboard's daily compliance as a read model (issue 14): per 15 minutes of ticket creation (UTC), how many
/// tickets, finished first-response and resolution clocks (and how many in time), and breach escalations.
/// Triggers on <c>ticket_slas</c> and <c>sla_escalations</c> keep it exact as clocks change, in the same
/// transaction; a day of any time zone whose offset is a multiple of 15 minutes is a whole number of buckets, so the
/// dashboard sums at most 96 rows a day instead of reading every ticket and clock of the period.
/// <see cref="Rebuild"/> recomputes it from the raw tables (the migration, and the bench generator after bulk loads).
/// Each bucket is kept in up to <see cref="Slots"/> rows (<c>slot</c>, by transaction id, migration SlaRollups_Slots): one row
/// per bucket made every transaction that opens a ticket wait for the one before it to commit (the row lock of the
/// current quarter hour) — 59 inbound messages/s at 8 connections. Readers sum the slots of a bucket.
/// </summary>
public static class SlaRollups
{
    public static readonly string Create = $$"""
        CREATE TABLE sla_rollups (
            bucket timestamptz PRIMARY KEY,
            tickets int NOT NULL DEFAULT 0,
            first_total int NOT NULL DEFAULT 0,
            first_met int NOT NULL DEFAULT 0,
            resolution_total int NOT NULL DEFAULT 0,
            resolution_met int NOT NULL DEFAULT 0,
            breaches int NOT NULL DEFAULT 0);

        CREATE FUNCTION hd_sla_bucket(at timestamptz) RETURNS timestamptz
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT date_bin('15 minutes', at, TIMESTAMPTZ '2000-01-01 00:00:00+00') $$;

        {{AddFunction(slotted: false)}}

        CREATE FUNCTION hd_sla_rollup_clocks() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE o int[] := '{0,0,0,0,0,0}'; n int[] := '{0,0,0,0,0,0}';
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                o := ARRAY[1,
                    (OLD.first_response_stopped_at IS NOT NULL OR OLD.first_response_breached)::int,
                    (OLD.first_response_stopped_at IS NOT NULL AND NOT OLD.first_response_breached)::int,
                    (OLD.resolution_stopped_at IS NOT NULL OR OLD.resolution_breached)::int,
                    (OLD.resolution_stopped_at IS NOT NULL AND NOT OLD.resolution_breached)::int, 0];
            END IF;
            IF TG_OP <> 'DELETE' THEN
                n := ARRAY[1,
                    (NEW.first_response_stopped_at IS NOT NULL OR NEW.first_response_breached)::int,
                    (NEW.first_response_stopped_at IS NOT NULL AND NOT NEW.first_response_breached)::int,
                    (NEW.resolution_stopped_at IS NOT NULL OR NEW.resolution_breached)::int,
                    (NEW.resolution_stopped_at IS NOT NULL AND NOT NEW.resolution_breached)::int, 0];
            END IF;
            IF o IS DISTINCT FROM n THEN
                PERFORM hd_sla_rollup_add(COALESCE(NEW.ticket_id, OLD.ticket_id),
                    ARRAY[n[1]-o[1], n[2]-o[2], n[3]-o[3], n[4]-o[4], n[5]-o[5], 0]);
            END IF;
            RETURN NULL;
        END $$;

        CREATE FUNCTION hd_sla_rollup_breaches() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE o int := 0; n int := 0;
        BEGIN
            IF TG_OP <> 'INSERT' THEN o := (OLD.level = 'Breached')::int; END IF;
            IF TG_OP <> 'DELETE' THEN n := (NEW.level = 'Breached')::int; END IF;
            IF o <> n THEN
                PERFORM hd_sla_rollup_add(COALESCE(NEW.ticket_id, OLD.ticket_id), ARRAY[0, 0, 0, 0, 0, n - o]);
            END IF;
            RETURN NULL;
        END $$;

        CREATE TRIGGER sla_rollup_clocks AFTER INSERT OR UPDATE OR DELETE ON ticket_slas
            FOR EACH ROW EXECUTE FUNCTION hd_sla_rollup_clocks();
        CREATE TRIGGER sla_rollup_breaches AFTER INSERT OR UPDATE OR DELETE ON sla_escalations
            FOR EACH ROW EXECUTE FUNCTION hd_sla_rollup_breaches();
        """;

    public const int Slots = 16;

    /// <summary>Adds deltas to a ticket's bucket: to its one row, or (slotted) to the row of the transaction's slot.</summary>
    public static string AddFunction(bool slotted) => $$"""
        CREATE OR REPLACE FUNCTION hd_sla_rollup_add(ticket bigint, d int[]) RETURNS void LANGUAGE plpgsql AS $$
        DECLARE b timestamptz;
        BEGIN
            SELECT hd_sla_bucket(created_at) INTO b FROM tickets WHERE id = ticket;
            IF b IS NULL THEN RETURN; END IF;
            INSERT INTO sla_rollups AS r (bucket, {{(slotted ? "slot, " : "")}}tickets, first_total, first_met, resolution_total, resolution_met, breaches)
            VALUES (b, {{(slotted ? $"(pg_current_xact_id()::text::bigint % {Slots})::smallint, " : "")}}d[1], d[2], d[3], d[4], d[5], d[6])
            ON CONFLICT ({{(slotted ? "bucket, slot" : "bucket")}}) DO UPDATE SET
                tickets = r.tickets + EXCLUDED.tickets,
                first_total = r.first_total + EXCLUDED.first_total,
                first_met = r.first_met + EXCLUDED.first_met,
                resolution_total = r.resolution_total + EXCLUDED.resolution_total,
                resolution_met = r.resolution_met + EXCLUDED.resolution_met,
                breaches = r.breaches + EXCLUDED.breaches;
        END $$;
        """;

    /// <summary>A bucket in slots (see the summary); <see cref="Unslot"/> goes back to one row per bucket.</summary>
    public static readonly string Slot = $"""
        ALTER TABLE sla_rollups ADD COLUMN slot smallint NOT NULL DEFAULT 0;
        ALTER TABLE sla_rollups DROP CONSTRAINT sla_rollups_pkey, ADD PRIMARY KEY (bucket, slot);
        {AddFunction(slotted: true)}
        """;

    public static readonly string Unslot = $"""
        {AddFunction(slotted: false)}
        TRUNCATE sla_rollups;
        ALTER TABLE sla_rollups DROP CONSTRAINT sla_rollups_pkey, DROP COLUMN slot, ADD PRIMARY KEY (bucket);
        {Rebuild}
        """;

    /// <summary>Recomputes every bucket from the raw tickets, clocks and escalations.</summary>
    public const string Rebuild = """
        TRUNCATE sla_rollups;
        INSERT INTO sla_rollups (bucket, tickets, first_total, first_met, resolution_total, resolution_met, breaches)
        SELECT hd_sla_bucket(t.created_at),
               count(*),
               count(*) FILTER (WHERE s.first_response_stopped_at IS NOT NULL OR s.first_response_breached),
               count(*) FILTER (WHERE s.first_response_stopped_at IS NOT NULL AND NOT s.first_response_breached),
               count(*) FILTER (WHERE s.resolution_stopped_at IS NOT NULL OR s.resolution_breached),
               count(*) FILTER (WHERE s.resolution_stopped_at IS NOT NULL AND NOT s.resolution_breached),
               coalesce(sum(b.n), 0)
        FROM tickets t
        JOIN ticket_slas s ON s.ticket_id = t.id
        LEFT JOIN (SELECT ticket_id, count(*) AS n FROM sla_escalations WHERE level = 'Breached' GROUP BY ticket_id) b ON b.ticket_id = t.id
        GROUP BY 1;
        """;

    public const string Drop = """
        DROP TRIGGER IF EXISTS sla_rollup_clocks ON ticket_slas;
        DROP TRIGGER IF EXISTS sla_rollup_breaches ON sla_escalations;
        DROP FUNCTION IF EXISTS hd_sla_rollup_clocks();
        DROP FUNCTION IF EXISTS hd_sla_rollup_breaches();
        DROP FUNCTION IF EXISTS hd_sla_rollup_add(bigint, int[]);
        DROP TABLE IF EXISTS sla_rollups;
        DROP FUNCTION IF EXISTS hd_sla_bucket(timestamptz);
        """;
}
