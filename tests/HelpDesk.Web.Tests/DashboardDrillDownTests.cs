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

    [Fact]
    public async Task The_dashboard_exports_one_row_per_ticket_and_per_agent_of_the_period()
    {
        var client = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);
        var (from, to) = ("2026-11-01", "2026-12-31");

        var perTicket = (await client.GetStringAsync($"/supervisor/sla?handler=ExportRows&kind=Tickets&from={from}&to={to}")).TrimStart('\uFEFF').TrimEnd('\n').Split('\n');
        var perAgent = (await client.GetStringAsync($"/supervisor/sla?handler=ExportRows&kind=Agents&from={from}&to={to}")).TrimStart('\uFEFF').TrimEnd('\n').Split('\n');

        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();
        var end = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();
        var expected = await app.WithDbAsync(db => db.Tickets.CountAsync(t => t.CreatedAt >= start && t.CreatedAt < end));
        Assert.StartsWith("ticket,created,team,assignee,priority", perTicket[0], StringComparison.Ordinal);
        Assert.Equal(expected, perTicket.Length - 1);
        Assert.Matches("^HD-\\d+,2026-1[12]-\\d\\d \\d\\d:\\d\\d,", perTicket[1]);
        Assert.StartsWith("agent,tickets,", perAgent[0], StringComparison.Ordinal);
        Assert.Equal(expected, perAgent.Skip(1).Sum(line => int.Parse(line.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)));
    }
}
