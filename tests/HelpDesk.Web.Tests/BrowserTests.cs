using System.Text.RegularExpressions;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace HelpDesk.Web.Tests;

/// <summary>The journeys of the foundation, in Chromium.</summary>
public sealed class BrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_agent_signs_in_opens_the_queue_and_reads_a_ticket()
    {
        var (page, errors) = await browser.NewPageAsync();

        await BrowserFixture.SignInAsync(page, DemoSeeder.AgentEmail);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/agent/tickets$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("工单队列");
        var links = page.Locator("#queue a.ticket-link");
        Assert.InRange(await links.CountAsync(), 1, 50);
        await Assertions.Expect(page.Locator("#view-mine")).ToHaveClassAsync(new Regex("active"));
        await BrowserFixture.ScreenshotAsync(page, "agent-queue");

        var number = await links.First.InnerTextAsync();
        await links.First.ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/agent/tickets/{number.ToLowerInvariant()}\\?view=mine$"));
        await Assertions.Expect(page.Locator("#ticket-title")).ToContainTextAsync(number);
        Assert.True(await page.Locator("#conversation .message").CountAsync() >= 1);
        await Assertions.Expect(page.Locator("#current-order, #customer-panel").First).ToBeAttachedAsync();
        await page.ClickAsync("#tab-customer");
        await Assertions.Expect(page.Locator("#customer-panel")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "agent-ticket");

        await page.ClickAsync("#queue-back");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/agent/tickets(\\?view=mine)?$"));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(DemoSeeder.AgentEmail, "#nav-queue", "#nav-supervisor,#nav-admin")]
    [InlineData(DemoSeeder.SupervisorEmail, "#nav-queue,#nav-supervisor", "#nav-admin")]
    [InlineData(DemoSeeder.AdminEmail, "#nav-admin", "#nav-queue,#nav-supervisor")]
    public async Task Each_role_sees_its_own_navigation(string email, string shown, string hidden)
    {
        var (page, errors) = await browser.NewPageAsync();

        await BrowserFixture.SignInAsync(page, email);

        foreach (var selector in shown.Split(','))
        {
            await Assertions.Expect(page.Locator(selector)).ToBeVisibleAsync();
        }

        foreach (var selector in hidden.Split(','))
        {
            await Assertions.Expect(page.Locator(selector)).ToHaveCountAsync(0);
        }

        await BrowserFixture.ScreenshotAsync(page, "nav-" + email.Split('@')[0]);
        await page.ClickAsync("#nav-logout");
        await Assertions.Expect(page.Locator("#nav-login")).ToBeVisibleAsync();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_language_switch_turns_the_workspace_into_English_and_back()
    {
        var (page, errors) = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, DemoSeeder.SupervisorEmail);

        await page.GotoAsync("/agent/tickets?view=all");
        await page.ClickAsync("button[name=culture][value=en]");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Ticket queue");
        await Assertions.Expect(page.Locator("#queue thead")).ToContainTextAsync("Priority");
        await BrowserFixture.ScreenshotAsync(page, "queue-en");

        await page.ClickAsync("button[name=culture][value=zh-CN]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("工单队列");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_supervisor_sees_the_SLA_dashboard_and_an_agent_sees_a_tickets_clocks()
    {
        var (page, errors) = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, DemoSeeder.SupervisorEmail);

        await page.ClickAsync("#nav-sla");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("SLA 看板");
        await Assertions.Expect(page.Locator("#first-compliance")).ToHaveTextAsync(new Regex(@"^(\d+\.\d%|—)$"));
        await Assertions.Expect(page.Locator("#by-team tbody tr")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#trend")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "sla-dashboard");

        await page.GotoAsync("/agent/tickets?view=risk");
        var first = page.Locator("#queue-body a.ticket-link").First;
        await first.ClickAsync();
        await Assertions.Expect(page.Locator("#sla-panel")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#sla-panel .sla-clock[data-state='breached'], #sla-panel .sla-clock[data-state='at-risk']").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "ticket-clocks");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_wrong_password_is_shown_on_the_form_on_a_phone()
    {
        var (page, errors) = await browser.NewPageAsync(viewport: new ViewportSize { Width = 390, Height = 844 });

        await BrowserFixture.SignInAsync(page, DemoSeeder.AgentEmail, "wrong-password!");

        await Assertions.Expect(page.Locator("#login-error")).ToContainTextAsync("邮箱或密码不正确");
        await Assertions.Expect(page.Locator("#Input_Email")).ToHaveValueAsync(DemoSeeder.AgentEmail);
        await BrowserFixture.ScreenshotAsync(page, "login-error-phone");
        Assert.Empty(errors);
    }
}
