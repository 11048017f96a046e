using HelpDesk.Web.Data;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HelpDesk.Web.Tests;

/// <summary>A refund above the agent's limit in Chromium: the policy explains, the agent submits, a supervisor approves, the agent refunds.</summary>
public sealed class AfterSalesBrowserTests(ClockedBrowserFixture browser) : IClassFixture<ClockedBrowserFixture>
{
    [Fact]
    public async Task An_agent_requests_a_refund_a_supervisor_approves_it_and_the_agent_pays_it_back()
    {
        Guid agentId;
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            agentId = await scope.ServiceProvider.GetRequiredService<HelpDeskDbContext>().Users.Where(u => u.Email == DemoSeeder.AgentEmail).Select(u => u.Id).SingleAsync();
        }

        var (number, _) = await AfterSalesData.TicketWithOrderAsync(browser.Factory.Services, agentId, browser.Clock.GetUtcNow(), (699m, 1, false));
        var (agent, errors) = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(agent, DemoSeeder.AgentEmail);
        await agent.GotoAsync($"/agent/tickets/{number}");
        await agent.ClickAsync("#open-aftersales");

        await agent.SelectOptionAsync("#kind", "RefundOnly");
        await agent.ClickAsync("#check-policy");
        var line = agent.Locator("#policy-lines .policy-line").First;
        await Assertions.Expect(line.Locator(".policy-reasons")).ToContainTextAsync("质量问题");
        await line.Locator("input[type=checkbox]").CheckAsync();
        await agent.FillAsync("#Input_Reason", "左耳电流声，顾客不想再等换货。");
        await agent.ClickAsync("#start-case");

        await Assertions.Expect(agent.Locator("#flash")).ToHaveTextAsync("售后单已提交。");
        var @case = agent.Locator("#cases .case").First;
        await Assertions.Expect(@case.Locator(".case-status")).ToHaveTextAsync("已申请");
        await Assertions.Expect(@case).ToContainTextAsync("需 1 位主管审批，已批 0 位");
        await BrowserFixture.ScreenshotAsync(agent, "aftersales-requested");

        var (supervisor, supervisorErrors) = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(supervisor, DemoSeeder.SupervisorEmail);
        await supervisor.ClickAsync("#nav-approvals");
        var row = supervisor.Locator("#approvals tr", new() { HasText = number });
        await Assertions.Expect(row).ToContainTextAsync("¥699.00");
        await BrowserFixture.ScreenshotAsync(supervisor, "aftersales-approvals");
        await row.Locator("button.approve").ClickAsync();
        await Assertions.Expect(supervisor.Locator("#flash")).ToHaveTextAsync("已处理。");
        await Assertions.Expect(supervisor.Locator("#approvals tr", new() { HasText = number })).ToHaveCountAsync(0);

        await agent.ReloadAsync();
        await Assertions.Expect(@case.Locator(".case-status")).ToHaveTextAsync("已批准");
        await @case.Locator("button.step-Refund").ClickAsync();
        await Assertions.Expect(agent.Locator("#cases .case .case-status").First).ToHaveTextAsync("已退款");
        await Assertions.Expect(agent.Locator("#cases .case .case-steps").First).ToContainTextAsync("699.00");
        Assert.Empty(errors);
        Assert.Empty(supervisorErrors);
    }
}
