using System.Globalization;
using System.Net;
using AngleSharp.Html.Parser;
using ClosedXML.Excel;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Tests;

/// <summary>
/// The agent performance and complaint-rate pages over HTTP (issue 16 item 2): who may open them, bad parameters as a
/// clear message (400), the drill-down links a number carries, and the exports' content types and rows.
/// </summary>
public sealed class AgentPerformancePageTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("/analytics/agents")]
    [InlineData("/analytics/complaints")]
    [InlineData("/analytics/agents?handler=Export&format=csv")]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_agents_refused(string url)
    {
        var anonymous = await app.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var agent = await (await app.SignedInClientAsync(DemoSeeder.AgentEmail)).GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, agent.StatusCode);
    }

    [Theory]
    [InlineData(DemoSeeder.AnalystEmail)]
    [InlineData(DemoSeeder.SupervisorEmail)]
    public async Task Analysts_and_supervisors_open_both_pages_and_find_them_on_the_start_page(string email)
    {
        var client = await app.SignedInClientAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/analytics/agents")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/analytics/complaints?days=90")).StatusCode);
        var start = await client.GetStringAsync("/analytics");
        Assert.Contains("href=\"/analytics/agents\"", start, StringComparison.Ordinal);
        Assert.Contains("href=\"/analytics/complaints\"", start, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/analytics/agents?from=2026-13-01&to=2026-12-01", "起始日期无效")]
    [InlineData("/analytics/agents?from=2026-01-01&to=2026-12-01", "期间最长 90 天")]
    [InlineData("/analytics/agents?from=2026-12-01&to=2026-11-01", "结束日期不能早于起始日期")]
    [InlineData("/analytics/agents?days=14", "最近 7、30 或 90 天")]
    [InlineData("/analytics/agents?team=abc", "团队无效")]
    [InlineData("/analytics/agents?handler=Export&format=pdf", "csv 或 xlsx")]
    [InlineData("/analytics/complaints?to=yesterday&from=2026-11-01", "结束日期无效")]
    [InlineData("/analytics/complaints?handler=Export&format=doc", "csv 或 xlsx")]
    public async Task Bad_parameters_get_a_clear_message_not_a_500(string url, string message)
    {
        var response = await (await app.SignedInClientAsync(DemoSeeder.AnalystEmail)).GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()).QuerySelector("#performance-error, #complaints-error");
        Assert.Contains(message, error!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_number_links_to_its_tickets_and_the_exports_hold_the_table()
    {
        var (team, agent) = await app.WithDbAsync(async db =>
        {
            var t = await db.Teams.Where(x => x.Name == "售后服务组").Select(x => x.Id).SingleAsync();
            var a = await db.Users.Where(u => u.Email == DemoSeeder.AgentEmail).Select(u => u.Id).SingleAsync();
            return (t, a);
        });
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime).AddDays(-1);
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO report_histogram (business_date, kind, team_id, agent_id, bucket, facts) VALUES
              ({day}, 'FirstResponse', {team}, {agent}, 30, 2), ({day}, 'Resolved', {team}, {agent}, 90, 1), ({day}, 'CsatAnswered', {team}, {agent}, 5, 1)
            ON CONFLICT DO NOTHING
            """));
        var client = await app.SignedInClientAsync(DemoSeeder.AnalystEmail);
        var from = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/analytics/agents?from={from}&to={to}&team={team}"));
        var row = page.QuerySelector($"tr.agent-row[data-agent='{agent}']")!;
        var median = row.QuerySelector("a[data-metric='fr-median']")!;
        Assert.Equal("30 分钟", median.TextContent);
        Assert.Equal($"/analytics/tickets?kind=FirstResponse&from={from}&to={to}&team={team}&agent={agent}", median.GetAttribute("href"));
        Assert.Equal($"/analytics/tickets?kind=Resolved&from={from}&to={to}&team={team}&agent={agent}", row.QuerySelector("a[data-metric='handled']")!.GetAttribute("href"));
        Assert.Equal($"/analytics/tickets?kind=CsatAnswered&from={from}&to={to}&team={team}", page.QuerySelector($"tr.team-row[data-team='{team}'] a[data-metric='csat']")!.GetAttribute("href"));

        var csv = await client.GetAsync($"/analytics/agents?handler=Export&format=csv&from={from}&to={to}&team={team}");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length); // header, the team, the agent
        Assert.StartsWith("团队,坐席,首次响应数,首次响应中位数", lines[0], StringComparison.Ordinal);
        Assert.Contains(",2,30,30,1,90,90,", lines[2], StringComparison.Ordinal);

        var xlsx = await client.GetAsync($"/analytics/agents?handler=Export&format=xlsx&from={from}&to={to}&team={team}");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        using var book = new XLWorkbook(await xlsx.Content.ReadAsStreamAsync());
        Assert.Equal(3, book.Worksheet(1).RangeUsed()!.RowCount());
        Assert.Equal(30m, book.Worksheet(1).Cell(3, 4).GetValue<decimal>());

        var rates = await client.GetAsync("/analytics/complaints?handler=Export&format=xlsx&days=7");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", rates.Content.Headers.ContentType!.MediaType);
        var ratesCsv = await client.GetAsync("/analytics/complaints?handler=Export&format=csv&days=7");
        Assert.Equal("text/csv", ratesCsv.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("层级,名称,类目,供应商,投诉,售出件数", (await ratesCsv.Content.ReadAsStringAsync()).TrimStart('\uFEFF'), StringComparison.Ordinal);
    }
}
