using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Parser;
using HelpDesk.Domain.Knowledge;
using HelpDesk.Domain.Teams;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Knowledge;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Tests;

/// <summary>
/// Issue 15 item 1's leftovers over HTTP: pictures in articles (upload, refusals, who may fetch them, the sanitizer)
/// and department liaisons as editors of their own departments' articles.
/// </summary>
public sealed class KnowledgeEditorTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string ProductLiaison = "product@demo.local";
    private const string LogisticsLiaison = "logistics@demo.local";
    private static readonly HtmlParser Parser = new();

    /// <summary>A real 1×1 PNG.</summary>
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    /// <summary>The start of a Windows program (MZ header), named like a picture.</summary>
    private static readonly byte[] Exe = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0xB8, 0, 0, 0];

    [Fact]
    public async Task An_editor_uploads_a_picture_and_customers_see_it_in_the_published_public_article()
    {
        var supervisor = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);
        var id = await SaveAsync(supervisor, null, new() { ["Input.Slug"] = "label-photo", ["Input.Title"] = "退货面单怎么贴？", ["Input.Body"] = "把面单贴在箱子顶部。" });

        // Without the script: the whole form comes back, unsaved text as typed, with the Markdown to copy.
        var response = await PostImageAsync(supervisor, id, "Box Label.png", Png, "退货面单示例", body: "还没保存的正文");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Parser.ParseDocument(await response.Content.ReadAsStringAsync());
        var snippet = page.QuerySelector("#image-snippet")!.GetAttribute("value")!;
        var image = await app.WithDbAsync(db => db.ArticleImages.AsNoTracking().SingleAsync(i => i.ArticleId == id));
        Assert.Equal($"![退货面单示例](/help/images/{image.Id}/box-label.png)", snippet);
        Assert.Equal(("image/png", Png.LongLength), (image.ContentType, image.Size));
        Assert.Equal("还没保存的正文", page.QuerySelector("#Input_Body")!.TextContent.Trim());
        Assert.Equal(Png, await app.WithDbAsync(db => db.ArticleImageContents.Where(c => c.ImageId == image.Id).Select(c => c.Data).SingleAsync()));

        // With the script: JSON with the same kind of Markdown.
        var json = await PostImageAsync(supervisor, id, "second.png", Png, "第二张", asJson: true);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        using (var answer = System.Text.Json.JsonDocument.Parse(await json.Content.ReadAsStringAsync()))
        {
            Assert.Matches(@"^!\[第二张\]\(/help/images/\d+/second\.png\)$", answer.RootElement.GetProperty("markdown").GetString());
        }

        // A draft's picture is not for customers yet.
        var url = $"/help/images/{image.Id}/box-label.png";
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync(url)).StatusCode);

        await SaveAsync(supervisor, id, new() { ["Input.Slug"] = "label-photo", ["Input.Title"] = "退货面单怎么贴？", ["Input.Body"] = "把面单贴在箱子顶部：\n\n" + snippet }, "Publish");
        var article = Parser.ParseDocument(await app.Client().GetStringAsync("/help/articles/label-photo"));
        var img = Assert.Single(article.QuerySelectorAll(".article-body img"));
        Assert.Equal((url, "退货面单示例", "lazy"), (img.GetAttribute("src"), img.GetAttribute("alt"), img.GetAttribute("loading")));

        var served = await app.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(served.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromDays(1), served.Headers.CacheControl.MaxAge);
        Assert.Equal(Png, await served.Content.ReadAsByteArrayAsync());

        // Only the picture's own name; any other is a 404.
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync($"/help/images/{image.Id}/other.png")).StatusCode);
    }

    [Fact]
    public async Task A_picture_of_an_internal_article_is_not_found_for_anonymous_visitors_but_shown_to_staff()
    {
        var supervisor = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);
        var id = await SaveAsync(supervisor, null, new() { ["Input.Slug"] = "internal-photo", ["Input.Title"] = "【内部】仓库照片", ["Input.Body"] = "内部流程", ["Input.Audience"] = "Internal" }, "Publish");
        await PostImageAsync(supervisor, id, "warehouse.png", Png, "仓库");
        var image = await app.WithDbAsync(db => db.ArticleImages.AsNoTracking().SingleAsync(i => i.ArticleId == id));

        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync(image.Url)).StatusCode);
        var agent = await app.SignedInClientAsync(DemoSeeder.AgentEmail);
        var staff = await agent.GetAsync(image.Url);
        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
        Assert.True(staff.Headers.CacheControl!.Private);
        Assert.False(staff.Headers.CacheControl.Public);
    }

    [Fact]
    public async Task A_program_renamed_png_is_refused_with_a_message_on_the_field_in_both_languages_and_nothing_is_stored()
    {
        var supervisor = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);
        var id = await SaveAsync(supervisor, null, new() { ["Input.Slug"] = "exe-test", ["Input.Title"] = "上传测试", ["Input.Body"] = "正文" });

        var zh = Parser.ParseDocument(await (await PostImageAsync(supervisor, id, "photo.png", Exe, "x")).Content.ReadAsStringAsync());
        Assert.Contains("“photo.png”不是图片", zh.QuerySelector("[data-valmsg-for='Image']")!.TextContent, StringComparison.Ordinal);

        supervisor.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var en = Parser.ParseDocument(await (await PostImageAsync(supervisor, id, "photo.png", Exe, "x")).Content.ReadAsStringAsync());
        Assert.Contains("“photo.png” is not a picture", en.QuerySelector("[data-valmsg-for='Image']")!.TextContent, StringComparison.Ordinal);

        var json = await PostImageAsync(supervisor, id, "photo.png", Exe, "x", asJson: true);
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        using (var answer = System.Text.Json.JsonDocument.Parse(await json.Content.ReadAsStringAsync()))
        {
            Assert.Contains("photo.png", answer.RootElement.GetProperty("errors").GetProperty("Image")[0].GetString(), StringComparison.Ordinal);
        }

        var none = Parser.ParseDocument(await (await PostImageAsync(supervisor, id, null, [], "x")).Content.ReadAsStringAsync());
        Assert.Contains("Choose a picture", none.QuerySelector("[data-valmsg-for='Image']")!.TextContent, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.ArticleImages.AnyAsync(i => i.ArticleId == id)));
    }

    [Fact]
    public void The_sanitizer_shows_only_pictures_from_the_own_address()
    {
        var html = ArticleText.Html("![外部](https://tracker.example/pixel.png)\n\n![相对](//cdn.example/help/images/1/a.png)\n\n"
            + "![数据](data:image/png;base64,iVBORw0KGgo=)\n\n![跳转](/help/images/1/../../account/logout)\n\n![自己的](/help/images/12/box-label.png \"标题\")");
        var body = Parser.ParseDocument(html);
        var img = Assert.Single(body.QuerySelectorAll("img"));
        Assert.Equal("/help/images/12/box-label.png", img.GetAttribute("src"));
        Assert.Equal(["alt", "decoding", "loading", "src"], img.Attributes.Select(a => a.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("tracker.example", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_external_picture_in_an_article_never_reaches_the_help_centre()
    {
        var supervisor = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);
        await SaveAsync(supervisor, null, new() { ["Input.Slug"] = "external-img", ["Input.Title"] = "外链图片", ["Input.Body"] = "看图：![x](https://tracker.example/pixel.png)" }, "Publish");
        var article = Parser.ParseDocument(await app.Client().GetStringAsync("/help/articles/external-img"));
        Assert.Empty(article.QuerySelectorAll(".article-body img"));
    }

    [Fact]
    public async Task A_liaison_writes_and_publishes_for_their_department_only()
    {
        var (product, logistics) = await app.WithDbAsync(async db => (
            await db.Teams.Where(t => t.Department == Department.Product).Select(t => t.Id).SingleAsync(),
            await db.Teams.Where(t => t.Department == Department.Logistics).Select(t => t.Id).SingleAsync()));
        var liaison = await app.SignedInClientAsync(ProductLiaison);

        // The menu shows the knowledge base; the new article's department is theirs and fixed; no synonyms.
        var list = Parser.ParseDocument(await liaison.GetStringAsync("/knowledge"));
        Assert.NotNull(list.QuerySelector("#nav-knowledge"));
        Assert.Null(list.QuerySelector("#synonyms-link"));
        Assert.Empty(list.QuerySelectorAll("#articles tbody a"));
        var form = Parser.ParseDocument(await liaison.GetStringAsync("/knowledge/edit"));
        Assert.True(form.QuerySelector("select#Input_DepartmentId")!.HasAttribute("disabled"));
        Assert.Equal(product.ToString(CultureInfo.InvariantCulture), form.QuerySelector("input[type=hidden][name='Input.DepartmentId']")!.GetAttribute("value"));

        // Even a forged department in the form ends up as theirs.
        var id = await SaveAsync(liaison, null, new()
        {
            ["Input.Slug"] = "mx300-first-use", ["Input.Title"] = "MX-300 电饭煲第一次使用", ["Input.Body"] = "先空锅加水煮一次。",
            ["Input.DepartmentId"] = logistics.ToString(CultureInfo.InvariantCulture),
        }, "Publish");
        var saved = await app.WithDbAsync(db => db.Articles.AsNoTracking().SingleAsync(a => a.Id == id));
        Assert.Equal((product, ArticleStatus.Published), (saved.DepartmentId, saved.Status));
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync("/help/articles/mx300-first-use")).StatusCode);
        await SaveAsync(liaison, id, new() { ["Input.Slug"] = "mx300-first-use", ["Input.Title"] = "MX-300 电饭煲第一次使用", ["Input.Body"] = "先空锅加水煮一次，再正常使用。" });
        Assert.Equal(HttpStatusCode.OK, (await PostImageAsync(liaison, id, "mx300.png", Png, "MX-300")).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.ArticleImages.AnyAsync(i => i.ArticleId == id)));
        Assert.Contains(Parser.ParseDocument(await liaison.GetStringAsync("/knowledge")).QuerySelectorAll("#articles tbody a"), a => a.GetAttribute("href") == $"/knowledge/edit/{id}");

        // Another department's article, or one of nobody's, does not exist for them: not its editor, not a save, not a picture.
        var supervisor = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);
        var theirs = await SaveAsync(supervisor, null, new()
        {
            ["Input.Slug"] = "parcel-delay-internal", ["Input.Title"] = "包裹延误的内部说明", ["Input.Body"] = "物流部写的。",
            ["Input.DepartmentId"] = logistics.ToString(CultureInfo.InvariantCulture),
        });
        Assert.Equal(logistics, await app.WithDbAsync(db => db.Articles.Where(a => a.Id == theirs).Select(a => a.DepartmentId).SingleAsync()));
        var demo = await app.WithDbAsync(db => db.Articles.Where(a => a.Slug == "refund-time").Select(a => a.Id).FirstAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await liaison.GetAsync($"/knowledge/edit/{theirs}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await liaison.GetAsync($"/knowledge/edit/{demo}")).StatusCode);
        var translation = Parser.ParseDocument(await liaison.GetStringAsync($"/knowledge/edit?translate={theirs}"));
        Assert.True(string.IsNullOrEmpty(translation.QuerySelector("#Input_Slug")!.GetAttribute("value")));
        var forged = await AppFixture.PostFormAsync(liaison, $"/knowledge/edit/{theirs}?handler=Publish", Fields(new() { ["Input.Slug"] = "parcel-delay-internal", ["Input.Title"] = "改掉", ["Input.Body"] = "改掉" }, await FirstCategoryAsync()), "/knowledge/edit");
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostImageAsync(liaison, theirs, "x.png", Png, "x", formPage: $"/knowledge/edit/{id}")).StatusCode);
        var untouched = await app.WithDbAsync(db => db.Articles.AsNoTracking().SingleAsync(a => a.Id == theirs));
        Assert.Equal(("包裹延误的内部说明", ArticleStatus.Draft), (untouched.Title, untouched.Status));

        // The logistics liaison does edit it.
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInClientAsync(LogisticsLiaison)).GetAsync($"/knowledge/edit/{theirs}")).StatusCode);

        // Synonyms stay with supervisors and admins.
        Assert.Equal(HttpStatusCode.Forbidden, (await liaison.GetAsync("/knowledge/synonyms")).StatusCode);
        var synonym = await AppFixture.PostFormAsync(liaison, "/knowledge/synonyms", new() { ["Term"] = "电饭锅", ["Expansion"] = "电饭煲" }, "/knowledge");
        Assert.Equal(HttpStatusCode.Forbidden, synonym.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.SearchSynonyms.AnyAsync(s => s.Term == "电饭锅")));
    }

    [Fact]
    public async Task An_ordinary_agent_still_has_no_access_and_supervisors_set_and_clear_departments()
    {
        var agent = await app.SignedInClientAsync(DemoSeeder.AgentEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/knowledge")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/knowledge/edit")).StatusCode);
        Assert.Null(Parser.ParseDocument(await agent.GetStringAsync("/agent/tickets")).QuerySelector("#nav-knowledge"));

        var product = await app.WithDbAsync(db => db.Teams.Where(t => t.Department == Department.Product).Select(t => t.Id).SingleAsync());
        var supervisor = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);
        var list = Parser.ParseDocument(await supervisor.GetStringAsync("/knowledge"));
        Assert.NotNull(list.QuerySelector("#synonyms-link"));
        Assert.NotEmpty(list.QuerySelectorAll("#articles tbody a"));
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/knowledge/synonyms")).StatusCode);
        var form = Parser.ParseDocument(await supervisor.GetStringAsync("/knowledge/edit"));
        Assert.False(form.QuerySelector("select#Input_DepartmentId")!.HasAttribute("disabled"));
        Assert.Equal(6, form.QuerySelectorAll("select#Input_DepartmentId option").Length);

        var fields = new Dictionary<string, string> { ["Input.Slug"] = "dept-switch", ["Input.Title"] = "部门切换", ["Input.Body"] = "正文", ["Input.DepartmentId"] = product.ToString(CultureInfo.InvariantCulture) };
        var id = await SaveAsync(supervisor, null, fields);
        Assert.Equal(product, await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.DepartmentId).SingleAsync()));
        fields["Input.DepartmentId"] = string.Empty;
        await SaveAsync(supervisor, id, fields);
        Assert.Null(await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.DepartmentId).SingleAsync()));

        // A service team is no department: a message, nothing changed.
        var service = await app.WithDbAsync(db => db.Teams.Where(t => t.Kind == TeamKind.Service).Select(t => t.Id).FirstAsync());
        fields["Input.DepartmentId"] = service.ToString(CultureInfo.InvariantCulture);
        var refused = await AppFixture.PostFormAsync(supervisor, $"/knowledge/edit/{id}", Fields(fields, await FirstCategoryAsync()));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("请选择部门", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.DepartmentId).SingleAsync()));
    }

    private Task<int> FirstCategoryAsync() => app.WithDbAsync(db => db.ArticleCategories.OrderBy(c => c.Position).Select(c => c.Id).FirstAsync());

    private static Dictionary<string, string> Fields(Dictionary<string, string> fields, int category)
    {
        var all = new Dictionary<string, string>
        {
            ["Input.Language"] = "zh-CN", ["Input.CategoryId"] = category.ToString(CultureInfo.InvariantCulture), ["Input.Audience"] = "Public",
            ["Input.Tags"] = string.Empty, ["Input.Products"] = string.Empty,
        };
        foreach (var (key, value) in fields)
        {
            all[key] = value;
        }

        return all;
    }

    private async Task<int> SaveAsync(HttpClient client, int? id, Dictionary<string, string> fields, string? handler = null)
    {
        var url = $"/knowledge/edit{(id is { } i ? "/" + i : string.Empty)}";
        var response = await AppFixture.PostFormAsync(client, url + (handler is null ? string.Empty : "?handler=" + handler), Fields(fields, await FirstCategoryAsync()), url);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.OriginalString;
        return int.Parse(location[(location.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>Posts the editor's form with a picture (as the "insert picture" button does, or as its script does with <paramref name="asJson"/>).</summary>
    private static async Task<HttpResponseMessage> PostImageAsync(HttpClient client, int id, string? fileName, byte[] content, string alt, string body = "正文", bool asJson = false, string? formPage = null)
    {
        var page = Parser.ParseDocument(await client.GetStringAsync(formPage ?? $"/knowledge/edit/{id}"));
        var token = page.QuerySelector("#article-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(alt), "ImageAlt" },
        };
        if (!asJson)
        {
            foreach (var field in page.QuerySelectorAll("#article-form input[name^='Input.'], #article-form select[name^='Input.']"))
            {
                var name = field.GetAttribute("name")!;
                var value = field.TagName == "SELECT" ? field.QuerySelector("option[selected]")?.GetAttribute("value") ?? field.QuerySelector("option")?.GetAttribute("value") : field.GetAttribute("value");
                form.Add(new StringContent(value ?? string.Empty), name);
            }

            form.Add(new StringContent(body), "Input.Body");
        }

        if (fileName is not null)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(part, "Image", fileName);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/knowledge/edit/{id}?handler=Image") { Content = form };
        if (asJson)
        {
            request.Headers.Accept.ParseAdd("application/json");
        }

        return await client.SendAsync(request);
    }
}
