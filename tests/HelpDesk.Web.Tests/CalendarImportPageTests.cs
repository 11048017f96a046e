using System.Net;
using System.Text;
using AngleSharp.Html.Parser;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Tests;

/// <summary>The import page over HTTP: admins only, upload → preview → import, and a refused file changes nothing.</summary>
public sealed class CalendarImportPageTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Only_admins_open_the_import_page_or_post_to_it()
    {
        var id = await CalendarIdAsync();
        var url = $"/admin/calendars/{id}/import";
        var admin = await app.SignedInClientAsync(DemoSeeder.AdminEmail);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/calendars/999999/import")).StatusCode);

        var supervisor = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync(url)).StatusCode);
        var anonymous = app.Client();
        var redirect = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/account/login", redirect.Headers.Location!.AbsolutePath, ignoreCase: true);

        // A supervisor posting the admin's form (with a token of a page they may open) imports nothing.
        var other = await app.SendAsync(new Features.Admin.CalendarsModel.Save(new() { Name = "权限测试", Hours = ["09:00-18:00", "", "", "", "", "", ""] }, DateTimeOffset.UtcNow));
        var posted = await supervisor.PostAsync($"/admin/calendars/{other}/import?handler=Import", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["FileText"] = CalendarImportTests.Sample("cn-2027-statutory.csv"), ["__RequestVerificationToken"] = await TokenAsync(supervisor, "/supervisor"),
        }));
        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        Assert.Null(await HorizonAsync(other));
    }

    [Fact]
    public async Task An_admin_uploads_a_file_sees_the_preview_and_imports_it()
    {
        var id = await CalendarIdAsync();
        var url = $"/admin/calendars/{id}/import";
        var admin = await app.SignedInClientAsync(DemoSeeder.AdminEmail);
        var calendars = new HtmlParser().ParseDocument(await admin.GetStringAsync("/admin/calendars"));
        Assert.Contains(calendars.QuerySelectorAll("a.import-link"), a => a.GetAttribute("href") == url);

        // Upload, in GB18030 as Excel saves it on Chinese Windows.
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await TokenAsync(admin, url)), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.GetEncoding("GB18030").GetBytes(CalendarImportTests.Sample("cn-2027-statutory.csv"))), "Upload", "2027.csv" },
        };
        var preview = await admin.PostAsync(url + "?handler=Preview", form);

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var page = new HtmlParser().ParseDocument(await preview.Content.ReadAsStringAsync());
        Assert.Equal(13, page.QuerySelectorAll("#preview-days tbody tr").Length);
        Assert.Contains("春节（除夕至正月初三）", page.QuerySelector("#preview-days")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("2027 年：放假 13 天，调休上班 0 天。 与日历现有的相比：新增或改动 13 天，去掉 0 天。", Normalize(page.QuerySelector(".year-summary")!.TextContent));
        Assert.Equal(2026, await HorizonAsync(id)); // a preview changes nothing

        var content = page.QuerySelector("#import-form textarea[name=FileText]")!.TextContent;
        var import = await admin.PostAsync(url + "?handler=Import", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["FileText"] = content, ["__RequestVerificationToken"] = page.QuerySelector("#import-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        }));

        Assert.Equal(HttpStatusCode.Redirect, import.StatusCode);
        Assert.Equal("/admin/calendars", import.Headers.Location!.OriginalString, ignoreCase: true);
        Assert.Equal(2027, await HorizonAsync(id));
        var after = new HtmlParser().ParseDocument(await admin.GetStringAsync("/admin/calendars"));
        Assert.Equal("已导入 2027 年的放假安排，节假日现已知至 2027-12-31。", after.QuerySelector("#flash")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_pasted_file_with_errors_shows_each_line_s_problem_and_offers_no_import()
    {
        var id = await app.SendAsync(new Features.Admin.CalendarsModel.Save(new() { Name = "粘贴测试", Hours = ["09:00-18:00", "", "", "", "", "", ""] }, DateTimeOffset.UtcNow));
        var url = $"/admin/calendars/{id}/import";
        var admin = await app.SignedInClientAsync(DemoSeeder.AdminEmail);

        var response = await AppFixture.PostFormAsync(admin, url + "?handler=Preview", new() { ["FileText"] = "2028-01-01,休,元旦\n2028-01-0x,休,错\n" }, url);

        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal(["第 2 行：“2028-01-0x”不是日期（应写成 2027-10-01 或 2027-10-01..2027-10-07）。"], page.QuerySelectorAll("#problems li").Select(li => li.TextContent));
        Assert.Null(page.QuerySelector("#import-form"));
        Assert.Equal("2028-01-01,休,元旦\n2028-01-0x,休,错\n", page.QuerySelector("#paste")!.TextContent); // kept to be fixed
        Assert.Null(await HorizonAsync(id));
    }

    private Task<int> CalendarIdAsync() => app.WithDbAsync(db => db.BusinessCalendars.Where(c => c.Name == "标准工作日").Select(c => c.Id).SingleAsync());

    private Task<int?> HorizonAsync(int id) => app.WithDbAsync(async db => (await db.BusinessCalendars.AsNoTracking().SingleAsync(c => c.Id == id)).HorizonYear);

    private static async Task<string> TokenAsync(HttpClient client, string url) =>
        new HtmlParser().ParseDocument(await client.GetStringAsync(url)).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
