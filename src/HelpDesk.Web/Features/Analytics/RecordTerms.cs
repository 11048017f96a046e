using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace HelpDesk.Web.Features.Analytics;

/// <summary>
/// Records the topic terms of the customer's inbound messages (the opening one with the subject, and every later one)
/// in the change's transaction: one <c>ticket_terms</c> row per (term, business date, ticket) — a ticket counts once
/// a day however often it repeats a word — and, for each row that is new, a delta that <see cref="FoldTerms"/>
/// counts into <c>term_daily</c> (business date × team × term) and the windows, which the hotspots page reads: the
/// page is as fresh as the rollup job's last tick (a minute), and no two messages with the same word wait for each
/// other. SQL in <see cref="Data.HotspotsSql"/>.
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
        var terms = TermExtractor.Extract(text).Order(StringComparer.Ordinal).ToArray(); // sorted: two messages of one ticket insert its rows in one order
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

/// <summary>
/// The rollup job's tick: counts the terms' deltas into the daily counts and the windows, a batch at a time. Claims
/// <c>term_windows_state</c> with FOR UPDATE SKIP LOCKED, as <see cref="TermWindows"/> does, so with several instances
/// one folds while the others skip, and folding never interleaves with moving the windows on. Returns the deltas
/// folded (0: none, or claimed elsewhere).
/// </summary>
public static class FoldTerms
{
    public sealed record Command(int BatchSize = 50_000) : ICommand<int>;

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var claimed = await db.Database.SqlQuery<int>($"SELECT id AS \"Value\" FROM term_windows_state WHERE id = 1 FOR UPDATE SKIP LOCKED").ToListAsync(cancellationToken);
            if (claimed.Count == 0)
            {
                return 0;
            }

            return (await db.Database.SqlQueryRaw<int>(HotspotsSql.Fold, new NpgsqlParameter("batch", request.BatchSize)).ToListAsync(cancellationToken)).Single();
        }
    }
}
