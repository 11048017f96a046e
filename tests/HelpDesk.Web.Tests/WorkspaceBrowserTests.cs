using System.Text.RegularExpressions;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HelpDesk.Web.Tests;

/// <summary>An agent's day in Chromium: keyboard, canned answers, replies, assignment, and two agents on one ticket.</summary>
public sealed class WorkspaceBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_agent_searches_and_moves_through_the_queue_with_the_keyboard_and_opens_a_ticket()
    {
        var (page, errors) = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, DemoSeeder.AgentEmail);

        await page.Keyboard.PressAsync("/");
        await page.Keyboard.TypeAsync("物流");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("q=%E7%89%A9%E6%B5%81|q=物流"));
        await Assertions.Expect(page.Locator("#search-count")).ToContainTextAsync("找到"); // all tickets, not only "mine"
        await Assertions.Expect(page.Locator("#queue-body tr.queue-row").First).ToBeVisibleAsync();

        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("j");
        var selected = page.Locator("#queue-body tr.table-active");
        await Assertions.Expect(selected).ToHaveCountAsync(1);
        var number = await selected.GetAttributeAsync("data-number");
        Assert.Equal(number, await page.Locator("#queue-body tr.queue-row").Nth(1).GetAttributeAsync("data-number"));

        await page.Keyboard.PressAsync("?");
        await Assertions.Expect(page.Locator("#shortcuts-help")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#shortcuts-help")).ToBeFocusedAsync(); // fully opened
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("#shortcuts-help")).ToBeHiddenAsync();

        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/agent/tickets/{number!.ToLowerInvariant()}\\?view=mine$"));
        await BrowserFixture.ScreenshotAsync(page, "keyboard-ticket");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_agent_inserts_a_canned_answer_edits_it_sends_it_with_ctrl_enter_and_assigns_the_ticket()
    {
        var (number, customer) = await UnassignedTicketAsync();
        var (page, errors) = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, DemoSeeder.AgentEmail);
        await page.GotoAsync($"/agent/tickets/{number.ToLowerInvariant()}");

        await page.SelectOptionAsync("#canned", new SelectOptionValue { Label = "致歉安抚" });
        var body = page.Locator("#Reply_Body");
        await Assertions.Expect(body).ToHaveValueAsync(new Regex($"^{customer}您好"));
        await body.PressAsync("End");
        await body.PressSequentiallyAsync("我们今天就为您处理。");
        await body.PressAsync("Control+Enter");

        await Assertions.Expect(page.Locator("#flash")).ToHaveTextAsync("回复已发送。");
        await Assertions.Expect(page.Locator("#conversation .message").Last).ToContainTextAsync("我们今天就为您处理。");

        await page.Keyboard.PressAsync("a");
        await Assertions.Expect(page.Locator("#flash")).ToHaveTextAsync("工单已分配。");
        await Assertions.Expect(page.Locator("#ticket-assignee")).Not.ToHaveTextAsync("未分配");
        await Assertions.Expect(page.Locator("#conversation .change").Last).ToContainTextAsync("处理人");
        await BrowserFixture.ScreenshotAsync(page, "reply-and-assign");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Two_agents_on_one_ticket_see_each_other_and_the_late_save_is_told_what_changed()
    {
        var number = await TicketOfAsync(DemoSeeder.AgentEmail);
        var url = $"/agent/tickets/{number.ToLowerInvariant()}";
        var (alice, aliceErrors) = await browser.NewPageAsync();
        var (bob, bobErrors) = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(alice, DemoSeeder.AgentEmail);
        await BrowserFixture.SignInAsync(bob, DemoSeeder.SupervisorEmail);
        await alice.GotoAsync(url);
        await bob.GotoAsync(url);
        var bobName = await bob.Locator("#nav-user").InnerTextAsync();

        await Assertions.Expect(alice.Locator("#presence")).ToContainTextAsync(bobName);
        await bob.Locator("#Reply_Body").PressSequentiallyAsync("我来看看");
        await Assertions.Expect(alice.Locator("#presence")).ToContainTextAsync("正在输入");

        await bob.SelectOptionAsync("#Input_Priority", "Urgent");
        await bob.ClickAsync("#save-ticket");
        await Assertions.Expect(bob.Locator("#flash")).ToHaveTextAsync("工单已保存。");
        await Assertions.Expect(alice.Locator("#changed-notice")).ToBeVisibleAsync();
        await Assertions.Expect(alice.Locator("#changed-notice")).ToContainTextAsync(bobName);

        await alice.SelectOptionAsync("#Input_Priority", "Low");
        await alice.FillAsync("#Input_Tags", "爱丽丝的标签");
        await alice.ClickAsync("#save-ticket");

        await Assertions.Expect(alice.Locator("#errors")).ToContainTextAsync("刚被其他人修改");
        await Assertions.Expect(alice.Locator("#errors")).ToContainTextAsync($"{bobName} 于");
        await Assertions.Expect(alice.Locator("#errors")).ToContainTextAsync("紧急");
        await Assertions.Expect(alice.Locator("#Input_Tags")).ToHaveValueAsync("爱丽丝的标签");
        await BrowserFixture.ScreenshotAsync(alice, "conflict");
        Assert.Empty(aliceErrors);
        Assert.Empty(bobErrors);
    }

    [Fact]
    public async Task A_ticket_assigned_by_someone_else_appears_in_the_agents_queue_without_a_reload()
    {
        var (number, _) = await UnassignedTicketAsync(index: 1);
        var (alice, errors) = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(alice, DemoSeeder.AgentEmail);
        await alice.GotoAsync("/agent/tickets");
        await Assertions.Expect(alice.Locator($"#queue-body tr[data-number='{number}']")).ToHaveCountAsync(0);
        await Assertions.Expect(alice.Locator("body[data-live=connected]")).ToHaveCountAsync(1);

        await AssignAsync(number, DemoSeeder.AgentEmail);

        await Assertions.Expect(alice.Locator($"#queue-body tr[data-number='{number}']")).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        Assert.Empty(errors);
    }

    /// <summary>Another member of staff assigns the ticket, through the same slice the page uses.</summary>
    private async Task AssignAsync(string number, string email)
    {
        await using var scope = browser.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpDeskDbContext>();
        var user = await db.Users.Where(u => u.Email == email).Select(u => new { u.Id, u.DisplayName }).SingleAsync();
        var supervisor = await db.Users.Where(u => u.Email == DemoSeeder.SupervisorEmail).Select(u => new { u.Id, u.DisplayName }).SingleAsync();
        var n = Ticket.TryParseNumber(number, out var parsed) ? parsed : 0;
        var ticket = await db.Tickets.AsNoTracking().SingleAsync(t => t.Number == n);
        var team = await db.TeamMembers.Where(m => m.UserId == user.Id).Select(m => m.TeamId).FirstAsync();
        var was = TicketFields.Of(ticket);
        await scope.ServiceProvider.GetRequiredService<MediatR.IMediator>().Send(new Features.Agent.Tickets.Update.Command(
            new Viewer(supervisor.Id, true, supervisor.DisplayName), number, was,
            was with { Status = ticket.Status == TicketStatus.New ? TicketStatus.Open : ticket.Status, TeamId = team, AssigneeId = user.Id }));
    }

    private async Task<(string Number, string Customer)> UnassignedTicketAsync(int index = 0)
    {
        await using var scope = browser.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpDeskDbContext>();
        var row = await db.Tickets.Where(t => t.AssigneeId == null && t.TeamId == null && t.Status == TicketStatus.New)
            .OrderBy(t => t.Id).Skip(index)
            .Join(db.Customers, t => t.CustomerId, c => c.Id, (t, c) => new { t.Number, c.Name })
            .FirstAsync();
        return (Ticket.FormatNumber(row.Number), row.Name);
    }

    private async Task<string> TicketOfAsync(string email)
    {
        await using var scope = browser.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpDeskDbContext>();
        var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return Ticket.FormatNumber(await db.Tickets.Where(t => t.AssigneeId == id && t.Status == TicketStatus.Open).OrderByDescending(t => t.Id).Select(t => t.Number).FirstAsync());
    }
}
