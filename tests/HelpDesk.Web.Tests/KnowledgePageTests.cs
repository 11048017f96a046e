using System.Net;
using AngleSharp.Html.Parser;
using HelpDesk.Domain.Knowledge;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Tests;

/// <summary>The knowledge base over HTTP: who may edit, what customers may read, versions, votes, Markdown safety.</summary>
public sealed class KnowledgePageTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly HtmlParser Parser = new();

    [Fact]
    public async Task Only_supervisors_and_admins_edit_the_knowledge_base()
    {
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInClientAsync(DemoSeeder.SupervisorEmail)).GetAsync("/knowledge")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInClientAsync(DemoSeeder.AdminEmail)).GetAsync("/knowledge/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInClientAsync(DemoSeeder.AgentEmail)).GetAsync("/knowledge")).StatusCode);
        var anonymous = await app.Client().GetAsync("/knowledge/synonyms");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Internal_drafts_and_archived_articles_are_never_shown_to_customers()
    {
        var customer = app.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await customer.GetAsync("/help/articles/internal-refund-approval")).StatusCode);
        var search = await customer.GetStringAsync("/help?q=" + Uri.EscapeDataString("退款审批流程"));
        Assert.DoesNotContain("【内部】", search, StringComparison.Ordinal);
        var suggestions = await customer.GetStringAsync("/help?handler=Suggest&q=" + Uri.EscapeDataString("PLUS会员投诉"));
        Assert.DoesNotContain("【内部】", suggestions, StringComparison.Ordinal);
        var home = await customer.GetStringAsync("/help");
        Assert.DoesNotContain("【内部】", home, StringComparison.Ordinal);

        var supervisor = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);
        var id = await SaveAsync(supervisor, null, "draft-only", "草稿里的秘密", "还没发布", handler: null);
        Assert.Equal(HttpStatusCode.NotFound, (await customer.GetAsync("/help/articles/draft-only")).StatusCode);
        await SaveAsync(supervisor, id, "draft-only", "草稿里的秘密", "现在发布", handler: "Publish");
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync("/help/articles/draft-only")).StatusCode);
        await SaveAsync(supervisor, id, "draft-only", "草稿里的秘密", "现在发布", handler: "Archive");
        Assert.Equal(HttpStatusCode.NotFound, (await customer.GetAsync("/help/articles/draft-only")).StatusCode);
    }

    [Fact]
    public async Task An_editor_writes_publishes_translates_and_restores_and_each_language_reads_its_own()
    {
        var supervisor = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);
        var zh = await SaveAsync(supervisor, null, "gift-wrap", "礼品包装怎么选？", "下单时勾选**礼品包装**，每件 5 元。", handler: "Publish");
        await SaveAsync(supervisor, zh, "gift-wrap", "礼品包装怎么选？", "下单时勾选**礼品包装**，每件 8 元。", handler: null);

        // The translation starts from the Chinese one's address and category.
        var translate = Parser.ParseDocument(await supervisor.GetStringAsync($"/knowledge/edit?translate={zh}"));
        Assert.Equal("gift-wrap", translate.QuerySelector("#Input_Slug")!.GetAttribute("value"));
        Assert.Equal("en", translate.QuerySelector("#Input_Language option[selected]")!.GetAttribute("value"));
        await SaveAsync(supervisor, null, "gift-wrap", "How do I choose gift wrapping?", "Tick **gift wrapping** when you order: CNY 8 each.", handler: "Publish", language: "en");

        var chinese = Parser.ParseDocument(await app.Client().GetStringAsync("/help/articles/gift-wrap"));
        Assert.Equal("礼品包装怎么选？", chinese.QuerySelector("h1")!.TextContent);
        Assert.Equal("礼品包装", chinese.QuerySelector(".article-body strong")!.TextContent);
        var english = app.Client();
        english.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        Assert.Equal("How do I choose gift wrapping?", Parser.ParseDocument(await english.GetStringAsync("/help/articles/gift-wrap")).QuerySelector("h1")!.TextContent);

        // Version 1 (5 元) comes back as version 3; history keeps all three.
        var editor = Parser.ParseDocument(await supervisor.GetStringAsync($"/knowledge/edit/{zh}"));
        Assert.Equal(2, editor.QuerySelectorAll("#versions tbody tr").Length);
        await SaveAsync(supervisor, zh, "gift-wrap", "礼品包装怎么选？", "下单时勾选**礼品包装**，每件 8 元。", handler: "Restore", version: 1);
        var restored = await app.WithDbAsync(db => db.Articles.Include(a => a.Versions).SingleAsync(a => a.Id == zh));
        Assert.Equal([1, 2, 3], restored.Versions.Select(v => v.Number).Order());
        Assert.Contains("5 元", restored.Body, StringComparison.Ordinal);
        Assert.Equal(ArticleStatus.Published, restored.Status);
    }

    [Fact]
    public async Task Markdown_cannot_carry_script_or_raw_html()
    {
        var supervisor = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);
        await SaveAsync(supervisor, null, "no-script", "安全测试", "正文<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[链接](javascript:alert(3))", handler: "Publish");

        var html = await app.Client().GetStringAsync("/help/articles/no-script");
        var body = Parser.ParseDocument(html).QuerySelector(".article-body")!;

        // Raw HTML shows as the text it is; no element, attribute or link of it survives.
        Assert.Empty(body.QuerySelectorAll("script, img, [onerror]"));
        Assert.DoesNotContain(body.QuerySelectorAll("a"), a => (a.GetAttribute("href") ?? string.Empty).Contains("javascript", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("<script>alert(1)</script>", body.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_article_gets_messages_per_field_and_nothing_is_written()
    {
        var supervisor = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);
        var before = await app.WithDbAsync(db => db.Articles.CountAsync());

        var response = await PostAsync(supervisor, null, "Bad Slug!", "", "正文", handler: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Parser.ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Contains("请填写标题", page.QuerySelector("[data-valmsg-for='Input.Title']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.Articles.CountAsync()));
    }

    [Fact]
    public async Task A_customer_votes_once_per_article_and_no_helps_them_on_to_the_form()
    {
        var client = app.Client();
        var before = await app.WithDbAsync(db => db.Articles.Where(a => a.Slug == "coupon").Select(a => a.NotHelpful).SingleAsync());

        var first = await VoteAsync(client, "coupon", helpful: false);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var cookie = first.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("hd_vote_", StringComparison.Ordinal)).Split(';')[0];
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.NotNull(Parser.ParseDocument(await client.GetStringAsync("/help/articles/coupon")).QuerySelector("#vote-thanks"));
        await VoteAsync(client, "coupon", helpful: false);

        Assert.Equal(before + 1, await app.WithDbAsync(db => db.Articles.Where(a => a.Slug == "coupon").Select(a => a.NotHelpful).SingleAsync()));
    }

    [Fact]
    public async Task A_synonym_an_editor_adds_widens_the_search()
    {
        var supervisor = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);
        var before = Parser.ParseDocument(await app.Client().GetStringAsync("/help?q=" + Uri.EscapeDataString("捎带礼盒")));
        Assert.NotNull(before.QuerySelector("#no-results"));

        Assert.Equal(HttpStatusCode.Redirect, (await AppFixture.PostFormAsync(supervisor, "/knowledge/synonyms", new() { ["Term"] = "礼盒", ["Expansion"] = "礼品包装" })).StatusCode);
        await SaveAsync(supervisor, null, "gift-box", "礼品包装说明", "下单时可以选择礼品包装。", handler: "Publish");

        var after = Parser.ParseDocument(await app.Client().GetStringAsync("/help?q=" + Uri.EscapeDataString("捎带礼盒")));
        Assert.Contains(after.QuerySelectorAll("#results a"), a => a.GetAttribute("href") == "/help/articles/gift-box");
    }

    [Fact]
    public async Task The_help_centre_lists_sections_and_the_form_gets_up_to_three_suggestions()
    {
        var client = app.Client();
        var home = Parser.ParseDocument(await client.GetStringAsync("/help"));
        Assert.NotEmpty(home.QuerySelectorAll(".help-section"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/help/categories/returns")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/help/categories/nope")).StatusCode);

        var suggestions = Parser.ParseDocument(await client.GetStringAsync("/help?handler=Suggest&q=" + Uri.EscapeDataString("退货运费谁出")));
        var links = suggestions.QuerySelectorAll("#suggestions a");
        Assert.InRange(links.Length, 1, 3);
        Assert.Equal("/help/articles/return-shipping-cost?from=form", links[0].GetAttribute("href"));
    }

    private static Task<HttpResponseMessage> VoteAsync(HttpClient client, string slug, bool helpful) =>
        AppFixture.PostFormAsync(client, $"/help/articles/{slug}?handler=Vote", new() { ["helpful"] = helpful ? "true" : "false" }, $"/help/articles/{slug}");

    private async Task<int> SaveAsync(HttpClient client, int? id, string slug, string title, string body, string? handler, string language = "zh-CN", int? version = null)
    {
        var response = await PostAsync(client, id, slug, title, body, handler, language, version);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.OriginalString;
        return int.Parse(location[(location.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<HttpResponseMessage> PostAsync(HttpClient client, int? id, string slug, string title, string body, string? handler, string language = "zh-CN", int? version = null)
    {
        var categories = await app.WithDbAsync(db => db.ArticleCategories.OrderBy(c => c.Position).Select(c => c.Id).FirstAsync());
        var url = $"/knowledge/edit{(id is { } i ? "/" + i : string.Empty)}";
        var query = handler is null ? string.Empty : $"?handler={handler}{(version is { } v ? "&version=" + v : string.Empty)}";
        return await AppFixture.PostFormAsync(client, url + query, new()
        {
            ["Input.Slug"] = slug, ["Input.Language"] = language, ["Input.CategoryId"] = categories.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Audience"] = "Public", ["Input.Title"] = title, ["Input.Body"] = body, ["Input.Tags"] = "", ["Input.Products"] = "",
        }, url);
    }
}
