using FluentValidation;
using HelpDesk.Domain.Commitments;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Tasks;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Agent.Commitments;
using HelpDesk.Web.Features.Agent.Tickets;
using HelpDesk.Web.Features.Commitments;
using HelpDesk.Web.Tests.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tasks = HelpDesk.Web.Features.Agent.Tasks.IndexModel;

namespace HelpDesk.Web.Tests;

/// <summary>Promises and the evening checklist on PostgreSQL with a test clock (Monday 23 November 2026).</summary>
public sealed class CommitmentTests : IAsyncLifetime
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private readonly FakeTimeProvider _clock = TestClock.At(new DateTimeOffset(2026, 11, 23, 15, 0, 0, Shanghai));
    private HelpDeskFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync(), services: s => s.AddSingleton<TimeProvider>(_clock));
        // The demo's promises belong to other days; start the week clean.
        await WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM follow_up_tasks WHERE commitment_id IS NOT NULL; DELETE FROM commitments;"));
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_promise_needs_text_a_future_due_time_and_an_open_ticket()
    {
        var agent = await ViewerAsync(DemoSeeder.AgentEmail);
        var open = await TicketOfAsync(agent, TicketStatus.Open);
        var closed = await TicketOfAsync(null, TicketStatus.Closed);

        Assert.Equal(2, (await Assert.ThrowsAsync<ValidationException>(() => SendAsync(new Promises.Add(agent, open, CommitmentKind.CallBack, " ", null)))).Errors.Count());
        Assert.Equal("commitment.due_in_past", (await Assert.ThrowsAsync<DomainException>(() => SendAsync(new Promises.Add(agent, open, CommitmentKind.CallBack, "回电", Local(-1))))).Key);
        var supervisor = await ViewerAsync(DemoSeeder.SupervisorEmail);
        Assert.Equal("commitment.ticket_closed", (await Assert.ThrowsAsync<DomainException>(() => SendAsync(new Promises.Add(supervisor, closed, CommitmentKind.CallBack, "回电", Local(2))))).Key);

        var id = await SendAsync(new Promises.Add(agent, open, CommitmentKind.CallBack, "明天上午给您回电", Local(19)));
        Assert.Equal(agent.Id, await WithDbAsync(db => db.Commitments.Where(c => c.Id == id).Select(c => c.OwnerId).SingleAsync()));
    }

    [Fact]
    public async Task A_reply_keeps_a_reply_promise_and_a_logged_call_keeps_a_call_back()
    {
        var agent = await ViewerAsync(DemoSeeder.AgentEmail);
        var number = await TicketOfAsync(agent, TicketStatus.Open);
        var reply = await SendAsync(new Promises.Add(agent, number, CommitmentKind.ReplyWithInformation, "核实后回复您", Local(3)));
        var call = await SendAsync(new Promises.Add(agent, number, CommitmentKind.CallBack, "给您回电", Local(3)));
        _clock.Advance(TimeSpan.FromMinutes(30));

        await SendAsync(new Reply.Command(agent, number, "已核实：包裹明天送达。", Internal: false));

        Assert.Equal(CommitmentStatus.Kept, await StatusAsync(reply));
        Assert.Equal(CommitmentStatus.Open, await StatusAsync(call));
        var callId = await SendAsync(new LogCall.Command(agent, number, "已电话告知顾客"));
        Assert.Equal(CommitmentStatus.Kept, await StatusAsync(call));
        var kept = await WithDbAsync(db => db.Commitments.AsNoTracking().SingleAsync(c => c.Id == call));
        Assert.Equal((KeptVia.Call, callId), (kept.KeptVia!.Value, kept.KeptByReference!.Value));
    }

    [Fact]
    public async Task Detection_reads_due_times_in_the_tickets_team_calendar()
    {
        var found = await SendAsync(new Promises.Detect("您好！明天上午给您回电。", await TeamOfAsync(DemoSeeder.AgentEmail), _clock.GetUtcNow()));

        var promise = Assert.Single(found);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 10, 0, 0, Shanghai), promise.DueAt);
    }

    [Fact]
    public async Task Every_promise_of_a_whole_reply_is_offered_with_clock_times_in_the_team_calendar()
    {
        var team = await TeamOfAsync(DemoSeeder.AgentEmail);

        var english = await SendAsync(new Promises.Detect("We already refunded the shipping fee. I'll call you back at 4:30 pm. We will also email you the return label by Friday.", team, _clock.GetUtcNow()));
        var chinese = await SendAsync(new Promises.Detect("退款已经原路退回。仓库核实后我会第一时间联系您，最晚明天下午三点给您消息。", team, _clock.GetUtcNow()));

        Assert.Equal(
            [(CommitmentKind.CallBack, new DateTimeOffset(2026, 11, 23, 16, 30, 0, Shanghai)), (CommitmentKind.ReplyWithInformation, new DateTimeOffset(2026, 11, 27, 18, 0, 0, Shanghai))],
            english.Select(p => (p.Kind, p.DueAt)));
        Assert.Equal((CommitmentKind.ReplyWithInformation, new DateTimeOffset(2026, 11, 24, 15, 0, 0, Shanghai)), chinese.Select(p => (p.Kind, p.DueAt)).Single());
    }

    [Fact]
    public async Task Two_evening_runs_build_one_checklist_per_team_and_one_task_per_open_promise()
    {
        var agent = await ViewerAsync(DemoSeeder.AgentEmail);
        var number = await TicketOfAsync(agent, TicketStatus.Open);
        var madeToday = await SendAsync(new Promises.Add(agent, number, CommitmentKind.CallBack, "明天上午给您回电", Local(19)));
        var keptToday = await SendAsync(new Promises.Add(agent, number, CommitmentKind.Other, "今天寄出发票", Local(2)));
        await SendAsync(new Promises.Settle(agent, keptToday, ChecklistTick.Kept, "已寄出", null));

        _clock.Set(new DateTimeOffset(2026, 11, 23, 17, 59, 0, Shanghai));
        await BuildAsync(); // builds last Friday's, which the app "missed"; Monday's is not due yet
        Assert.False(await WithDbAsync(db => db.DailyChecklists.AnyAsync(c => c.BusinessDate == new DateOnly(2026, 11, 23))));
        _clock.Set(new DateTimeOffset(2026, 11, 23, 18, 5, 0, Shanghai));
        var runs = await Task.WhenAll(BuildAsync(), BuildAsync());

        var checklists = await WithDbAsync(db => db.DailyChecklists.Where(c => c.BusinessDate == new DateOnly(2026, 11, 23)).ToListAsync());
        Assert.Equal(3, checklists.Count); // one per service team
        Assert.Equal(3, runs.Sum(r => r.Count));
        var tasks = await WithDbAsync(db => db.FollowUpTasks.Where(t => t.CommitmentId == madeToday).ToListAsync());
        var task = Assert.Single(tasks); // the agent is in two teams: still one task
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 0, 0, Shanghai), task.DueAt);
        Assert.Equal(FollowUpSource.Checklist, task.Source);
        Assert.False(await WithDbAsync(db => db.FollowUpTasks.AnyAsync(t => t.CommitmentId == keptToday)));
        var items = await WithDbAsync(db => db.ChecklistItems.Where(i => i.CommitmentId == madeToday).ToListAsync());
        Assert.Equal(2, items.Count); // listed in both of the agent's teams
        Assert.All(items, i => Assert.Equal((ChecklistSection.MadeToday, task.Id), (i.Section, i.FollowUpTaskId!.Value)));
        var kept = await WithDbAsync(db => db.ChecklistItems.Where(i => i.CommitmentId == keptToday).ToListAsync());
        Assert.All(kept, i => Assert.Equal((ChecklistSection.MadeToday, CommitmentStatus.Kept, (long?)null), (i.Section, i.StatusAtCheck, i.FollowUpTaskId)));

        // The task is on its ticket's timeline, by the checklist; the supervisor's digest counts the team's promises.
        var timeline = await WithDbAsync(db => db.AuditEntries.Where(e => e.TicketId == task.TicketId && e.Action == AuditTrail.Changed && e.ActorName == Actor.Checklist.Name && e.At == task.CreatedAt).ToListAsync());
        var entry = Assert.Single(timeline);
        Assert.Equal(new FieldChange("task", null, "跟进承诺：明天上午给您回电"), AuditTrail.ReadChange(entry.Details));
        var team = await TeamOfAsync(DemoSeeder.AgentEmail);
        var teamName = await WithDbAsync(db => db.Teams.Where(t => t.Id == team).Select(t => t.Name).SingleAsync());
        var digests = await WithDbAsync(db => db.Notifications.Where(n => n.Key == "notify.checklist").Select(n => n.Arguments).ToListAsync());
        Assert.Contains([teamName, "2026-11-23", "2", "1"], digests);
    }

    [Fact]
    public async Task A_promise_longer_than_a_task_title_is_followed_up_under_a_shortened_title()
    {
        var agent = await ViewerAsync(DemoSeeder.AgentEmail);
        var number = await TicketOfAsync(agent, TicketStatus.Open);
        var text = "请在明天中午前联系仓库确认补发的包裹已经出库，" + new string('并', 470);
        var promise = await SendAsync(new Promises.Add(agent, number, CommitmentKind.Other, text, Local(19)));
        _clock.Set(new DateTimeOffset(2026, 11, 23, 18, 5, 0, Shanghai));

        await BuildAsync();

        var task = await WithDbAsync(db => db.FollowUpTasks.Where(t => t.CommitmentId == promise).SingleAsync());
        Assert.Equal(("跟进承诺：" + text)[..200], task.Title);
        Assert.Equal(FollowUpKind.Other, task.Kind);
    }

    [Fact]
    public async Task After_downtime_the_missed_working_days_are_built_but_not_today_before_its_time()
    {
        _clock.Set(new DateTimeOffset(2026, 11, 25, 10, 0, 0, Shanghai)); // Wednesday morning: Monday and Tuesday were missed

        await BuildAsync();

        var dates = await WithDbAsync(db => db.DailyChecklists.Select(c => c.BusinessDate).Distinct().OrderBy(d => d).ToListAsync());
        Assert.Equal([new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 24)], dates);
    }

    [Fact]
    public async Task No_checklist_on_a_holiday()
    {
        _clock.Set(new DateTimeOffset(2026, 10, 3, 19, 0, 0, Shanghai)); // National Day holidays: 1, 2, 3 October

        await BuildAsync();

        var dates = await WithDbAsync(db => db.DailyChecklists.Select(c => c.BusinessDate).Distinct().ToListAsync());
        Assert.Equal([new DateOnly(2026, 9, 30)], dates); // only the working day before the holidays
    }

    [Fact]
    public async Task Settling_from_the_checklist_keeps_or_reschedules_and_a_done_task_can_keep_the_promise()
    {
        var agent = await ViewerAsync(DemoSeeder.AgentEmail);
        var number = await TicketOfAsync(agent, TicketStatus.Open);
        var a = await SendAsync(new Promises.Add(agent, number, CommitmentKind.Ship, "周三前补发", Local(40)));
        var b = await SendAsync(new Promises.Add(agent, number, CommitmentKind.Refund, "明天退款", Local(19)));
        var c = await SendAsync(new Promises.Add(agent, number, CommitmentKind.CallBack, "明天回电", Local(19)));
        _clock.Set(new DateTimeOffset(2026, 11, 23, 18, 5, 0, Shanghai));
        await BuildAsync();

        await SendAsync(new Promises.Settle(agent, a, ChecklistTick.Kept, "仓库已发出", null));
        await SendAsync(new Promises.Settle(agent, b, ChecklistTick.Rescheduled, "财务周四处理，已告知顾客", new DateTime(2026, 11, 26, 12, 0, 0)));
        var taskOfC = await WithDbAsync(db => db.FollowUpTasks.Where(t => t.CommitmentId == c).Select(t => t.Id).SingleAsync());
        await SendAsync(new Tasks.Complete(agent, taskOfC, KeepPromise: true));

        var promises = await WithDbAsync(db => db.Commitments.AsNoTracking().Where(x => x.Id == a || x.Id == b || x.Id == c).ToDictionaryAsync(x => x.Id));
        Assert.Equal(CommitmentStatus.Kept, promises[a].Status);
        Assert.Equal(FollowUpStatus.Done, await WithDbAsync(db => db.FollowUpTasks.Where(t => t.CommitmentId == a).Select(t => t.Status).SingleAsync()));
        Assert.Equal((CommitmentStatus.Open, 1, new DateTimeOffset(2026, 11, 26, 12, 0, 0, Shanghai)), (promises[b].Status, promises[b].RescheduleCount, promises[b].DueAt));
        Assert.Equal((CommitmentStatus.Kept, KeptVia.Task), (promises[c].Status, promises[c].KeptVia!.Value));
        var items = await WithDbAsync(db => db.ChecklistItems.Where(i => i.CommitmentId == a).ToListAsync());
        Assert.Equal(2, items.Count); // the agent is in two teams: the promise is on both lists, ticked on both
        Assert.All(items, i => Assert.Equal((ChecklistTick.Kept, "仓库已发出"), (i.Tick!.Value, i.Note)));
    }

    [Fact]
    public async Task Kept_rate_counts_promises_kept_by_the_time_first_given()
    {
        var agent = await ViewerAsync(DemoSeeder.AgentEmail);
        var number = await TicketOfAsync(agent, TicketStatus.Open);
        var onTime = await SendAsync(new Promises.Add(agent, number, CommitmentKind.Other, "一小时内回复", Local(1)));
        var late = await SendAsync(new Promises.Add(agent, number, CommitmentKind.Other, "两小时内回复", Local(2)));
        var moved = await SendAsync(new Promises.Add(agent, number, CommitmentKind.Other, "三小时内回复", Local(3)));
        _clock.Advance(TimeSpan.FromMinutes(30));
        await SendAsync(new Promises.Settle(agent, onTime, ChecklistTick.Kept, "已回复", null));
        await SendAsync(new Promises.Settle(agent, moved, ChecklistTick.Rescheduled, "顾客同意改到明天", new DateTime(2026, 11, 24, 16, 0, 0)));
        _clock.Advance(TimeSpan.FromHours(3));
        await SendAsync(new Promises.Settle(agent, late, ChecklistTick.Kept, "晚了一些", null));
        _clock.Advance(TimeSpan.FromHours(1));

        var report = await SendAsync(new Features.Supervisor.ChecklistsModel.Query(await TeamOfAsync(DemoSeeder.AgentEmail), null, _clock.GetUtcNow()));

        var row = report.Agents.Single(r => r.Label == agent.Name);
        Assert.Equal((3, 1, 33.3), (row.Due, row.KeptOnTime, row.Rate!.Value));
        Assert.Equal(2, report.Broken.Count);
    }

    [Fact]
    public async Task Due_tasks_are_reminded_once()
    {
        var agent = await ViewerAsync(DemoSeeder.AgentEmail);
        var id = await SendAsync(new Tasks.Create(agent, "回电确认换新已送达", FollowUpKind.CallBack, new DateTime(2026, 11, 23, 16, 0, 0)));
        _clock.Set(new DateTimeOffset(2026, 11, 23, 16, 1, 0, Shanghai));

        await Task.WhenAll(SendAsync(new RemindTasks.Command(_clock.GetUtcNow())), SendAsync(new RemindTasks.Command(_clock.GetUtcNow())));
        await SendAsync(new RemindTasks.Command(_clock.GetUtcNow()));

        Assert.Equal(1, await WithDbAsync(db => db.Notifications.CountAsync(n => n.Key == "notify.task_due" && n.Arguments.Contains("回电确认换新已送达"))));
        Assert.NotNull(await WithDbAsync(db => db.FollowUpTasks.Where(t => t.Id == id).Select(t => t.RemindedAt).SingleAsync()));
    }

    private DateTime Local(int hours) => _clock.GetUtcNow().ToOffset(Shanghai).DateTime.AddHours(hours);

    private Task<IReadOnlyList<long>> BuildAsync() => SendAsync(new BuildChecklists.Command(_clock.GetUtcNow()));

    private Task<CommitmentStatus> StatusAsync(long id) => WithDbAsync(db => db.Commitments.Where(c => c.Id == id).Select(c => c.Status).SingleAsync());

    private Task<int?> TeamOfAsync(string email) => WithDbAsync(db => db.TeamMembers
        .Where(m => db.Users.Any(u => u.Id == m.UserId && u.Email == email)).OrderBy(m => m.TeamId).Select(m => (int?)m.TeamId).FirstAsync());

    private Task<string> TicketOfAsync(Viewer? assignee, TicketStatus status) => WithDbAsync(async db =>
        Ticket.FormatNumber(await db.Tickets.Where(t => t.Status == status && (assignee == null || t.AssigneeId == assignee.Id)).OrderBy(t => t.Id).Select(t => t.Number).FirstAsync()));

    private Task<Viewer> ViewerAsync(string email) => WithDbAsync(async db =>
    {
        var user = await db.Users.Where(u => u.Email == email).Select(u => new { u.Id, u.DisplayName }).SingleAsync();
        return new Viewer(user.Id, email.StartsWith("supervisor", StringComparison.Ordinal), user.DisplayName);
    });

    private Task<T> SendAsync<T>(IRequest<T> request) => _app.SendAsync(request);

    private Task<T> WithDbAsync<T>(Func<HelpDeskDbContext, Task<T>> action) => _app.WithDbAsync(action);
}
