using System.Text.RegularExpressions;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Commitments;
using HelpDesk.Web.Tests.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HelpDesk.Web.Tests;

/// <summary>A promise's day in Chromium: made in a reply, confirmed, listed on the evening checklist, ticked.</summary>
public sealed class CommitmentBrowserTests(ClockedBrowserFixture browser) : IClassFixture<ClockedBrowserFixture>
{
    [Fact]
    public async Task A_promise_in_a_reply_is_tracked_checked_in_the_evening_and_ticked()
    {
        var number = await OpenTicketOfAgentAsync();
        var (page, errors) = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, DemoSeeder.AgentEmail);
        await page.GotoAsync($"/agent/tickets/{number.ToLowerInvariant()}");

        await page.FillAsync("#Reply_Body", "您好，已为您登记。明天上午给您回电确认处理结果。");
        await page.ClickAsync("#send-reply");

        var suggestion = page.Locator("#detected-promises .detected-promise");
        await Assertions.Expect(suggestion).ToHaveCountAsync(1);
        await Assertions.Expect(suggestion.Locator("input[name='Promise.Text']")).ToHaveValueAsync("明天上午给您回电确认处理结果");
        await Assertions.Expect(suggestion.Locator("input[name='Promise.DueLocal']")).ToHaveValueAsync("2026-11-24T10:00");
        await BrowserFixture.ScreenshotAsync(page, "promise-detected");
        await suggestion.Locator("button").ClickAsync();
        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("承诺已记录");
        await Assertions.Expect(page.Locator("#commitments-panel")).ToContainTextAsync("明天上午给您回电确认处理结果");

        // 18:05: the evening checklist is built.
        browser.Clock.Set(new DateTimeOffset(2026, 11, 23, 18, 5, 0, TimeSpan.FromHours(8)));
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new BuildChecklists.Command(browser.Clock.GetUtcNow()));
        }

        await page.ClickAsync("#nav-commitments");
        var item = page.Locator("#checklist .checklist-item", new() { HasText = "明天上午给您回电确认处理结果" }).First;
        await Assertions.Expect(item).ToContainTextAsync("今日承诺");
        await item.Locator("input[name='Input.Note']").FillAsync("已提前回电，顾客确认");
        await item.Locator("button.tick-kept").ClickAsync();

        await Assertions.Expect(page.Locator("#flash")).ToHaveTextAsync("承诺已更新。");
        var ticked = page.Locator("#checklist .checklist-item", new() { HasText = "明天上午给您回电确认处理结果" }).First;
        await Assertions.Expect(ticked.Locator(".tick")).ToContainTextAsync("已提前回电");
        await BrowserFixture.ScreenshotAsync(page, "checklist-ticked");

        await page.ClickAsync("#nav-tasks");
        await Assertions.Expect(page.Locator("#tasks-mine")).ToHaveClassAsync(new Regex("active"));
        Assert.Empty(errors);
    }

    private async Task<string> OpenTicketOfAgentAsync()
    {
        await using var scope = browser.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpDeskDbContext>();
        var agent = await db.Users.Where(u => u.Email == DemoSeeder.AgentEmail).Select(u => u.Id).SingleAsync();
        return Ticket.FormatNumber(await db.Tickets.Where(t => t.AssigneeId == agent && t.Status == TicketStatus.Open).OrderBy(t => t.Id).Select(t => t.Number).FirstAsync());
    }
}
