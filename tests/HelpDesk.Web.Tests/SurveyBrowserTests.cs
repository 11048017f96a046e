using System.Text.RegularExpressions;
using HelpDesk.Domain.Complaints;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Agent.Tickets;
using HelpDesk.Web.Tests.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Form = HelpDesk.Web.Features.Customers.Complaints.NewModel;

namespace HelpDesk.Web.Tests;

/// <summary>CSAT and NPS round-trip: the customer answers from the links in the resolution mail on a 360 px phone, the agent's ticket shows it.</summary>
public sealed partial class SurveyBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_customer_answers_CSAT_and_NPS_on_a_phone_and_the_agent_sees_both_on_the_ticket()
    {
        var number = await ResolvedTicketAsync("survey.browser@example.cn");
        var mails = await WithDbAsync(db => db.OutboxMessages.Where(m => m.ToAddress == "survey.browser@example.cn").Select(m => m.Body).ToListAsync());
        var csat = mails.SelectMany(b => Link().Matches(b)).Single(m => mails.Single(b => b.Contains(m.Value, StringComparison.Ordinal)).Contains(number, StringComparison.Ordinal)).Value;
        var nps = mails.SelectMany(b => Link().Matches(b)).Select(m => m.Value).Single(v => v != csat);
        var (phone, errors) = await browser.NewPageAsync(viewport: new ViewportSize { Width = 360, Height = 740 });

        await phone.GotoAsync(csat);
        await Assertions.Expect(phone.Locator("#survey-form h1")).ToHaveTextAsync("您对我们的服务满意吗？");
        await AllOnScreenAsync(phone, 5, rows: 1);
        await BrowserFixture.ScreenshotAsync(phone, "survey-csat-phone");
        await phone.FillAsync("#Comment", "处理很快，谢谢！");
        await phone.ClickAsync("#score-4");
        await Assertions.Expect(phone.Locator("#survey-answered")).ToContainTextAsync("4 / 5");
        await Assertions.Expect(phone.Locator("#survey-comment")).ToHaveTextAsync("处理很快，谢谢！");

        await phone.GotoAsync(nps);
        await AllOnScreenAsync(phone, 11, rows: 2);
        await BrowserFixture.ScreenshotAsync(phone, "survey-nps-phone");
        await phone.ClickAsync("#score-9"); // one tap, no comment
        await Assertions.Expect(phone.Locator("#survey-answered")).ToContainTextAsync("9 / 10");
        Assert.Equal(0, await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth"));
        Assert.Empty(errors);

        var (agent, agentErrors) = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(agent, DemoSeeder.AgentEmail);
        await agent.GotoAsync($"/agent/tickets/{number.ToLowerInvariant()}");
        var panel = agent.Locator("#survey-panel");
        await Assertions.Expect(panel.Locator(".survey-row[data-kind=Csat]")).ToContainTextAsync("4 / 5");
        await Assertions.Expect(panel.Locator(".survey-row[data-kind=Csat] .survey-comment")).ToHaveTextAsync("处理很快，谢谢！");
        await Assertions.Expect(panel.Locator(".survey-row[data-kind=Nps]")).ToContainTextAsync("9 / 10");
        await BrowserFixture.ScreenshotAsync(agent, "survey-ticket-panel");
        Assert.Empty(agentErrors);
    }

    [GeneratedRegex("/s/[A-Za-z0-9_-]{43}")]
    private static partial Regex Link();

    /// <summary>Every score button inside the 360 px screen, in <paramref name="rows"/> rows, none narrower than a thumb (44 px).</summary>
    private static async Task AllOnScreenAsync(IPage page, int count, int rows)
    {
        var boxes = await page.Locator("#survey-form button[name=score]").EvaluateAllAsync<double[][]>("bs => bs.map(b => { const r = b.getBoundingClientRect(); return [r.left, r.right, r.top, r.width, r.height]; })");
        Assert.Equal(count, boxes.Length);
        Assert.All(boxes, b => Assert.True(b[0] >= 0 && b[1] <= 360 && b[3] >= 44 && b[4] >= 44, $"a score at {b[0]}–{b[1]} px, {b[3]}×{b[4]}"));
        Assert.Equal(rows, boxes.Select(b => Math.Round(b[2])).Distinct().Count());
    }

    private async Task<string> ResolvedTicketAsync(string email)
    {
        await using var scope = browser.Factory.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var submitted = await mediator.Send(new Form.Submit(new Form.Form
        {
            Name = "周小姐",
            Email = email,
            Category = TicketCategory.AfterSales,
            Type = ComplaintType.Quality,
            Description = "电饭煲不通电，请帮忙处理。",
            Remedy = Remedy.Exchange,
        }, [], DateTimeOffset.UtcNow));
        var db = scope.ServiceProvider.GetRequiredService<HelpDeskDbContext>();
        var user = await db.Users.Where(u => u.Email == DemoSeeder.AgentEmail).Select(u => new { u.Id, u.DisplayName }).SingleAsync();
        var agent = new Viewer(user.Id, false, user.DisplayName);
        await mediator.Send(new Reply.Command(agent, submitted.Number, "已为您换新，请查收。", false));
        var was = (await mediator.Send(new DetailsModel.Query(agent, submitted.Number)))!.Fields;
        await mediator.Send(new Update.Command(agent, submitted.Number, was, was with { Status = TicketStatus.Resolved }));
        return submitted.Number;
    }

    private async Task<T> WithDbAsync<T>(Func<HelpDeskDbContext, Task<T>> action)
    {
        await using var scope = browser.Factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<HelpDeskDbContext>());
    }
}
