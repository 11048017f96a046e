using HelpDesk.Domain.Commitments;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Notifications;
using HelpDesk.Domain.Tasks;
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
            // Three index-served parts (made that day, due that day, still open and overdue) instead of one OR.
            var members = await db.TeamMembers.Where(m => m.TeamId == team.Id).Select(m => m.UserId).ToListAsync(cancellationToken);
            var made = db.Commitments.Where(c => members.Contains(c.OwnerId) && c.MadeAt >= dayStart && c.MadeAt < dayEnd);
            var dueThatDay = db.Commitments.Where(c => members.Contains(c.OwnerId) && c.DueAt >= dayStart && c.DueAt < dayEnd);
            var overdue = db.Commitments.Where(c => members.Contains(c.OwnerId) && c.Status == CommitmentStatus.Open && c.DueAt < dayStart);
            // Read only (tens of thousands on a national team's evening): untracked, so every save stays cheap.
            var commitments = (await made.Union(dueThatDay).Union(overdue).AsNoTracking().ToListAsync(cancellationToken))
                .OrderBy(c => c.OwnerId).ThenBy(c => c.DueAt)
                .ToList();

            var checklist = new DailyChecklist(team.Id, day, now);
            var items = commitments.Select(c => (Commitment: c, Item: checklist.Add(c, dayStart, dayEnd))).ToList();

            // Every promise still open gets a follow-up task for the next working morning (unless it has one). The
            // tasks are saved first, so each checklist item is written once, with its task.
            var tomorrowMorning = calendar.NextWorkingInstant(calendar.At(calendar.NextWorkingDay(day), TimeOnly.MinValue));
            var open = items.Where(x => x.Commitment.Status == CommitmentStatus.Open).Select(x => (long?)x.Commitment.Id).ToList();
            var followed = await db.FollowUpTasks.Where(t => t.Status == FollowUpStatus.Open && open.Contains(t.CommitmentId))
                .Select(t => new { t.CommitmentId, t.Id }).ToDictionaryAsync(t => t.CommitmentId!.Value, t => t.Id, cancellationToken);
            var tasks = new List<(ChecklistItem Item, FollowUpTask Task)>();
            foreach (var (commitment, item) in items.Where(x => x.Commitment.Status == CommitmentStatus.Open))
            {
                if (followed.TryGetValue(commitment.Id, out var existing))
                {
                    item.FollowedUpBy(existing);
                    continue;
                }

                var task = new FollowUpTask(commitment.TicketId, commitment.OwnerId, commitment.Kind == CommitmentKind.CallBack ? FollowUpKind.CallBack : FollowUpKind.Other,
                    $"跟进承诺：{commitment.Text}", tomorrowMorning > now ? tomorrowMorning : now.AddHours(1), FollowUpSource.Checklist, Actor.Checklist, now, commitment.Id);
                db.FollowUpTasks.Add(task);
                tasks.Add((item, task));
            }

            await db.SaveChangesAsync(cancellationToken);
            foreach (var (item, task) in tasks)
            {
                item.FollowedUpBy(task.Id);
            }

            db.DailyChecklists.Add(checklist);
            await DigestAsync(team, day, items.Select(x => x.Commitment).ToList(), calendar, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return checklist.Id;
        }

        /// <summary>The supervisor's evening summary: in the app, and by e-mail within working hours.</summary>
        private async Task DigestAsync(Team team, DateOnly day, List<Commitment> commitments, Domain.Sla.BusinessCalendar calendar, DateTimeOffset now, CancellationToken cancellationToken)
        {
            if (team.SupervisorId is not { } supervisor)
            {
                return;
            }

            var open = commitments.Count(c => c.Status == CommitmentStatus.Open);
            var kept = commitments.Count(c => c.Status == CommitmentStatus.Kept);
            var date = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            db.Notifications.Add(new Notification(supervisor, "notify.checklist", [team.Name, date, commitments.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), open.ToString(System.Globalization.CultureInfo.InvariantCulture)], null, now));
            var email = await db.Users.Where(u => u.Id == supervisor).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
            if (!string.IsNullOrEmpty(email))
            {
                db.OutboxMessages.Add(new OutboxMessage(
                    email,
                    $"[日清] {team.Name} {date}",
                    $"{team.Name} {date}\n承诺 {commitments.Count} 项，已兑现 {kept} 项，未兑现 {open} 项（已生成次日跟进任务）。\nPromises: {commitments.Count}, kept: {kept}, open: {open} (follow-up tasks created for tomorrow).",
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
