#pragma warning disable EF1002, EF1003 // the SQL is assembled from constants only; every value is a parameter
using System.Text;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace HelpDesk.Web.Features.Analytics;

/// <summary>
/// The tickets of a <see cref="DrillDown.Selection"/>: a count of the distinct tickets and a page of them, newest
/// first (by ticket id, which grows with creation), keyset-paged on the id; or all of them for an export (at most
/// <see cref="ExportLimit"/> rows). Read from <c>report_facts</c> (index ix_report_facts_kind_date_ticket) and
/// <c>ticket_terms</c> (its primary key term, business_date, ticket_id).
/// </summary>
public static class TicketList
{
    public const int PageSize = 50;

    public const int ExportLimit = 100_000;

    public sealed record Query(DrillDown.Selection Selection, long? After = null, bool All = false) : IQuery<Result>;

    public sealed record Row(long Id, long Number, string Subject, string Category, string Channel, string Status, DateTimeOffset CreatedAt, string? Team, string? Assignee);

    /// <summary><see cref="Next"/>: the cursor of the next page, null on the last one.</summary>
    public sealed record Result(long Count, IReadOnlyList<Row> Rows, long? Next);

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var (ids, parameters) = Ids(request.Selection);
            var count = await db.Database.SqlQueryRaw<long>("SELECT count(DISTINCT s.ticket_id) AS \"Value\" FROM (" + ids + ") s", Clone(parameters)).SingleAsync(cancellationToken);
            var limit = request.All ? ExportLimit : PageSize + 1;
            var page = new List<object>(Clone(parameters))
            {
                new NpgsqlParameter("after", NpgsqlDbType.Bigint) { Value = request.After ?? long.MaxValue },
                new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = limit },
            };
            var rows = await db.Database.SqlQueryRaw<Row>(
                "SELECT t.id, t.number, t.subject, t.category, t.channel, t.status, t.created_at, team.name AS team, u.display_name AS assignee " +
                "FROM tickets t LEFT JOIN teams team ON team.id = t.team_id LEFT JOIN identity_users u ON u.id = t.assignee_id " +
                "WHERE t.id IN (SELECT s.ticket_id FROM (" + ids + ") s WHERE s.ticket_id < @after) ORDER BY t.id DESC LIMIT @limit",
                [.. page]).ToListAsync(cancellationToken);
            if (!request.All && rows.Count > PageSize)
            {
                rows.RemoveAt(rows.Count - 1);
                return new Result(count, rows, rows[^1].Id);
            }

            return new Result(count, rows, null);
        }

        private static object[] Clone(List<NpgsqlParameter> parameters) => [.. parameters.Select(p => p.Clone())];

        /// <summary>The SQL selecting the ticket ids (column ticket_id, possibly repeated) and its parameters.</summary>
        internal static (string Sql, List<NpgsqlParameter> Parameters) Ids(DrillDown.Selection s)
        {
            var p = new List<NpgsqlParameter>
            {
                new("from", NpgsqlDbType.Date) { Value = s.From },
                new("to", NpgsqlDbType.Date) { Value = s.To },
            };
            var terms = s.Term is null ? null : new StringBuilder("SELECT tt.ticket_id FROM ticket_terms tt WHERE tt.term = @term AND tt.business_date BETWEEN @from AND @to");
            if (s.Term is not null)
            {
                p.Add(new NpgsqlParameter("term", NpgsqlDbType.Varchar) { Value = s.Term });
            }

            if (s.Kind is null)
            {
                if (s.Team is { } teamOfTerm)
                {
                    terms!.Append(" AND tt.team_id = @team");
                    p.Add(new NpgsqlParameter("team", NpgsqlDbType.Integer) { Value = teamOfTerm });
                }

                return (terms!.ToString(), p);
            }

            var sql = new StringBuilder("SELECT f.ticket_id FROM report_facts f WHERE f.kind = @kind AND f.business_date BETWEEN @from AND @to AND f.ticket_id IS NOT NULL");
            p.Add(new NpgsqlParameter("kind", NpgsqlDbType.Varchar) { Value = s.Kind.Value.ToString() });
            void Where<T>(string column, T? value, NpgsqlDbType type)
            {
                if (value is not null)
                {
                    sql.Append(" AND f.").Append(column).Append(" = @").Append(column);
                    p.Add(new NpgsqlParameter(column, type) { Value = value is Enum ? value.ToString()! : value });
                }
            }

            Where("team_id", s.Team, NpgsqlDbType.Integer);
            Where("agent_id", s.Agent, NpgsqlDbType.Uuid);
            Where("channel", s.Channel, NpgsqlDbType.Varchar);
            Where("category", s.Category, NpgsqlDbType.Varchar);
            Where("product_id", s.Product, NpgsqlDbType.Bigint);
            Where("supplier", s.Supplier, NpgsqlDbType.Varchar);
            if (terms is not null)
            {
                sql.Append(" AND f.ticket_id IN (").Append(terms).Append(')');
            }

            return (sql.ToString(), p);
        }
    }
}
