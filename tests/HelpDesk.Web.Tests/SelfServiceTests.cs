using System.Net;
using AngleSharp.Html.Parser;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Knowledge;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Deflection = HelpDesk.Web.Features.Knowledge.DeflectionModel;

namespace HelpDesk.Web.Tests;

/// <summary>Self-service beyond articles (R11): order tracking in the help centre, and the deflection rate it all adds up to.</summary>
public sealed class SelfServiceTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly HtmlParser Parser = new();

    [Fact]
    public async Task A_customer_tracks_an_order_with_its_number_and_their_contact_and_a_wrong_pair_reveals_nothing()
    {
        var order = await app.WithDbAsync(async db =>
        {
            var found = await db.Orders.AsNoTracking()
                .Where(o => o.Shipments.Any(s => s.Events.Count >= 2) && db.CustomerContacts.Any(c => c.CustomerId == o.CustomerId && c.Kind == ContactKind.Phone))
                .OrderBy(o => o.Id)
                .Select(o => new
                {
                    o.Number,
                    Phone = db.CustomerContacts.Where(c => c.CustomerId == o.CustomerId && c.Kind == ContactKind.Phone).Select(c => c.Value).First(),
                    Parcel = o.Shipments.OrderByDescending(s => s.ShippedAt).Select(s => new { s.TrackingNumber, Latest = s.Events.OrderByDescending(e => e.At).Select(e => e.Description).First() }).First(),
                })
                .FirstAsync();
            return found;
        });
        var customer = app.Client();

        var page = Parser.ParseDocument(await (await AppFixture.PostFormAsync(customer, "/help/track", new() { ["Input.Number"] = order.Number, ["Input.Contact"] = order.Phone })).Content.ReadAsStringAsync());
        var result = page.QuerySelector("#track-result")!.TextContent;
        Assert.Contains(order.Parcel.TrackingNumber, result, StringComparison.Ordinal);
        Assert.Equal(order.Parcel.Latest, page.QuerySelector(".track-events li")!.TextContent.Split(" · ")[^1]); // newest event first
        Assert.Equal($"/complaints/new?order={order.Number}", page.QuerySelector("#track-complain")!.GetAttribute("href"));
        Assert.Equal(order.Number, Parser.ParseDocument(await customer.GetStringAsync($"/complaints/new?order={order.Number}")).QuerySelector("#Input_OrderNumber")!.GetAttribute("value"));

        // Someone else's mobile, or a number that does not exist: the same answer, nothing about the order.
        foreach (var (number, contact) in new[] { (order.Number, "13912345678"), ("NO-SUCH-ORDER", order.Phone) })
        {
            var miss = Parser.ParseDocument(await (await AppFixture.PostFormAsync(customer, "/help/track", new() { ["Input.Number"] = number, ["Input.Contact"] = contact })).Content.ReadAsStringAsync());
            Assert.NotNull(miss.QuerySelector("#track-not-found"));
            Assert.Null(miss.QuerySelector("#track-result"));
        }

        // Bad input: a message on each field, in the customer's language.
        var bad = await AppFixture.PostFormAsync(customer, "/help/track", new() { ["Input.Number"] = " ", ["Input.Contact"] = "12345" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var errors = Parser.ParseDocument(await bad.Content.ReadAsStringAsync());
        Assert.Equal("请填写订单号。", errors.QuerySelector("[data-valmsg-for='Input.Number']")!.TextContent.Trim());
        Assert.Equal("请填写有效的手机号（11 位）或邮箱地址。", errors.QuerySelector("[data-valmsg-for='Input.Contact']")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_help_centre_counts_searches_and_reads_and_a_form_sent_from_the_same_browser_afterwards()
    {
        var customer = app.Client();
        Assert.Contains("退货", await customer.GetStringAsync("/help?q=" + Uri.EscapeDataString("退货运费谁出")), StringComparison.Ordinal);
        await customer.GetStringAsync("/help?handler=Suggest&q=" + Uri.EscapeDataString("退货")); // typing in the form: not a search of its own
        var slug = await app.WithDbAsync(db => db.Articles.Where(a => a.Status == ArticleStatus.Published && a.Audience == ArticleAudience.Public).OrderBy(a => a.Id).Select(a => a.Slug).FirstAsync());
        await customer.GetStringAsync($"/help/articles/{slug}");
        var visitor = await app.WithDbAsync(db => db.HelpEvents.OrderByDescending(e => e.Id).Select(e => e.Visitor).FirstAsync());

        var sent = await AppFixture.PostFormAsync(customer, "/complaints/new", new()
        {
            ["Input.Name"] = "自助访客",
            ["Input.Email"] = "self.service@example.cn",
            ["Input.Category"] = nameof(TicketCategory.AfterSales),
            ["Input.Type"] = "Quality",
            ["Input.Remedy"] = "Refund",
            ["Input.Description"] = "看了帮助文章还是不会退货。",
        });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        var events = await app.WithDbAsync(db => db.HelpEvents.AsNoTracking().Where(e => e.Visitor == visitor).OrderBy(e => e.Id).Select(e => new { e.Kind, e.Query }).ToListAsync());
        Assert.Equal([HelpEventKind.Search, HelpEventKind.ArticleView, HelpEventKind.Ticket], events.Select(e => e.Kind));
        Assert.Equal("退货运费谁出", events[0].Query);
    }

    [Fact]
    public async Task The_deflection_rate_is_the_share_of_searches_and_reads_not_followed_by_a_ticket_within_a_day()
    {
        var now = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.FromHours(8));
        var day1 = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(8));
        var (a, b, c, d) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await app.WithDbAsync(db =>
        {
            db.HelpEvents.AddRange(
                new HelpEvent(a, HelpEventKind.Search, day1, query: "发票怎么开", results: 0),
                new HelpEvent(a, HelpEventKind.ArticleView, day1.AddMinutes(2), null),
                new HelpEvent(a, HelpEventKind.Ticket, day1.AddHours(2)),                     // a: both followed by a ticket
                new HelpEvent(b, HelpEventKind.ArticleView, day1.AddHours(1)),
                new HelpEvent(b, HelpEventKind.Ticket, day1.AddHours(26)),                    // b: the ticket came after 24 h — deflected
                new HelpEvent(c, HelpEventKind.Search, day1.AddHours(3), query: "发票怎么开", results: 0),
                new HelpEvent(c, HelpEventKind.Solved, day1.AddHours(3).AddMinutes(1)),       // c: deflected, said so
                new HelpEvent(c, HelpEventKind.OrderTracked, day1.AddHours(4), results: 1),
                new HelpEvent(d, HelpEventKind.Ticket, day1.AddHours(5)),                     // d: a ticket without self-service first
                new HelpEvent(d, HelpEventKind.Search, now.AddHours(-2), query: "太新了", results: 0)); // its 24 h are not over: not counted
            return db.SaveChangesAsync();
        });

        var report = await app.SendAsync(new Deflection.Query(new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 22), now));

        var day = Assert.Single(report.Days);
        Assert.Equal(new Deflection.Day(new DateOnly(2026, 11, 20), Searches: 2, Views: 2, FollowedByTicket: 2, Solved: 1, OrdersTracked: 1), day);
        Assert.Equal(0.5, day.Rate);
        Assert.Equal(("发票怎么开", 2), report.Unanswered[0]);

        var supervisor = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);
        var page = Parser.ParseDocument(await supervisor.GetStringAsync("/knowledge/deflection?from=2026-11-20&to=2026-11-20"));
        Assert.Equal("50.0%", page.QuerySelector("#deflection-rate")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInClientAsync(DemoSeeder.AgentEmail)).GetAsync("/knowledge/deflection")).StatusCode);
    }
}
