using System.Net;
using ClosedXML.Excel;
using HelpDesk.Domain.Complaints;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Analytics;
using HelpDesk.Web.Features.Reports;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Form = HelpDesk.Web.Features.Customers.Complaints.NewModel;

namespace HelpDesk.Web.Tests;

/// <summary>
/// Issue 16 item 2 on PostgreSQL: topic terms recorded with the customer's messages (once per ticket and day), the
/// drill-down list selecting exactly the tickets behind a term or a fact kind, its exports equal to the list, and
/// its access rules and error page over HTTP.
/// </summary>
public sealed class HotspotsTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static string Word() => "zq" + new string([.. Guid.NewGuid().ToString("N")[..8].Select(c => (char)('a' + (c % 26)))]);

    private async Task<List<string>> ComplainAsync(string word, int count)
    {
        var numbers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var submitted = await app.SendAsync(new Form.Submit(new Form.Form
            {
                Name = "顾客",
                Email = $"hot.{word}.{i}@example.cn",
                Category = TicketCategory.ComplaintSuggestion,
                Type = ComplaintType.Quality,
                Description = $"My {word} broke again, the {word} {word} is useless. 第{i}次了",
                Remedy = Remedy.Refund,
            }, [], DateTimeOffset.UtcNow));
            numbers.Add(submitted.Number.ToUpperInvariant());
        }

        return numbers;
    }

    private static DrillDown.Selection Around(string? term = null, FactKind? kind = null)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return new DrillDown.Selection(kind, today.AddDays(-2), today.AddDays(2), Term: term);
    }

    [Fact]
    public void The_segmenter_keeps_words_and_phrases_and_drops_stop_words_numbers_and_single_characters()
    {
        var terms = TermExtractor.Extract("您好，我的 iPhone 电池鼓包了 123 次, the battery drain 很严重 2026");

        Assert.Contains("iphone", terms);
        Assert.Contains("battery", terms);
        Assert.Contains("battery drain", terms);
        Assert.Contains("电池", terms);
        Assert.DoesNotContain("123", terms);
        Assert.DoesNotContain("2026", terms);
        Assert.DoesNotContain("the", terms);
        Assert.DoesNotContain("您好", terms);
        Assert.All(terms, t => Assert.True(t.Length > 1, t));
        Assert.Empty(TermExtractor.Extract("的 了 1 2 3 the a"));
    }

    [Fact]
    public async Task A_term_is_recorded_once_per_ticket_and_day_and_the_drill_down_lists_exactly_its_tickets()
    {
        var word = Word();
        var numbers = await ComplainAsync(word, 3);
        await ComplainAsync(Word(), 1); // another word: not in the selection

        var rows = await app.WithDbAsync(db => db.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM ticket_terms WHERE term = {0}", word).SingleAsync());
        Assert.Equal(3, rows); // the word three times in one message: one row per ticket
        var daily = await app.WithDbAsync(db => db.Database.SqlQueryRaw<int>("SELECT sum(tickets)::int AS \"Value\" FROM term_daily WHERE term = {0}", word).SingleAsync());
        Assert.Equal(3, daily);

        var list = await app.SendAsync(new TicketList.Query(Around(word)));

        Assert.Equal(3, list.Count);
        Assert.Equal(numbers.Order(), list.Rows.Select(r => Ticket.FormatNumber(r.Number)).Order());
        Assert.Null(list.Next);
    }

    [Fact]
    public async Task The_drill_down_pages_by_keyset_without_gaps_or_repeats()
    {
        await ComplainAsync(Word(), 2);
        var all = await app.SendAsync(new TicketList.Query(Around(kind: FactKind.TicketCreated), All: true));
        var seen = new List<long>();
        long? after = null;
        do
        {
            var page = await app.SendAsync(new TicketList.Query(Around(kind: FactKind.TicketCreated), after));
            Assert.True(page.Rows.Count <= TicketList.PageSize);
            Assert.Equal(all.Rows.Count, page.Count);
            seen.AddRange(page.Rows.Select(r => r.Id));
            after = page.Next;
        }
        while (after is not null);

        Assert.Equal(all.Rows.Select(r => r.Id), seen);
        Assert.Equal(seen.OrderDescending(), seen);
    }

    [Fact]
    public async Task Exports_have_one_row_per_listed_ticket_in_csv_and_xlsx()
    {
        var word = Word();
        await ComplainAsync(word, 2);
        var client = await app.SignedInClientAsync(DemoSeeder.AnalystEmail);
        var query = Around(word).QueryString();

        var csv = await client.GetStringAsync($"/analytics/tickets?handler=Export&format=csv&{query}");
        Assert.Equal(3, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var xlsx = await client.GetAsync($"/analytics/tickets?handler=Export&format=xlsx&{query}");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var book = new XLWorkbook(await xlsx.Content.ReadAsStreamAsync());
        Assert.Equal(3, book.Worksheet(1).LastRowUsed().RowNumber());
        Assert.StartsWith(Ticket.NumberPrefix, book.Worksheet(1).Cell(2, 1).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agents_are_refused_analysts_see_plain_numbers_anonymous_are_sent_to_sign_in_and_bad_input_is_explained()
    {
        var word = Word();
        await ComplainAsync(word, 1);
        var url = Around(word).Href();

        Assert.Equal(HttpStatusCode.Redirect, (await app.Client().GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInClientAsync(DemoSeeder.AgentEmail)).GetAsync(url)).StatusCode);

        var analyst = await app.SignedInClientAsync(DemoSeeder.AnalystEmail);
        var page = await analyst.GetStringAsync(url);
        Assert.Contains("共 1 个工单", page, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/agent/tickets/", page, StringComparison.Ordinal);

        var supervisor = await (await app.SignedInClientAsync(DemoSeeder.SupervisorEmail)).GetStringAsync(url);
        Assert.Contains("href=\"/agent/tickets/", supervisor, StringComparison.Ordinal);

        var bad = await analyst.GetAsync("/analytics/tickets?kind=Nope&from=2026-13-01&to=x&team=abc");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var text = await bad.Content.ReadAsStringAsync();
        Assert.Contains("未知的事实类型", text, StringComparison.Ordinal);
        Assert.Contains("开始日期", text, StringComparison.Ordinal);
        Assert.Contains("团队必须是数字", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.GetAsync("/analytics/tickets?handler=Export&format=pdf&" + Around(word).QueryString())).StatusCode);
    }
}
