using System.Net;
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
using Dashboard = HelpDesk.Web.Features.Supervisor.SlaModel;

namespace HelpDesk.Web.Tests;

/// <summary>The supervisor's SLA dashboard against figures worked out by hand, on a day of its own.</summary>
public sealed class SlaDashboardTests : IAsyncLifetime
{
    // Monday 1 March 2027, 10:00 in Shanghai: far from the demo data's days.
    private static readonly DateTimeOffset Start = new(2027, 3, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Day = new(2027, 3, 1);
    private readonly FakeTimeProvider _clock = TestClock.At(Start);
    private HelpDeskFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync(), services: s => s.AddSingleton<TimeProvider>(_clock));

        // The demo tickets' clocks ran out long before this day; keep the monitor to the tickets of the test.
        await WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE tickets SET next_deadline_at = NULL"));
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Compliance_board_and_breaches_match_the_hand_computed_day()
    {
        // Chat tickets: first response within 5 minutes, resolution within 1440, round the clock.
        var a = await OpenAsync();  // answered in 2 minutes and resolved: both in time
        var b = await OpenAsync();  // answered after 8 minutes: late, and already escalated by the tick at 6
        var c = await OpenAsync();  // never answered: the monitor finds it breached
        _clock.Advance(TimeSpan.FromMinutes(2));
        await ActAsync(a, t => t.Reply(t.AssigneeId!.Value, "客服", "您好", _clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromMinutes(4));
        await TickAsync();
        _clock.Advance(TimeSpan.FromMinutes(2));
        await ActAsync(b, t => t.Reply(t.AssigneeId!.Value, "客服", "抱歉久等", _clock.GetUtcNow()));
        await ActAsync(a, t => t.ChangeStatus(TicketStatus.Resolved, TestActors.Staff, _clock.GetUtcNow()));
        var d = await OpenAsync();  // opened just now: due in 5 minutes, on the board
        _clock.Advance(TimeSpan.FromMinutes(1));

        var dashboard = await SendAsync(new Dashboard.Query(Day, Day, 60, _clock.GetUtcNow()));

        var day = Assert.Single(dashboard.Days);
        Assert.Equal(new Dashboard.DayRow(Day, FirstTotal: 3, FirstMet: 1, ResolutionTotal: 1, ResolutionMet: 1, Breaches: 2), day);
        Assert.Equal(33.3, dashboard.FirstResponseCompliance);
        Assert.Equal(100, dashboard.ResolutionCompliance);
        var board = Assert.Single(dashboard.Board, r => r.Metric == SlaMetric.FirstResponse);
        Assert.Equal(await NumberAsync(d), board.Number);
        Assert.Equal(Start.AddMinutes(8 + 5), board.DueAt);
        Assert.Equal([await NumberAsync(b), await NumberAsync(c)], dashboard.Breaches.Select(x => x.Number).Order());
        Assert.All(dashboard.Breaches, x => Assert.Equal(SlaMetric.FirstResponse, x.Metric));
        // The list shows when each clock ran out (5 minutes after opening), not the monitor's tick at 6.
        Assert.All(dashboard.Breaches, x => Assert.Equal(Start.AddMinutes(5), x.DueAt));
        Assert.All(dashboard.Breaches, x => Assert.Equal(Start.AddMinutes(6), x.NoticedAt));

        var breachedOpen = await WithDbAsync(db => db.Tickets.CountAsync(t => t.SlaState == SlaState.Breached && t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed));
        Assert.Equal(breachedOpen, dashboard.ByTeam.Sum(r => r.Counts[SlaState.Breached]));
        Assert.Equal(breachedOpen, dashboard.ByChannel.Sum(r => r.Counts[SlaState.Breached]));
        Assert.Equal(breachedOpen, dashboard.ByPriority.Sum(r => r.Counts[SlaState.Breached]));
    }

    [Fact]
    public async Task The_dashboard_page_exports_csv_and_is_for_supervisors_only()
    {
        var supervisor = _app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await AppFixture.PostFormAsync(supervisor, "/account/login", new() { ["Input.Email"] = DemoSeeder.SupervisorEmail, ["Input.Password"] = DemoSeeder.Password })).StatusCode);

        var page = await supervisor.GetAsync("/supervisor/sla");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("SLA 看板", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var csv = await supervisor.GetAsync("/supervisor/sla?handler=Export&from=2027-02-22&to=2027-03-01");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("date,first_response_total", (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF'), StringComparison.Ordinal);

        var agent = _app.CreateClient(new() { AllowAutoRedirect = false });
        await AppFixture.PostFormAsync(agent, "/account/login", new() { ["Input.Email"] = DemoSeeder.AgentEmail, ["Input.Password"] = DemoSeeder.Password });
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/supervisor/sla")).StatusCode);
    }

    [Fact]
    public async Task The_breach_list_pages_by_deadline_without_losing_or_repeating_a_row()
    {
        // 52 clocks that run out at the same minute (ties broken by id), and one that ran out a minute earlier.
        var first = await OpenAsync();
        _clock.Advance(TimeSpan.FromMinutes(1));
        var ids = new List<long>();
        for (var i = 0; i < 52; i++)
        {
            ids.Add(await OpenAsync());
        }

        _clock.Advance(TimeSpan.FromMinutes(7));
        await TickAsync();
        var client = _app.CreateClient();
        await AppFixture.PostFormAsync(client, "/account/login", new() { ["Input.Email"] = DemoSeeder.SupervisorEmail, ["Input.Password"] = DemoSeeder.Password });
        var parser = new AngleSharp.Html.Parser.HtmlParser();

        var page1 = parser.ParseDocument(await client.GetStringAsync("/supervisor/sla?from=2027-03-01&to=2027-03-01"));
        var older = page1.QuerySelector("#breaches-older")!.GetAttribute("href")!;
        Assert.Null(page1.QuerySelector("#breaches-newest"));
        var page2 = parser.ParseDocument(await client.GetStringAsync(older));
        Assert.Null(page2.QuerySelector("#breaches-older"));
        Assert.NotNull(page2.QuerySelector("#breaches-newest"));

        string[] Numbers(AngleSharp.Html.Dom.IHtmlDocument page) => page.QuerySelectorAll("#breaches tbody tr td:first-child").Select(td => td.TextContent.Trim()).ToArray();
        Assert.Equal(Dashboard.BreachPage, Numbers(page1).Length);
        Assert.Equal(3, Numbers(page2).Length);
        var expected = new List<string>();
        foreach (var id in ids.AsEnumerable().Reverse().Append(first))
        {
            expected.Add(await NumberAsync(id));
        }

        Assert.Equal(expected, Numbers(page1).Concat(Numbers(page2)));
        Assert.Equal(await NumberAsync(first), Numbers(page2)[^1]);

        // A cursor that is not one is the first page, not an error.
        var garbage = await client.GetAsync("/supervisor/sla?from=2027-03-01&to=2027-03-01&breaches=x.y.z");
        Assert.Equal(HttpStatusCode.OK, garbage.StatusCode);
    }

    [Fact]
    public async Task A_ticket_about_to_breach_is_reassigned_from_the_board_in_one_click()
    {
        var id = await OpenAsync();
        var number = await NumberAsync(id);
        var target = await WithDbAsync(db => db.Users.Where(u => u.Email == "agent4@demo.local").Select(u => u.Id).SingleAsync());
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        await AppFixture.PostFormAsync(client, "/account/login", new() { ["Input.Email"] = DemoSeeder.SupervisorEmail, ["Input.Password"] = DemoSeeder.Password });
        var board = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await client.GetStringAsync("/supervisor/sla?from=2027-03-01&to=2027-03-01&minutes=60"));
        var form = board.QuerySelector($"#board tr[data-number='{number}'] form")!;

        var response = await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Number"] = number,
            ["AssigneeId"] = target.ToString(),
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(target, await WithDbAsync(db => db.Tickets.Where(t => t.Id == id).Select(t => t.AssigneeId).SingleAsync()));
    }

    private Task<long> OpenAsync() => WithDbAsync(async db =>
    {
        var customer = await db.Customers.Where(c => c.Tier == Domain.Customers.CustomerTier.Regular).OrderBy(c => c.Id).FirstAsync();
        var agent = await db.Users.Where(u => u.Email == DemoSeeder.AgentEmail).Select(u => u.Id).SingleAsync();
        var team = await db.TeamMembers.Where(m => m.UserId == agent).Select(m => m.TeamId).FirstAsync();
        var ticket = Ticket.Open("看板测试", TicketCategory.Logistics, TicketPriority.Normal, Channel.Chat, customer.Id, customer.Name, "在吗？", _clock.GetUtcNow());
        ticket.AssignTo(team, agent, TestActors.Staff, _clock.GetUtcNow());
        db.Tickets.Add(ticket);
        await db.SaveChangesAsync();
        return ticket.Id;
    });

    private Task<int> ActAsync(long id, Action<Ticket> action) => WithDbAsync(async db =>
    {
        action(await db.Tickets.SingleAsync(t => t.Id == id));
        return await db.SaveChangesAsync();
    });

    private Task<string> NumberAsync(long id) => WithDbAsync(async db => Ticket.FormatNumber(await db.Tickets.Where(t => t.Id == id).Select(t => t.Number).SingleAsync()));

    private Task<SlaMonitor.Result> TickAsync() => SendAsync(new SlaMonitor.Command());

    private Task<T> SendAsync<T>(IRequest<T> request) => _app.SendAsync(request);

    private Task<T> WithDbAsync<T>(Func<HelpDeskDbContext, Task<T>> action) => _app.WithDbAsync(action);
}
