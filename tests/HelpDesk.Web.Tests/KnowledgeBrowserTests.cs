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

    [Fact]
    public async Task A_liaison_inserts_a_picture_at_the_cursor_and_publishes_it_for_their_department()
    {
        var (editor, errors) = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(editor, "product@demo.local");
        await editor.ClickAsync("#nav-knowledge");
        await editor.ClickAsync("#new-article");
        await Assertions.Expect(editor.Locator("#Input_DepartmentId")).ToBeDisabledAsync();
        await Assertions.Expect(editor.Locator("#image-save-first")).ToBeVisibleAsync();
        await editor.FillAsync("#Input_Title", "MX-300 电饭煲怎么清洗内胆？");
        await editor.FillAsync("#Input_Slug", "mx300-clean");
        await editor.FillAsync("#Input_Body", "第一步：断电。\n第二步：取出内胆用软布清洗。");
        await editor.ClickAsync("#save-article");
        await Assertions.Expect(editor.Locator("#flash")).ToBeVisibleAsync();

        // The cursor after "第一步：断电。" and a line break: the picture's Markdown goes exactly there.
        await editor.EvaluateAsync("() => { const b = document.getElementById('Input_Body'); b.focus(); b.setSelectionRange(8, 8); b.blur(); }");
        await editor.SetInputFilesAsync("#Image", new FilePayload
        {
            Name = "unplug.png", MimeType = "image/png",
            Buffer = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
        });
        await editor.FillAsync("#ImageAlt", "拔掉电源");
        await editor.ClickAsync("#upload-image");
        await Assertions.Expect(editor.Locator("#Input_Body")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"^第一步：断电。\n!\[拔掉电源\]\(/help/images/\d+/unplug\.png\)第二步"));

        // A program named like a picture gets the message beside the field, the text stays.
        await editor.SetInputFilesAsync("#Image", new FilePayload { Name = "virus.png", MimeType = "image/png", Buffer = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00] });
        await editor.ClickAsync("#upload-image");
        await Assertions.Expect(editor.Locator("[data-valmsg-for='Image']")).ToContainTextAsync("“virus.png”不是图片");

        await editor.ClickAsync("#publish-article");
        await Assertions.Expect(editor.Locator("#article-status")).ToHaveTextAsync("已发布");
        await Assertions.Expect(editor.Locator("#preview img[alt='拔掉电源']")).ToBeVisibleAsync();

        // The refused upload's 400 is the only thing the console reports (no CSP refusal, no script error).
        Assert.Equal("Failed to load resource: the server responded with a status of 400 (Bad Request)", Assert.Single(errors));

        var (customer, customerErrors) = await browser.NewPageAsync(viewport: new ViewportSize { Width = 360, Height = 740 });
        await customer.GotoAsync("/help/articles/mx300-clean");
        var picture = customer.Locator(".article-body img");
        await Assertions.Expect(picture).ToHaveAttributeAsync("loading", "lazy");
        Assert.True(await picture.EvaluateAsync<bool>("i => i.complete && i.naturalWidth === 1"));
        await BrowserFixture.ScreenshotAsync(customer, "help-article-picture");
        Assert.Empty(customerErrors);

        await using var scope = browser.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpDeskDbContext>();
        var product = await db.Teams.Where(t => t.Department == Domain.Teams.Department.Product).Select(t => t.Id).SingleAsync();
        Assert.Equal(product, await db.Articles.Where(a => a.Slug == "mx300-clean").Select(a => a.DepartmentId).SingleAsync());
    }
}
