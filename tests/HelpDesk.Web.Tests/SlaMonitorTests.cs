using HelpDesk.Domain.Sla;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Sla;
using HelpDesk.Web.Tests.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpDesk.Web.Tests;

/// <summary>The SLA monitor on PostgreSQL with a test clock: on time, exactly once, in business hours.</summary>
public sealed class SlaMonitorTests : IAsyncLifetime
{
    // Monday 2026-11-23 10:00 in Shanghai.
    private readonly FakeTimeProvider _clock = TestClock.At(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
    private HelpDeskFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync(), services: s => s.AddSingleton<TimeProvider>(_clock));
        // Settle the demo data at this clock so only the tickets of a test are due.
        await WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE tickets SET next_deadline_at = NULL"));
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Two_monitors_racing_escalate_each_level_exactly_once()
    {
        var id = await OpenChatTicketAsync(); // 在线客服 policy: first response 5 minutes, 24×7, at risk at 75 %

        _clock.Advance(TimeSpan.FromMinutes(4));
        await Task.WhenAll(TickAsync(), TickAsync());
        _clock.Advance(TimeSpan.FromMinutes(2));
        await Task.WhenAll(TickAsync(), TickAsync(), TickAsync());
        await TickAsync();

        var escalations = await WithDbAsync(db => db.SlaEscalations.Where(e => e.TicketId == id).OrderBy(e => e.Id).Select(e => new { e.Metric, e.Level }).ToListAsync());
        Assert.Equal([new { Metric = SlaMetric.FirstResponse, Level = EscalationLevel.AtRisk }, new { Metric = SlaMetric.FirstResponse, Level = EscalationLevel.Breached }], escalations);
        var ticket = await WithDbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Id == id));
        Assert.Equal(TicketPriority.High, ticket.Priority); // raised once, from Normal
        Assert.Equal(SlaState.Breached, ticket.SlaState);
        var notices = await WithDbAsync(db => db.Notifications.Where(n => n.TicketId == id).Select(n => n.Key).ToListAsync());
        Assert.Equal(2, notices.Count(k => k == "notify.sla.at_risk"));  // the assignee and the team's supervisor
        Assert.Equal(2, notices.Count(k => k == "notify.sla.breached"));
    }

    [Fact]
    public async Task The_unread_count_is_the_open_tickets_with_unread_notices_not_the_number_of_notices()
    {
        var (first, second) = (await OpenChatTicketAsync(), await OpenChatTicketAsync());
        _clock.Advance(TimeSpan.FromMinutes(4));
        await TickAsync(); // at risk: one notice per ticket
        _clock.Advance(TimeSpan.FromMinutes(2));
        await TickAsync(); // breached: a second notice per ticket
        var agent = await WithDbAsync(db => db.Users.Where(u => u.Email == DemoSeeder.AgentEmail).Select(u => u.Id).SingleAsync());
        var before = await _app.SendAsync(new Features.Agent.Notifications.IndexModel.CountUnread(agent));
        var notices = await WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == agent && n.ReadAt == null && (n.TicketId == first || n.TicketId == second)));

        await WithDbAsync(db => db.Tickets.Where(t => t.Id == second).ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TicketStatus.Resolved)));
        var after = await _app.SendAsync(new Features.Agent.Notifications.IndexModel.CountUnread(agent));

        Assert.Equal(4, notices);
        Assert.Equal(1, before - after);
    }

    [Fact]
    public async Task A_breach_within_a_minute_of_a_saved_warning_replaces_it_on_every_ticket_of_the_tick()
    {
        List<long> tickets = [await OpenChatTicketAsync(), await OpenChatTicketAsync(), await OpenChatTicketAsync()];
        _clock.Advance(TimeSpan.FromSeconds(270)); // 4:30, at risk (75 % of 5 minutes): warnings saved
        await TickAsync();
        _clock.Advance(TimeSpan.FromSeconds(45));  // 5:15, breached 45 s after the warnings
        await TickAsync();

        var notices = await WithDbAsync(db => db.Notifications.Where(n => n.TicketId != null && tickets.Contains(n.TicketId.Value))
            .Select(n => new { TicketId = n.TicketId!.Value, n.Key }).ToListAsync());
        Assert.All(tickets, id => Assert.Equal(["notify.sla.breached", "notify.sla.breached"], notices.Where(n => n.TicketId == id).Select(n => n.Key)));
    }

    [Fact]
    public async Task The_assignee_reads_the_escalation_in_the_app_and_marks_it_read()
    {
        var id = await OpenChatTicketAsync();
        _clock.Advance(TimeSpan.FromMinutes(6));
        await TickAsync();
        var number = await WithDbAsync(async db => Ticket.FormatNumber(await db.Tickets.Where(t => t.Id == id).Select(t => t.Number).SingleAsync()));
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        await AppFixture.PostFormAsync(client, "/account/login", new() { ["Input.Email"] = DemoSeeder.AgentEmail, ["Input.Password"] = DemoSeeder.Password });

        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await client.GetStringAsync("/agent/notifications"));

        Assert.Equal("1", page.QuerySelector("#unread-count")!.TextContent.Trim()); // breached in the same tick as at risk: one notice
        Assert.Equal(["notify.sla.breached"], await WithDbAsync(db => db.Notifications.Where(n => n.TicketId == id && n.UserId == db.Users.Single(u => u.Email == DemoSeeder.AgentEmail).Id).Select(n => n.Key).ToListAsync()));
        Assert.DoesNotContain(await WithDbAsync(db => db.OutboxMessages.Select(o => o.Subject).ToListAsync()), s => s.Contains(number, StringComparison.Ordinal) && s.Contains("即将超时", StringComparison.Ordinal));
        Assert.Contains($"{number} 的首次响应已超时", page.QuerySelector("#notifications")!.TextContent, StringComparison.Ordinal);
        await AppFixture.PostFormAsync(client, "/agent/notifications", []);
        var after = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await client.GetStringAsync("/agent/notifications"));
        Assert.Equal("0", after.QuerySelector("#unread-count")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_breach_moves_the_ticket_to_the_teams_escalation_team()
    {
        var id = await OpenChatTicketAsync();
        var (from, to) = await WithDbAsync(async db =>
        {
            var ticket = await db.Tickets.AsNoTracking().SingleAsync(t => t.Id == id);
            var team = await db.Teams.SingleAsync(t => t.Id == ticket.TeamId);
            var escalation = await db.Teams.FirstAsync(t => t.Kind == Domain.Teams.TeamKind.Service && t.Id != team.Id);
            team.EscalateTo(escalation.Id);
            await db.SaveChangesAsync();
            return (team.Id, escalation.Id);
        });

        _clock.Advance(TimeSpan.FromMinutes(6));
        await TickAsync();

        var after = await WithDbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Id == id));
        Assert.Equal(to, after.TeamId);
        Assert.Null(after.AssigneeId);
        var changes = await WithDbAsync(db => db.AuditEntries.Where(a => a.TicketId == id && a.ActorName == Domain.Common.Actor.SlaMonitor.Name).Select(a => a.Details).ToListAsync());
        Assert.Contains(changes, d => AuditTrail.ReadChange(d)?.Field == "team");
    }

    [Fact]
    public async Task A_tick_with_nothing_due_costs_one_query_and_changes_nothing()
    {
        using (SqlCounter.Counting(out var count))
        {
            var result = await TickAsync();
            Assert.Equal(0, result.Checked);
            Assert.Equal(1, count.Value);
        }
    }

    [Fact]
    public async Task An_escalation_e_mail_at_night_waits_for_the_next_working_morning()
    {
        _clock.Set(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero)); // Monday 17:00 in Shanghai
        var id = await OpenTicketAsync(Channel.Email, TicketPriority.Normal); // 标准 policy: first response 120 business minutes

        _clock.Set(new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.Zero)); // 22:00: 60 minutes used, not yet at risk
        Assert.Equal(0, (await TickAsync()).Escalated);
        _clock.Set(new DateTimeOffset(2026, 11, 24, 1, 35, 0, TimeSpan.Zero)); // Tuesday 09:35: 95 of 120 used → at risk
        Assert.Equal(1, (await TickAsync()).Escalated);
        _clock.Set(new DateTimeOffset(2026, 11, 24, 1, 59, 0, TimeSpan.Zero));
        Assert.Equal(0, (await TickAsync()).Escalated);

        // Breached at Tuesday 10:00; the monitor only looks at 23:00 that night: the e-mails wait for Wednesday 09:00.
        _clock.Set(new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero));
        await TickAsync();

        var mails = await WithDbAsync(db => db.OutboxMessages.Where(m => m.Subject.Contains("First response breached")).Select(m => m.NextAttemptAt).ToListAsync());
        Assert.NotEmpty(mails);
        Assert.All(mails, at => Assert.Equal(new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero), at));
        Assert.Equal(2, await WithDbAsync(db => db.SlaEscalations.CountAsync(e => e.TicketId == id)));
    }

    [Fact]
    public async Task A_reply_in_time_stops_the_clock_and_nothing_is_escalated()
    {
        var id = await OpenChatTicketAsync();
        _clock.Advance(TimeSpan.FromMinutes(2));
        await WithDbAsync(async db =>
        {
            var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
            ticket.Reply(ticket.AssigneeId!.Value, "客服", "您好，马上为您查询。", _clock.GetUtcNow());
            return await db.SaveChangesAsync();
        });

        _clock.Advance(TimeSpan.FromMinutes(10));
        await TickAsync();

        Assert.Equal(0, await WithDbAsync(db => db.SlaEscalations.CountAsync(e => e.TicketId == id)));
        var sla = await WithDbAsync(db => db.Tickets.AsNoTracking().Where(t => t.Id == id).Select(t => t.Sla).SingleAsync());
        Assert.Equal(ClockState.Met, sla.FirstResponse.State);
    }

    [Fact]
    public async Task A_changed_policy_applies_to_open_tickets_from_the_change_on()
    {
        var id = await OpenChatTicketAsync();
        _clock.Advance(TimeSpan.FromMinutes(1));
        await WithDbAsync(async db =>
        {
            var chat = await db.SlaPolicies.SingleAsync(p => p.Name == "在线客服");
            chat.SetTargets(60, 120, 1440, 75);
            await db.SaveChangesAsync();
            return await db.Database.ExecuteSqlAsync($"UPDATE tickets SET next_deadline_at = {_clock.GetUtcNow()} WHERE id = {id}");
        });

        await TickAsync();

        var sla = await WithDbAsync(db => db.Tickets.AsNoTracking().Where(t => t.Id == id).Select(t => t.Sla).SingleAsync());
        Assert.Equal(60, sla.FirstResponse.TargetMinutes);
        Assert.Equal(_clock.GetUtcNow().AddMinutes(59), sla.FirstResponse.DueAt);
    }

    private Task<long> OpenChatTicketAsync() => OpenTicketAsync(Channel.Chat, TicketPriority.Normal);

    private Task<long> OpenTicketAsync(Channel channel, TicketPriority priority) => WithDbAsync(async db =>
    {
        var customer = await db.Customers.Where(c => c.Tier == Domain.Customers.CustomerTier.Regular).OrderBy(c => c.Id).FirstAsync();
        var agent = await db.Users.Where(u => u.Email == DemoSeeder.AgentEmail).Select(u => u.Id).SingleAsync();
        var team = await db.TeamMembers.Where(m => m.UserId == agent).Select(m => m.TeamId).FirstAsync();
        var ticket = Ticket.Open("SLA 测试", TicketCategory.Logistics, priority, channel, customer.Id, customer.Name, "我的包裹呢？", _clock.GetUtcNow());
        ticket.AssignTo(team, agent, TestActors.Staff, _clock.GetUtcNow());
        db.Tickets.Add(ticket);
        await db.SaveChangesAsync();
        return ticket.Id;
    });

    private async Task<SlaMonitor.Result> TickAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SlaMonitor.Command());
    }

    private Task<T> WithDbAsync<T>(Func<HelpDeskDbContext, Task<T>> action) => _app.WithDbAsync(action);
}
