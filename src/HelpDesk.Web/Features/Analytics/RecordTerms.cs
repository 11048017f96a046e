using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace HelpDesk.Web.Features.Analytics;

/// <summary>
/// Records the topic terms of the customer's inbound messages (the opening one with the subject, and every later one)
/// in the change's transaction: one <c>ticket_terms</c> row per (term, business date, ticket) — a ticket counts once
/// a day however often it repeats a word — and, for each row that is new, one more ticket in <c>term_daily</c>
/// (business date × team × term), which the hotspots page reads. Terms are sorted so two transactions lock the
/// daily rows in the same order. SQL in <see cref="Data.HotspotsSql"/>.
/// </summary>
public sealed class RecordTerms(HelpDeskDbContext db, BusinessTime time) :
    IDomainEventHandler<TicketOpened>,
    IDomainEventHandler<CustomerWrote>
{
    public Task HandleAsync(TicketOpened e, CancellationToken cancellationToken) =>
        RecordAsync(e.Ticket, e.At, e.Ticket.Subject + "\n" + e.Message.Body, cancellationToken);

    public Task HandleAsync(CustomerWrote e, CancellationToken cancellationToken) =>
        RecordAsync(e.Ticket, e.At, e.Message.Body, cancellationToken);

    private async Task RecordAsync(Ticket ticket, DateTimeOffset at, string text, CancellationToken cancellationToken)
    {
        var terms = TermExtractor.Extract(text).Order(StringComparer.Ordinal).ToArray();
        if (terms.Length == 0)
        {
            return;
        }

        await db.Database.ExecuteSqlRawAsync(
            HotspotsSql.Record,
            [
                new NpgsqlParameter("terms", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = terms },
                new NpgsqlParameter("day", NpgsqlDbType.Date) { Value = DateOnly.FromDateTime(time.ToLocal(at).DateTime) },
                new NpgsqlParameter("ticket", NpgsqlDbType.Bigint) { Value = ticket.Id },
                new NpgsqlParameter("team", NpgsqlDbType.Integer) { Value = ticket.TeamId ?? 0 },
            ],
            cancellationToken);
    }
}
