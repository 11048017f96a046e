namespace HelpDesk.Web.Data;

/// <summary>
/// The hotspots' tables (issue 16 item 2), made by the migration Hotspots_TicketTerms, read and written by SQL only
/// (no EF entity, so the model snapshot is untouched):
/// <c>ticket_terms</c> (term, business_date, ticket_id, team_id): one row per term a ticket's inbound text contained
/// that day; its primary key (term, business_date, ticket_id) serves the drill-down <c>term=</c> and the samples.
/// <c>term_daily</c> (business_date, team_id, term, tickets): the tickets per term and day, kept in the writing
/// transaction; the hotspots page reads only this (primary key by date, and (term, business_date) for the baseline).
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

    /// <summary>Parameters: terms (text[], sorted), day, ticket, team (0 for none).</summary>
    public const string Record = """
        WITH added AS (
            INSERT INTO ticket_terms (term, business_date, ticket_id, team_id)
            SELECT x, @day, @ticket, @team FROM unnest(@terms) x
            ON CONFLICT DO NOTHING
            RETURNING term)
        INSERT INTO term_daily (business_date, team_id, term, tickets)
        SELECT @day, @team, a.term, 1 FROM added a ORDER BY a.term
        ON CONFLICT (business_date, team_id, term) DO UPDATE SET tickets = term_daily.tickets + 1
        """;
}
