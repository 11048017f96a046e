using System.Net;
using ClosedXML.Excel;
using HelpDesk.Domain.Complaints;
using HelpDesk.Domain.Customers;
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
/// its access rules and error page over HTTP; the hotspots page's rising topics against their baseline, its
/// categories and products from the rollup, its export and its refusals.
/// </summary>
public sealed class HotspotsTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static string Word() => "zq" + new string([.. Guid.NewGuid().ToString("N")[..8].Select(c => (char)('a' + (c % 26)))]);

    private async Task<List<string>> ComplainAsync(string word, int count, DateTimeOffset? at = null)
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
            }, [], at ?? DateTimeOffset.UtcNow));
            numbers.Add(submitted.Number.ToUpperInvariant());
        }

        await app.SendAsync(new FoldTerms.Command()); // the rollup job's tick: the terms' deltas counted
        return numbers;
    }

    // The app's business date (Asia/Shanghai), not the UTC one: from 16:00 UTC on they differ by a day.
    private static DateOnly Today() =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);

    private static DrillDown.Selection Around(string? term = null, FactKind? kind = null)
    {
        var today = Today();
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

    private static HotspotsModel.Query Week() => new(new(Today().AddDays(-6), Today()));

    [Fact]
    public async Task Fifty_complaints_in_a_week_make_a_rising_topic_whose_drill_down_is_exactly_those_tickets()
    {
        var word = Word();
        var numbers = await ComplainAsync(word, 50);

        var report = await app.SendAsync(Week());

        var topic = Assert.Single(report.Rising, t => t.Term == word);
        Assert.Equal(50, topic.Tickets);
        Assert.Equal(0, topic.Baseline);
        Assert.Equal(3, topic.Samples.Count);
        Assert.All(topic.Samples, s => Assert.Contains(Ticket.FormatNumber(s.Number), numbers));
        Assert.Contains(report.Top, t => t.Term == word); // and among the most mentioned
        var list = await app.SendAsync(new TicketList.Query(new DrillDown.Selection(null, report.Period.From, report.Period.To, Term: word)));
        Assert.Equal(numbers.Order(), list.Rows.Select(r => Ticket.FormatNumber(r.Number)).Order());
        Assert.Null(list.Next);
    }

    [Fact]
    public async Task A_topic_rises_only_at_twice_its_average_of_the_four_periods_before()
    {
        var (usual, doubled) = (Word(), Word());
        foreach (var weeksAgo in new[] { 1, 2, 3, 4 })
        {
            var at = DateTimeOffset.UtcNow.AddDays(-7 * weeksAgo - 1);
            await ComplainAsync(usual, 3, at); // 3 a week before: this week's 5 is under 6
            await ComplainAsync(doubled, 2, at); // 2 a week before: this week's 5 is over 4
        }

        await ComplainAsync(usual, 5);
        await ComplainAsync(doubled, 5);

        var report = await app.SendAsync(Week());

        Assert.DoesNotContain(report.Rising, t => t.Term == usual);
        var rising = Assert.Single(report.Rising, t => t.Term == doubled);
        Assert.Equal((5, 2m), (rising.Tickets, rising.Baseline));
        var earlier = await app.SendAsync(new HotspotsModel.Query(new(Today().AddDays(-13), Today().AddDays(-7))));
        Assert.DoesNotContain(earlier.Rising, t => t.Term == doubled || t.Term == usual); // under the minimum of 5 that week
    }

    [Fact]
    public async Task Categories_and_products_come_from_the_rollup_per_day_and_drill_down()
    {
        await ComplainAsync(Word(), 2);
        var order = await app.WithDbAsync(db => db.Orders.OrderBy(o => o.Id)
            .Select(o => new { o.Number, Email = db.Customers.Where(c => c.Id == o.CustomerId).SelectMany(c => c.Contacts).Where(x => x.Kind == ContactKind.Email).Select(x => x.Value).First() })
            .FirstAsync());
        await app.SendAsync(new Form.Submit(new Form.Form
        {
            Name = "顾客",
            Email = order.Email,
            OrderNumber = order.Number,
            Category = TicketCategory.ComplaintSuggestion,
            Type = ComplaintType.Quality,
            Description = "收到的商品有划痕。",
            Remedy = Remedy.Exchange,
        }, [], DateTimeOffset.UtcNow)); // a complaint about an order: its product is asked about this week
        await app.SendAsync(new RollUp.Command());

        var report = await app.SendAsync(Week());

        Assert.Equal(7, report.Days.Count);
        Assert.All(report.Categories, c => Assert.Equal(7, c.PerDay.Count));
        var complaints = Assert.Single(report.Categories, c => c.Category == nameof(TicketCategory.ComplaintSuggestion));
        Assert.True(complaints.PerDay[^1] >= 2);
        for (var day = 0; day < report.Days.Count; day++) // every bar is the count of the tickets it opens
        {
            var bar = new DrillDown.Selection(FactKind.TicketCreated, report.Days[day], report.Days[day], Category: TicketCategory.ComplaintSuggestion);
            Assert.Equal(complaints.PerDay[day], (await app.SendAsync(new TicketList.Query(bar))).Count);
        }

        Assert.NotEmpty(report.Products);
        foreach (var product in report.Products)
        {
            var list = await app.SendAsync(new TicketList.Query(new DrillDown.Selection(FactKind.TicketCreated, report.Period.From, report.Period.To, Product: product.ProductId)));
            Assert.Equal(product.Tickets, list.Count);
        }

        Assert.Equal(report.Products.Select(p => p.Tickets).OrderDescending(), report.Products.Select(p => p.Tickets));
    }

    [Fact]
    public async Task The_hotspots_page_shows_rising_topics_to_analysts_exports_them_and_explains_bad_input()
    {
        var word = Word();
        await ComplainAsync(word, 5);
        var analyst = await app.SignedInClientAsync(DemoSeeder.AnalystEmail);

        var page = await analyst.GetStringAsync("/analytics/hotspots");
        Assert.Contains("咨询热点", page, StringComparison.Ordinal);
        Assert.Contains($"data-term=\"{word}\" data-rising=\"true\"", page, StringComparison.Ordinal);
        Assert.Contains(new DrillDown.Selection(null, Week().Period.From, Week().Period.To, Term: word).Href().Replace("&", "&amp;", StringComparison.Ordinal), page, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/agent/tickets/", page, StringComparison.Ordinal); // an analyst does not open tickets
        Assert.Contains("chart.umd.min.js", page, StringComparison.Ordinal);
        var supervisor = await (await app.SignedInClientAsync(DemoSeeder.SupervisorEmail)).GetStringAsync("/analytics/hotspots?days=30");
        Assert.Contains("href=\"/agent/tickets/", supervisor, StringComparison.Ordinal);

        var csv = await analyst.GetStringAsync("/analytics/hotspots?handler=Export&format=csv&days=7");
        Assert.Contains(word + ",5,0,是", csv, StringComparison.Ordinal);
        var xlsx = await analyst.GetAsync("/analytics/hotspots?handler=Export&format=xlsx");
        using (var book = new XLWorkbook(await xlsx.Content.ReadAsStreamAsync()))
        {
            Assert.Equal("话题", book.Worksheet(1).Cell(1, 1).GetString());
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInClientAsync(DemoSeeder.AgentEmail)).GetAsync("/analytics/hotspots")).StatusCode);
        var bad = await analyst.GetAsync("/analytics/hotspots?days=8");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("hotspots-error", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.GetAsync("/analytics/hotspots?from=2026-01-01&to=2026-12-31")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.GetAsync("/analytics/hotspots?handler=Export&format=pdf")).StatusCode);
        await AppFixture.PostFormAsync(analyst, "/culture", new() { ["culture"] = "en", ["returnUrl"] = "/analytics/hotspots" }, formPage: "/analytics/hotspots");
        Assert.Contains("Consultation hotspots", await analyst.GetStringAsync("/analytics/hotspots"), StringComparison.Ordinal);
    }
}
