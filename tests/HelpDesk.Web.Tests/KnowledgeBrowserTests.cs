using HelpDesk.Web.Data;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HelpDesk.Web.Tests;

/// <summary>
/// The knowledge base in Chromium: a supervisor writes and publishes an article in Chinese and English; a customer on
/// a phone, describing the problem in the complaint form, is offered it, reads it and says it solved the problem —
/// no ticket, one deflection counted.
/// </summary>
public sealed class KnowledgeBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_supervisor_publishes_in_two_languages_and_a_customer_is_helped_without_a_ticket()
    {
        var (editor, errors) = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(editor, DemoSeeder.SupervisorEmail);
        await editor.ClickAsync("#nav-knowledge");
        await editor.ClickAsync("#new-article");
        await editor.FillAsync("#Input_Title", "发票抬头开错了怎么换开？");
        await editor.FillAsync("#Input_Slug", "reissue-invoice");
        await editor.SelectOptionAsync("#Input_CategoryId", new SelectOptionValue { Label = "支付与发票" });
        await editor.FillAsync("#Input_Tags", "发票, 换开, 抬头");
        await editor.FillAsync("#Input_Body", "订单完成后 30 天内，在“我的订单—发票”中点击**换开发票**，填写正确的发票抬头和税号即可。");
        await editor.ClickAsync("#publish-article");
        await Assertions.Expect(editor.Locator("#article-status")).ToHaveTextAsync("已发布");
        await Assertions.Expect(editor.Locator("#preview strong")).ToHaveTextAsync("换开发票");

        await editor.ClickAsync("#translate");
        await editor.FillAsync("#Input_Title", "The invoice has the wrong name: how do I get it reissued?");
        await editor.FillAsync("#Input_Body", "Within 30 days of completing the order, use **Reissue invoice** under My orders — Invoice.");
        await editor.ClickAsync("#publish-article");
        await Assertions.Expect(editor.Locator("#translation")).ToBeVisibleAsync();
        Assert.Empty(errors);

        var (customer, customerErrors) = await browser.NewPageAsync(viewport: new ViewportSize { Width = 360, Height = 740 });
        await customer.GotoAsync("/complaints/new");
        await customer.FillAsync("#Input_Description", "发票抬头开错了，能换开吗");
        var suggestion = customer.Locator("#suggestions a", new() { HasTextString = "发票抬头开错了怎么换开" });
        await Assertions.Expect(suggestion).ToBeVisibleAsync();
        var article = await customer.Context.RunAndWaitForPageAsync(() => suggestion.ClickAsync());
        await Assertions.Expect(article.Locator("h1")).ToHaveTextAsync("发票抬头开错了怎么换开？");
        await article.ClickAsync("#solved");
        await Assertions.Expect(article.Locator("#solved-thanks")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(article, "help-article-phone");

        await using var scope = browser.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpDeskDbContext>();
        var counts = await db.Articles.Where(a => a.Slug == "reissue-invoice" && a.Language == "zh-CN").Select(a => new { a.Deflections, a.Helpful }).SingleAsync();
        Assert.Equal((1, 1), (counts.Deflections, counts.Helpful));
        Assert.Equal(2, await db.Articles.CountAsync(a => a.Slug == "reissue-invoice" && a.Status == Domain.Knowledge.ArticleStatus.Published));

        // For the deflection rate: this browser read it and said it solved it, and sent no ticket.
        var visitor = Guid.ParseExact((await customer.Context.CookiesAsync()).Single(c => c.Name == "hd_visitor").Value, "N");
        var events = await db.HelpEvents.Where(e => e.Visitor == visitor).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync();
        Assert.Equal([Domain.Knowledge.HelpEventKind.ArticleView, Domain.Knowledge.HelpEventKind.Solved], events);
        Assert.Empty(customerErrors);
    }
}
