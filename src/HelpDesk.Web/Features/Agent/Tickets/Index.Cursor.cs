using System.Globalization;
using HelpDesk.Domain.Tickets;

namespace HelpDesk.Web.Features.Agent.Tickets;

public partial class IndexModel
{
    internal sealed record Paged(long Id, long Number, string Subject, string Customer, Domain.Customers.CustomerTier Tier, TicketStatus Status, TicketPriority Priority, TicketCategory Category, Channel Channel, string? Team, string? Assignee, DateTimeOffset UpdatedAt, SlaState SlaState, DateTimeOffset? NextDeadlineAt, DateTimeOffset? UrgentAt, int? Urgency, List<string> UrgencyReasons);

    /// <summary>Keyset paging per sort: the cursor is the sort key of the last row and its id.</summary>
    internal static class Cursor
    {
        public static IQueryable<Ticket> Apply(IQueryable<Ticket> tickets, QueueSort sort, string? after)
        {
            var parts = after?.Split('.');
            switch (sort)
            {
                case QueueSort.Priority:
                    if (parts is [var p, var u, var i] && int.TryParse(p, CultureInfo.InvariantCulture, out var prio) && TryTicks(u, out var updated) && long.TryParse(i, CultureInfo.InvariantCulture, out var id))
                    {
                        var priority = (TicketPriority)prio;
                        tickets = tickets.Where(t => t.Priority < priority
                            || (t.Priority == priority && (t.UpdatedAt < updated || (t.UpdatedAt == updated && t.Id < id))));
                    }

                    return tickets.OrderByDescending(t => t.Priority).ThenByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id);

                case QueueSort.Deadline:
                    if (parts is ["none", var ni] && long.TryParse(ni, CultureInfo.InvariantCulture, out var noneId))
                    {
                        tickets = tickets.Where(t => t.NextDeadlineAt == null && t.Id > noneId);
                    }
                    else if (parts is [var d, var di] && TryTicks(d, out var deadline) && long.TryParse(di, CultureInfo.InvariantCulture, out var deadlineId))
                    {
                        tickets = tickets.Where(t => t.NextDeadlineAt == null || t.NextDeadlineAt > deadline || (t.NextDeadlineAt == deadline && t.Id > deadlineId));
                    }

                    // Running deadlines first, soonest first; tickets without one after them: PostgreSQL sorts NULL last
                    // in ascending order, so plain (next_deadline_at, id) is that order and ix_tickets_active_deadline
                    // serves it (an "IS NULL" sort key would sort all 300k open tickets at 1M).
                    return tickets.OrderBy(t => t.NextDeadlineAt).ThenBy(t => t.Id);

                default:
                    if (parts is [var ut, var ui] && TryTicks(ut, out var at) && long.TryParse(ui, CultureInfo.InvariantCulture, out var atId))
                    {
                        tickets = tickets.Where(t => t.UpdatedAt < at || (t.UpdatedAt == at && t.Id < atId));
                    }

                    return tickets.OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id);
            }
        }

        public static IEnumerable<Paged> Order(IEnumerable<Paged> rows, QueueSort sort) => sort switch
        {
            QueueSort.Priority => rows.OrderByDescending(r => r.Priority).ThenByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id),
            QueueSort.Deadline => rows.OrderBy(r => r.NextDeadlineAt == null).ThenBy(r => r.NextDeadlineAt).ThenBy(r => r.Id),
            _ => rows.OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id),
        };

        public static string After(Paged last, QueueSort sort) => sort switch
        {
            QueueSort.Priority => string.Create(CultureInfo.InvariantCulture, $"{(int)last.Priority}.{last.UpdatedAt.UtcTicks}.{last.Id}"),
            QueueSort.Deadline => last.NextDeadlineAt is { } d ? string.Create(CultureInfo.InvariantCulture, $"{d.UtcTicks}.{last.Id}") : string.Create(CultureInfo.InvariantCulture, $"none.{last.Id}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{last.UpdatedAt.UtcTicks}.{last.Id}"),
        };

        private static bool TryTicks(string text, out DateTimeOffset at)
        {
            at = default;
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks > DateTimeOffset.MaxValue.UtcTicks)
            {
                return false;
            }

            at = new DateTimeOffset(ticks, TimeSpan.Zero);
            return true;
        }
    }
}
