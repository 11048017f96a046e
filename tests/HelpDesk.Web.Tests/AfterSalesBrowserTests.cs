using HelpDesk.Web.Data;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace HelpDesk.Web.Tests;

/// <summary>A refund above the agent's limit in Chromium: the policy explains, the agent submits, a supervisor approves, the agent refunds.</summary>
public sealed class AfterSalesBrowserTests(ClockedBrowserFixture browser) : IClassFixture<ClockedBrowserFixture>
{
    /// <summary>The journey: broken item → offer exchange or refund → customer picks refund → return and refund filed → approved → returned → refunded → confirmed.</summary>
    [Fact]
    public async Task A_complaint_about_a_broken_item_ends_in_an_approved_refund_the_customer_confirms()
    {
        var agentId = await UserIdAsync(DemoSeeder.AgentEmail);
        await AfterSalesData.TicketWithOrderAsync(browser.Factory.Services, agentId, browser.Clock.GetUtcNow(), (899m, 1, false));
        var (email, order) = await LatestOrderAsync();

        var (customer, customerErrors) = await browser.NewPageAsync(viewport: new ViewportSize { Width = 390, Height = 844 });
        await customer.GotoAsync("/complaints/new");
        await customer.FillAsync("#Input_Name", "周小姐");
        await customer.FillAsync("#Input_Email", email);
        await customer.SelectOptionAsync("#Input_Category", "AfterSales");
        await customer.FillAsync("#Input_OrderNumber", order);
        await customer.Locator("#Input_OrderNumber").DispatchEventAsync("change");
        await customer.Locator("#order-found input[type=checkbox]").First.CheckAsync();
        await customer.SelectOptionAsync("#Input_Type", "Quality");
        await customer.FillAsync("#Input_Description", "耳机收到就坏了，左耳没有声音。");
        await customer.SelectOptionAsync("#Input_Remedy", "Refund");
        await customer.ClickAsync("#submit-complaint");
        var number = await customer.Locator("#ticket-number").InnerTextAsync();
        await customer.ClickAsync("#follow-link");

        var (agent, agentErrors) = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(agent, DemoSeeder.AgentEmail);
        await agent.GotoAsync($"/agent/tickets/{number}");
        await agent.ClickAsync("#tab-aftersales"); // stays open across the reloads that follow
        await agent.ClickAsync("#complaint-advance"); // acknowledged
        await agent.ClickAsync("#complaint-advance"); // investigating
        await Assertions.Expect(agent.Locator("#complaint-stage")).ToHaveTextAsync("核实中");
        await agent.ClickAsync("#offer-toggle");
        await agent.SelectOptionAsync("select[name='Offer[0].Remedy']", "Exchange");
        await agent.FillAsync("input[name='Offer[0].Description']", "换一台新的");
        await agent.SelectOptionAsync("select[name='Offer[1].Remedy']", "Refund");
        await agent.FillAsync("input[name='Offer[1].Description']", "全额退款 ¥899");
        await agent.Locator("#offer-form button[type=submit]").ClickAsync();

        await customer.ReloadAsync();
        await customer.ClickAsync("#solutions .solution-option >> text=全额退款 ¥899");
        await Assertions.Expect(customer.Locator("#chosen-solution")).ToContainTextAsync("全额退款");

        await agent.GotoAsync($"/agent/tickets/{number}/after-sales?kind=ReturnAndRefund&why=QualityProblem");
        await agent.Locator("#policy-lines .policy-line input[type=checkbox]").First.CheckAsync();
        await agent.FillAsync("#Input_Reason", "顾客选择全额退款：左耳无声，质量问题。");
        await agent.ClickAsync("#start-case");
        await Assertions.Expect(agent.Locator("#cases .case .case-status").First).ToHaveTextAsync("已申请");

        var (supervisor, supervisorErrors) = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(supervisor, DemoSeeder.SupervisorEmail);
        await supervisor.GotoAsync("/supervisor/approvals");
        await supervisor.Locator("#approvals tr", new() { HasText = number }).Locator("button.approve").ClickAsync();
        await Assertions.Expect(supervisor.Locator("#flash")).ToHaveTextAsync("已处理。");

        await agent.ReloadAsync();
        var @case = agent.Locator("#cases .case").First;
        await Assertions.Expect(@case.Locator(".case-approvals")).ToContainTextAsync("已批准");
        await @case.Locator("input[name=Carrier]").FillAsync("京东物流");
        await @case.Locator("input[name=TrackingNumber]").FillAsync("JDVA00012345678");
        await @case.Locator("button.step-AwaitReturn").ClickAsync();
        await Assertions.Expect(@case.Locator(".case-status")).ToHaveTextAsync("等待退回");
        await customer.ReloadAsync();
        await Assertions.Expect(customer.Locator("#portal-order")).ToContainTextAsync("等待退回");
        await @case.Locator("button.step-Receive").ClickAsync();
        await @case.Locator("button.step-Refund").ClickAsync();
        await Assertions.Expect(@case.Locator(".case-status")).ToHaveTextAsync("已退款");
        await Assertions.Expect(@case.Locator(".case-steps")).ToContainTextAsync("京东物流 JDVA00012345678");
        await Assertions.Expect(agent.Locator("#policy-lines .policy-line input[type=checkbox]").First).ToBeDisabledAsync(); // nothing left to claim
        await BrowserFixture.ScreenshotAsync(agent, "journey-refunded");
        await agent.ClickAsync("#back-to-ticket");
        await Assertions.Expect(agent.Locator("#complaint-stage")).ToHaveTextAsync("执行中");
        await agent.ClickAsync("#complaint-advance"); // done, waiting for the customer
        await Assertions.Expect(agent.Locator("#complaint-stage")).ToHaveTextAsync("待顾客确认");
        await agent.ClickAsync("#tab-ticket");
        await agent.SelectOptionAsync("#Input_Status", "Resolved");
        await agent.ClickAsync("#save-ticket");

        await customer.ReloadAsync();
        await Assertions.Expect(customer.Locator("#portal-order")).ToContainTextAsync("已退款");
        await customer.ClickAsync("label[for=score-5]");
        await customer.ClickAsync("#rate-solved");
        await Assertions.Expect(customer.Locator("#portal-status")).ToHaveTextAsync("已完结");
        await BrowserFixture.ScreenshotAsync(customer, "journey-confirmed");

        Assert.True(Domain.Tickets.Ticket.TryParseNumber(number, out var n));
        Assert.Equal(899m, await WithDbAsync(db => db.AfterSalesCases.Where(c => db.Tickets.Any(t => t.Id == c.TicketId && t.Number == n)).SumAsync(c => c.RefundedAmount)));
        Assert.Empty(customerErrors);
        Assert.Empty(agentErrors);
        Assert.Empty(supervisorErrors);
    }

    [Fact]
    public async Task An_agent_requests_a_refund_a_supervisor_approves_it_and_the_agent_pays_it_back()
    {
        var agentId = await UserIdAsync(DemoSeeder.AgentEmail);
        var (number, _) = await AfterSalesData.TicketWithOrderAsync(browser.Factory.Services, agentId, browser.Clock.GetUtcNow(), (699m, 1, false));
        var (agent, errors) = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(agent, DemoSeeder.AgentEmail);
        await agent.GotoAsync($"/agent/tickets/{number}");
        await agent.ClickAsync("#tab-aftersales");
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

    private Task<Guid> UserIdAsync(string email) => WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    /// <summary>The order <see cref="AfterSalesData"/> just made, and its customer's e-mail.</summary>
    private Task<(string Email, string Order)> LatestOrderAsync() => WithDbAsync(async db =>
    {
        var order = await db.Orders.OrderByDescending(o => o.Id).Select(o => new { o.Number, o.CustomerId }).FirstAsync();
        var email = await db.CustomerContacts.Where(c => c.CustomerId == order.CustomerId && c.Kind == Domain.Customers.ContactKind.Email).Select(c => c.Value).FirstAsync();
        return (email, order.Number);
    });

    private Task<T> WithDbAsync<T>(Func<HelpDeskDbContext, Task<T>> action) => browser.Factory.WithDbAsync(action);
}
