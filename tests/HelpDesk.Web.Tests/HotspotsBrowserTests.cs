using HelpDesk.Domain.Complaints;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Analytics;
using HelpDesk.Web.Features.Reports;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using Form = HelpDesk.Web.Features.Customers.Complaints.NewModel;

namespace HelpDesk.Web.Tests;

/// <summary>
/// Issue 16 "done when" in Chromium: 50 similar complaints about one product this week make a rising topic on the
/// supervisor's hotspots page; a click on its number lists exactly those tickets; the categories chart is drawn and a
/// click on a bar opens the tickets of that category and day.
/// </summary>
public sealed class HotspotsBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_supervisor_sees_a_rising_topic_from_fifty_complaints_and_drills_down_to_exactly_those_tickets()
    {
        // The complaints' product: a model name no customer used before (letters only, so the segmenter keeps it whole).
        var model = "zq" + new string([.. Guid.NewGuid().ToString("N")[..8].Select(c => (char)('a' + (c % 26)))]);
        var numbers = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            var submitted = await app.Factory.SendAsync(new Form.Submit(new Form.Form
            {
                Name = "顾客" + i,
                Email = $"earbuds.{i}@example.cn",
                Category = TicketCategory.ComplaintSuggestion,
                Type = ComplaintType.Quality,
                Description = $"买的 {model} 耳机左耳没有声音，充电盒也充不进电，第{i % 3 + 1}次联系了。",
                Remedy = Remedy.Return,
            }, [], DateTimeOffset.UtcNow));
            numbers.Add(submitted.Number.ToUpperInvariant());
        }

        await app.Factory.SendAsync(new RollUp.Command());
        await app.Factory.SendAsync(new FoldTerms.Command());
        var term = model;
        var (page, errors) = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(page, DemoSeeder.SupervisorEmail);
        await page.GotoAsync("/analytics");
        await page.ClickAsync("#report-hotspots");

        var row = page.Locator($"#rising tr[data-term='{term}']");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator(".term-link")).ToHaveTextAsync("50");
        await Assertions.Expect(row.Locator(".samples a")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#categories-chart[data-drawn=true]")).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "analytics-hotspots");

        await row.Locator(".term-link").ClickAsync();
        await Assertions.Expect(page.Locator("#count")).ToHaveAttributeAsync("data-count", "50");
        var listed = await page.Locator("#tickets tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.number)");
        Assert.Equal(numbers.Order(), listed.Order());
        await Assertions.Expect(page.Locator("#more")).ToHaveCountAsync(0);

        // A bar of the chart opens the tickets of its category and day.
        await page.GotoAsync("/analytics/hotspots");
        var canvas = page.Locator("#categories-chart");
        var bar = await page.EvaluateAsync<double[]>("() => { const c = Chart.getChart('categories-chart'); const set = c.data.datasets.findIndex(d => d.data[d.data.length - 1] > 0); const el = c.getDatasetMeta(set).data[c.data.labels.length - 1]; return [el.x, (el.y + el.base) / 2]; }");
        await canvas.ClickAsync(new LocatorClickOptions { Position = new Position { X = (float)bar[0], Y = (float)bar[1] } }); // scrolled into view first
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/analytics/tickets\?kind=TicketCreated&from=[0-9-]+&to=[0-9-]+&category=\w+$"));
        Assert.True(int.Parse(await page.Locator("#count").GetAttributeAsync("data-count") ?? "0", System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Empty(errors);
    }
}
