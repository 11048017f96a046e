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

namespace HelpDesk.Web.Tests;

/// <summary>A customer on a phone, in Chinese: complain with an order and a photo, follow the link, choose, rate.</summary>
public sealed class CustomerBrowserTests(ClockedBrowserFixture browser) : IClassFixture<ClockedBrowserFixture>
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    [Fact]
    public async Task A_customer_complains_on_a_phone_follows_the_link_replies_chooses_and_rates()
    {
        var (email, order, product) = await CustomerWithOrderAsync();
        var photo = new FilePayload { Name = "broken.png", MimeType = "image/png", Buffer = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52] };
        var (page, errors) = await browser.NewPageAsync(viewport: Phone);

        await page.GotoAsync("/");
        await page.ClickAsync("#start-complaint");
        await page.FillAsync("#Input_Name", "周小姐");
        await page.FillAsync("#Input_Email", email);
        await page.SelectOptionAsync("#Input_Category", "AfterSales");
        await page.FillAsync("#Input_OrderNumber", order);
        await page.Locator("#Input_OrderNumber").DispatchEventAsync("change");
        await Assertions.Expect(page.Locator("#order-found")).ToContainTextAsync(product);
        await page.Locator("#order-found input[type=checkbox]").First.CheckAsync();
        await page.SelectOptionAsync("#Input_Type", "Quality");
        await page.FillAsync("#Input_Description", "收到的商品有破损，外包装也压坏了。");
        await page.SelectOptionAsync("#Input_Remedy", "Exchange");
        await page.SetInputFilesAsync("#files", photo);
        await BrowserFixture.ScreenshotAsync(page, "customer-form-phone");
        await page.ClickAsync("#submit-complaint");

        await Assertions.Expect(page.Locator("#ticket-number")).ToHaveTextAsync(new Regex("^HD-\\d+$"));
        await Assertions.Expect(page.Locator("#answer-time")).ToContainTextAsync("客服将在 今天 18:00 前回复您");
        var number = await page.Locator("#ticket-number").InnerTextAsync();
        await BrowserFixture.ScreenshotAsync(page, "customer-submitted");
        await page.ClickAsync("#follow-link");

        await Assertions.Expect(page.Locator("#portal-status")).ToHaveTextAsync("已受理");
        await page.FillAsync("#Body", "补充：快递员说是运输途中摔坏的。");
        await page.ClickAsync("#portal-send");
        await BrowserFixture.ScreenshotAsync(page, "customer-replied");
        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("已发送");
        await Assertions.Expect(page.Locator("#public-conversation .message")).ToHaveCountAsync(2);

        await AsAgentAsync(async (mediator, agent) =>
            await mediator.Send(new OfferSolutions.Command(agent, number, [new(Remedy.Exchange, "换一台新的", null), new(Remedy.Refund, "全额退款", null)])));
        await page.ReloadAsync();
        await page.ClickAsync("#solutions .solution-option >> text=换一台新的");
        await Assertions.Expect(page.Locator("#chosen-solution")).ToContainTextAsync("换一台新的");

        await AsAgentAsync(async (mediator, agent) =>
        {
            await mediator.Send(new Reply.Command(agent, number, "新的商品已发出，请注意查收。", false));
            var was = (await mediator.Send(new DetailsModel.Query(agent, number)))!.Fields;
            await mediator.Send(new Update.Command(agent, number, was, was with { Status = TicketStatus.Resolved }));
            return 0;
        });
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#portal-status")).ToHaveTextAsync("已解决");
        await page.SetViewportSizeAsync(360, 740); // the smallest common phone: the five scores fit on one line
        var stars = await page.Locator("#rate-form label[for^=score-]").EvaluateAllAsync<double[]>("labels => labels.map(l => l.getBoundingClientRect().right)");
        var firstTop = await page.Locator("label[for=score-1]").EvaluateAsync<double>("l => l.getBoundingClientRect().top");
        Assert.All(stars, right => Assert.True(right <= 360, $"a score ends at {right} px"));
        Assert.Equal(firstTop, await page.Locator("label[for=score-5]").EvaluateAsync<double>("l => l.getBoundingClientRect().top"));
        await page.ClickAsync("label[for=score-5]");
        await page.FillAsync("textarea[name='Rating.Comment']", "处理很快，谢谢！");
        await page.ClickAsync("#rate-solved");

        await Assertions.Expect(page.Locator("#rated")).ToContainTextAsync("★★★★★");
        await Assertions.Expect(page.Locator("#portal-status")).ToHaveTextAsync("已完结");
        await BrowserFixture.ScreenshotAsync(page, "customer-rated");
        Assert.Empty(errors);
    }

    private async Task AsAgentAsync(Func<IMediator, Viewer, Task<long>> act)
    {
        await using var scope = browser.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpDeskDbContext>();
        var user = await db.Users.Where(u => u.Email == DemoSeeder.SupervisorEmail).Select(u => new { u.Id, u.DisplayName }).SingleAsync();
        await act(scope.ServiceProvider.GetRequiredService<IMediator>(), new Viewer(user.Id, true, user.DisplayName));
    }

    private async Task<(string Email, string Order, string Product)> CustomerWithOrderAsync()
    {
        await using var scope = browser.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpDeskDbContext>();
        var order = await db.Orders.Include(o => o.Lines).Where(o => o.Status == Domain.Orders.OrderStatus.Delivered).OrderBy(o => o.Id).FirstAsync();
        var email = await db.CustomerContacts.Where(c => c.CustomerId == order.CustomerId && c.Kind == Domain.Customers.ContactKind.Email).Select(c => c.Value).FirstAsync();
        return (email, order.Number, order.Lines[0].ProductName);
    }
}
