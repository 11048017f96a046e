using System.Globalization;
using System.Text;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Supervisor;

/// <summary>
/// The SLA dashboard's exports beside the daily totals: one row per ticket created in the period (its clocks: due,
/// met, breached) and one row per agent (their tickets of the period and how many clocks they met). CSV in UTF-8
/// with a BOM so Excel opens Chinese text; times in the business time zone; unassigned tickets under an empty agent.
/// </summary>
public static class SlaExport
{
    public enum Kind
    {
        Tickets,
        Agents,
    }

    public sealed record Query(DateOnly From, DateOnly To, Kind Kind) : IQuery<string>;

    public sealed class Handler(HelpDeskDbContext db, BusinessTime time) : IRequestHandler<Query, string>
    {
        public async Task<string> Handle(Query request, CancellationToken cancellationToken)
        {
            var (start, end) = (time.StartOfDay(request.From), time.StartOfDay(request.To.AddDays(1)));
            var rows = await (
                from t in db.Tickets.AsNoTracking()
                where t.CreatedAt >= start && t.CreatedAt < end
                join team in db.Teams on t.TeamId equals team.Id into ts
                from team in ts.DefaultIfEmpty()
                join user in db.Users on t.AssigneeId equals user.Id into us
                from user in us.DefaultIfEmpty()
                orderby t.CreatedAt, t.Id
                select new Row(
                    t.Number, t.CreatedAt, team.Name, user.DisplayName, t.Priority, t.Channel, t.Status,
                    t.Sla.FirstResponse.DueAt, t.Sla.FirstResponse.StoppedAt, t.Sla.FirstResponse.Breached,
                    t.Sla.Resolution.DueAt, t.Sla.Resolution.StoppedAt, t.Sla.Resolution.Breached))
                .ToListAsync(cancellationToken);
            return request.Kind == Kind.Tickets ? PerTicket(rows) : PerAgent(rows);
        }

        private string PerTicket(IEnumerable<Row> rows)
        {
            var csv = new StringBuilder("ticket,created,team,assignee,priority,channel,status,first_response_due,first_response_at,first_response_met,resolution_due,resolved_at,resolution_met\n");
            foreach (var r in rows)
            {
                csv.AppendJoin(',', Ticket.FormatNumber(r.Number), Local(r.CreatedAt), Cell(r.Team), Cell(r.Assignee), r.Priority, r.Channel, r.Status,
                    Local(r.FirstDue), Local(r.FirstStopped), Met(r.FirstStopped, r.FirstBreached), Local(r.ResolutionDue), Local(r.ResolutionStopped), Met(r.ResolutionStopped, r.ResolutionBreached));
                csv.Append('\n');
            }

            return csv.ToString();
        }

        private static string PerAgent(IEnumerable<Row> rows)
        {
            var csv = new StringBuilder("agent,tickets,first_response_total,first_response_met,resolution_total,resolution_met,breached\n");
            foreach (var agent in rows.GroupBy(r => r.Assignee ?? string.Empty).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                csv.AppendJoin(',', Cell(agent.Key), agent.Count(),
                    agent.Count(r => r.FirstStopped != null), agent.Count(r => r.FirstStopped != null && !r.FirstBreached),
                    agent.Count(r => r.ResolutionStopped != null), agent.Count(r => r.ResolutionStopped != null && !r.ResolutionBreached),
                    agent.Count(r => r.FirstBreached || r.ResolutionBreached));
                csv.Append('\n');
            }

            return csv.ToString();
        }

        private static string Met(DateTimeOffset? stopped, bool breached) => stopped is null ? string.Empty : breached ? "no" : "yes";

        /// <summary>A text cell, quoted when it holds a separator, a quote or a line break; never a formula.</summary>
        private static string Cell(string? text)
        {
            var value = text ?? string.Empty;
            if (value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal))
            {
                value = "'" + value;
            }

            return value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
        }

        private string Local(DateTimeOffset? at) => at is { } value ? time.ToLocal(value).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : string.Empty;
    }

    private sealed record Row(
        long Number, DateTimeOffset CreatedAt, string? Team, string? Assignee, TicketPriority Priority, Channel Channel, TicketStatus Status,
        DateTimeOffset? FirstDue, DateTimeOffset? FirstStopped, bool FirstBreached,
        DateTimeOffset? ResolutionDue, DateTimeOffset? ResolutionStopped, bool ResolutionBreached);
}
