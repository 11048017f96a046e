using System.Text.Json;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HelpDesk.Web.Tests;

/// <summary>
/// axe-core (vendored from npm, see Vendor/axe-core) on every main page, in Chromium: no serious or critical WCAG 2.1
/// A/AA violation (contrast, labels, names, landmarks). And a customer's first visit stays light.
/// </summary>
public sealed class AccessibilityBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string Axe = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vendor", "axe-core", "axe.min.js"));

    [Theory]
    [InlineData(DemoSeeder.AgentEmail, "/agent/tickets,/agent/tickets?view=unassigned&q=物流,{ticket},/agent/tasks,/agent/commitments,/agent/notifications,/agent/departments")]
    [InlineData(DemoSeeder.SupervisorEmail, "/supervisor,/supervisor/sla,/supervisor/checklists,/supervisor/approvals")]
    [InlineData(DemoSeeder.AdminEmail, "/admin,/admin/people,/admin/teams,/admin/calendars,/admin/sla-policies,/admin/after-sales,/admin/canned,/admin/canned/edit")]
    public async Task Staff_pages_have_no_serious_accessibility_violations(string email, string pages)
    {
        var (page, errors) = await browser.NewPageAsync(bypassCsp: true);
        await BrowserFixture.SignInAsync(page, email);
        var ticket = await AnyTicketOfAsync(DemoSeeder.AgentEmail);

        var found = new List<string>();
        foreach (var url in pages.Split(',').Select(p => p.Replace("{ticket}", $"/agent/tickets/{ticket.ToLowerInvariant()}", StringComparison.Ordinal)))
        {
            await page.GotoAsync(url);
            found.AddRange(await ViolationsAsync(page, url));
        }

        Assert.True(found.Count == 0, string.Join("\n", found));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Customer_pages_have_no_serious_accessibility_violations_and_the_first_visit_transfers_at_most_120_kb()
    {
        var (page, errors) = await browser.NewPageAsync(viewport: new ViewportSize { Width = 360, Height = 740 }, bypassCsp: true);
        var transferred = 0L;
        page.RequestFinished += async (_, request) =>
        {
            var sizes = await request.SizesAsync();
            Interlocked.Add(ref transferred, sizes.ResponseBodySize + sizes.ResponseHeadersSize);
        };

        await page.GotoAsync("/");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var firstVisit = Interlocked.Read(ref transferred);
        var found = new List<string>(await ViolationsAsync(page, "/"));
        foreach (var url in new[] { "/complaints/new", "/t", "/account/login" })
        {
            await page.GotoAsync(url);
            found.AddRange(await ViolationsAsync(page, url));
        }

        await page.GotoAsync("/complaints/new");
        await page.FillAsync("#Input_Name", "周小姐");
        await page.FillAsync("#Input_Email", "zhou.a11y@example.cn");
        await page.FillAsync("#Input_Description", "快递三天没有更新了，请帮我查一下。");
        await page.ClickAsync("#submit-complaint");
        found.AddRange(await ViolationsAsync(page, "/complaints/submitted"));
        await page.ClickAsync("#follow-link");
        found.AddRange(await ViolationsAsync(page, "/t/{token}"));

        Assert.True(found.Count == 0, string.Join("\n", found));
        Assert.True(firstVisit <= 120 * 1024, $"the help centre's first visit transferred {firstVisit / 1024} KB");
        Assert.Empty(errors);
    }

    /// <summary>Serious and critical violations of WCAG 2.1 A and AA on the page as it is now, one line each.</summary>
    private static async Task<IEnumerable<string>> ViolationsAsync(IPage page, string url)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = Axe });
        var json = await page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }))
                .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')), count: v.nodes.length }))
            """);
        return json.EnumerateArray().Select(v =>
            $"{url}: {v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}, {v.GetProperty("count").GetInt32()}×) {string.Join(" | ", v.GetProperty("targets").EnumerateArray().Select(t => t.GetString()))}");
    }

    private async Task<string> AnyTicketOfAsync(string email)
    {
        await using var scope = browser.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.HelpDeskDbContext>();
        var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return Ticket.FormatNumber(await db.Tickets.Where(t => t.AssigneeId == id && t.OrderId != null).OrderBy(t => t.Id).Select(t => t.Number).FirstAsync());
    }
}
