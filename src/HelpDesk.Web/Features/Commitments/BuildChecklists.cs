using HelpDesk.Domain.Common;
using HelpDesk.Domain.Notifications;
using HelpDesk.Domain.Teams;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Agent.Commitments;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Infrastructure.Mail;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Commitments;

/// <summary>
/// The evening checklist (日清检查单, R8). For every service team whose checklist time (default 18:00 in the team's
/// calendar) has passed on a working day without a checklist — today, or a working day the app was down for
/// (looking back <see cref="Command.LookBackDays"/> days) — it lists per agent the promises made that day, due that
/// day and overdue; turns each still-open one into a follow-up task for its owner due the next working morning;
/// and sends the team's supervisor a digest (in-app and e-mail through the outbox, so a failing mail never stops
/// it). One checklist per team and date: the unique key and the team row lock make a second instance skip it.
/// </summary>
public static class BuildChecklists
{
    public sealed record Command(DateTimeOffset Now, int LookBackDays = 3) : ICommand<IReadOnlyList<long>>;

    private const string TaskTitlePrefix = "跟进承诺：";

    /// <summary>What one checklist listed: all its promises, the open ones (followed up) and the kept ones.</summary>
    private sealed record Built(long ChecklistId, int Listed, int Open, int Kept);

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Command, IReadOnlyList<long>>
    {
        public async Task<IReadOnlyList<long>> Handle(Command request, CancellationToken cancellationToken)
        {
            var teams = await db.Teams.AsNoTracking().Where(t => t.Kind == TeamKind.Service).ToListAsync(cancellationToken);
            var built = new List<long>();
            foreach (var team in teams)
            {
                var calendar = await Promises.CalendarOfAsync(db, team.Id, cancellationToken);
                if (calendar is null)
                {
                    continue;
                }

                var today = calendar.LocalDate(request.Now);
                for (var day = today.AddDays(-request.LookBackDays); day <= today; day = day.AddDays(1))
                {
                    if (!calendar.IsWorkingDay(day) || calendar.At(day, team.ChecklistTime) > request.Now)
                    {
                        continue;
                    }

                    if (await BuildAsync(team, day, calendar, request.Now, cancellationToken) is { } id)
                    {
                        built.Add(id);
                    }
                }
            }

            return built;
        }

        private async Task<long?> BuildAsync(Team team, DateOnly day, Domain.Sla.BusinessCalendar calendar, DateTimeOffset now, CancellationToken cancellationToken)
        {
            // Claim (team, day): the team's row lock serializes instances, the unique key is the last word.
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM teams WHERE id = {team.Id} FOR UPDATE", cancellationToken);
            if (await db.DailyChecklists.AnyAsync(c => c.TeamId == team.Id && c.BusinessDate == day, cancellationToken))
            {
                return null;
            }

            var dayStart = calendar.At(day, TimeOnly.MinValue);
            var dayEnd = calendar.At(day.AddDays(1), TimeOnly.MinValue);
            var tomorrowMorning = calendar.NextWorkingInstant(calendar.At(calendar.NextWorkingDay(day), TimeOnly.MinValue));
            var taskDue = tomorrowMorning > now ? tomorrowMorning : now.AddHours(1);
            var built = (await db.Database.SqlQuery<Built>(Build(team.Id, day, dayStart, dayEnd, taskDue, now)).ToListAsync(cancellationToken)).Single();
            await DigestAsync(team, day, built, calendar, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return built.ChecklistId;
        }

        /// <summary>
        /// The checklist in one statement, set-based (a national team's evening lists tens of thousands of promises;
        /// written row by row through the change tracker it took 38 s for 50,000). The promises are three index-served
        /// parts (made that day, due that day, still open and overdue) instead of one OR; each is listed under the
        /// first section it belongs to; every one still open gets a follow-up task for its owner due the next working
        /// morning unless it has an open one already; each task is on its ticket's timeline as
        /// <see cref="AuditTrail"/> writes a <c>FollowUpTaskCreated</c> (field "task", by <see cref="Actor.Checklist"/>).
        /// Titles are cut to the task's 200 characters (a promise may have 500). Tickets open in a browser see the
        /// new tasks on their next load: the evening job does not announce tens of thousands of them live.
        /// </summary>
        private static FormattableString Build(int team, DateOnly day, DateTimeOffset dayStart, DateTimeOffset dayEnd, DateTimeOffset taskDue, DateTimeOffset now) => $"""
            WITH promises AS (
                SELECT c.id, c.ticket_id, c.owner_id, c.kind, c.text, c.status, c.made_at, c.due_at
                FROM commitments c JOIN team_members m ON m.user_id = c.owner_id AND m.team_id = {team}
                WHERE c.made_at >= {dayStart} AND c.made_at < {dayEnd}
                UNION
                SELECT c.id, c.ticket_id, c.owner_id, c.kind, c.text, c.status, c.made_at, c.due_at
                FROM commitments c JOIN team_members m ON m.user_id = c.owner_id AND m.team_id = {team}
                WHERE c.due_at >= {dayStart} AND c.due_at < {dayEnd}
                UNION
                SELECT c.id, c.ticket_id, c.owner_id, c.kind, c.text, c.status, c.made_at, c.due_at
                FROM commitments c JOIN team_members m ON m.user_id = c.owner_id AND m.team_id = {team}
                WHERE c.status = 'Open' AND c.due_at < {dayStart}
            ),
            checklist AS (
                INSERT INTO daily_checklists (team_id, business_date, built_at) VALUES ({team}, {day}, {now}) RETURNING id
            ),
            followed AS (
                SELECT DISTINCT ON (t.commitment_id) t.commitment_id, t.id
                FROM follow_up_tasks t JOIN promises p ON p.id = t.commitment_id AND p.status = 'Open'
                WHERE t.status = 'Open'
                ORDER BY t.commitment_id, t.id
            ),
            tasks AS (
                INSERT INTO follow_up_tasks (ticket_id, owner_id, kind, title, due_at, source, commitment_id, status, created_at)
                SELECT p.ticket_id, p.owner_id, CASE WHEN p.kind = 'CallBack' THEN 'CallBack' ELSE 'Other' END,
                       left({TaskTitlePrefix} || p.text, 200), {taskDue}, 'Checklist', p.id, 'Open', {now}
                FROM promises p
                WHERE p.status = 'Open' AND NOT EXISTS (SELECT 1 FROM followed f WHERE f.commitment_id = p.id)
                ORDER BY p.owner_id, p.due_at
                RETURNING id, commitment_id, ticket_id, title
            ),
            items AS (
                INSERT INTO checklist_items (checklist_id, commitment_id, owner_id, section, status_at_check, follow_up_task_id)
                SELECT (SELECT id FROM checklist), p.id, p.owner_id,
                       CASE WHEN p.made_at >= {dayStart} AND p.made_at < {dayEnd} THEN 'MadeToday'
                            WHEN p.due_at >= {dayStart} AND p.due_at < {dayEnd} THEN 'DueToday'
                            ELSE 'Overdue' END,
                       p.status, COALESCE(t.id, f.id)
                FROM promises p LEFT JOIN tasks t ON t.commitment_id = p.id LEFT JOIN followed f ON f.commitment_id = p.id
                ORDER BY p.owner_id, p.due_at
            ),
            timeline AS (
                INSERT INTO audit_entries (at, actor_id, actor_name, entity_type, entity_id, action, details, ticket_id)
                SELECT {now}, NULL, {Actor.Checklist.Name}, 'Ticket', k.number::text, {AuditTrail.Changed},
                       jsonb_build_object('Field', 'task', 'From', NULL, 'To', t.title), t.ticket_id
                FROM tasks t JOIN tickets k ON k.id = t.ticket_id
            )
            SELECT (SELECT id FROM checklist) AS checklist_id, count(*)::int AS listed,
                   count(*) FILTER (WHERE status = 'Open')::int AS open, count(*) FILTER (WHERE status = 'Kept')::int AS kept
            FROM promises
            """;

        /// <summary>The supervisor's evening summary: in the app, and by e-mail within working hours.</summary>
        private async Task DigestAsync(Team team, DateOnly day, Built built, Domain.Sla.BusinessCalendar calendar, DateTimeOffset now, CancellationToken cancellationToken)
        {
            if (team.SupervisorId is not { } supervisor)
            {
                return;
            }

            var (listed, open, kept) = (built.Listed, built.Open, built.Kept);
            var date = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            db.Notifications.Add(new Notification(supervisor, "notify.checklist", [team.Name, date, listed.ToString(System.Globalization.CultureInfo.InvariantCulture), open.ToString(System.Globalization.CultureInfo.InvariantCulture)], null, now));
            var email = await db.Users.Where(u => u.Id == supervisor).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
            if (!string.IsNullOrEmpty(email))
            {
                db.OutboxMessages.Add(new OutboxMessage(
                    email,
                    $"[日清] {team.Name} {date}",
                    $"{team.Name} {date}\n承诺 {listed} 项，已兑现 {kept} 项，未兑现 {open} 项（已生成次日跟进任务）。\nPromises: {listed}, kept: {kept}, open: {open} (follow-up tasks created for tomorrow).",
                    calendar.NextWorkingInstant(now)));
            }
        }
    }
}

/// <summary>Reminds owners of follow-up tasks that have come due, once each (in-app and e-mail).</summary>
public static class RemindTasks
{
    public sealed record Command(DateTimeOffset Now, int BatchSize = 200) : ICommand<int>;

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var due = await db.FollowUpTasks
                .FromSql($"""
                    SELECT * FROM follow_up_tasks
                    WHERE status = 'Open' AND reminded_at IS NULL AND due_at <= {request.Now}
                    ORDER BY due_at LIMIT {request.BatchSize}
                    FOR UPDATE SKIP LOCKED
                    """)
                .ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                return 0;
            }

            var owners = due.Select(t => t.OwnerId).Distinct().ToList();
            var emails = await db.Users.Where(u => owners.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email, cancellationToken);
            foreach (var task in due)
            {
                task.MarkReminded(request.Now);
                db.Notifications.Add(new Notification(task.OwnerId, "notify.task_due", [task.Title], task.TicketId, request.Now));
                if (emails.GetValueOrDefault(task.OwnerId) is { Length: > 0 } email)
                {
                    db.OutboxMessages.Add(new OutboxMessage(email, $"[跟进任务 / Task due] {task.Title}", task.Title, request.Now));
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            return due.Count;
        }
    }
}
