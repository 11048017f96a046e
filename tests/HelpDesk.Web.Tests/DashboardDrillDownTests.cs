using AngleSharp.Html.Parser;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Tests;

/// <summary>Every count of the supervisor's SLA dashboard opens the open tickets behind it in the queue.</summary>
public sealed class DashboardDrillDownTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_count_opens_exactly_the_tickets_it_counts()
    {
        var client = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);
        var dashboard = new HtmlParser().ParseDocument(await client.GetStringAsync("/supervisor/sla"));
        var links = dashboard.QuerySelectorAll("#by-priority a.drill-down, #by-team a.drill-down, #by-channel a.drill-down").ToList();
        Assert.NotEmpty(links);

        foreach (var link in links.Where(l => int.Parse(l.TextContent, System.Globalization.CultureInfo.InvariantCulture) <= 50).Take(6))
        {
            var href = link.GetAttribute("href")!;
            var queue = new HtmlParser().ParseDocument(await client.GetStringAsync(href));
            var shown = queue.QuerySelectorAll("#queue-body tr.queue-row").Select(r => r.GetAttribute("data-number")!).ToList();

            Assert.Equal(int.Parse(link.TextContent, System.Globalization.CultureInfo.InvariantCulture), shown.Count);
            var state = Enum.Parse<SlaState>(link.ParentElement!.GetAttribute("data-state")!);
            var numbers = shown.Select(n => Ticket.TryParseNumber(n, out var x) ? x : 0).ToList();
            Assert.All(await app.WithDbAsync(db => db.Tickets.Where(t => numbers.Contains(t.Number)).Select(t => new { t.SlaState, t.Status }).ToListAsync()), t =>
            {
                Assert.Equal(state, t.SlaState);
                Assert.True(TicketStatusRules.IsActive(t.Status));
            });
        }
    }
}
