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
/// A/AA violation (contrast, labels, names, landmarks). A customer's first visit stays light; labels keep to one line
/// and nothing scrolls sideways, at desk widths and on a 360 px phone.
/// </summary>
public sealed class AccessibilityBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string Axe = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vendor", "axe-core", "axe.min.js"));

    [Theory]
    [InlineData(DemoSeeder.AgentEmail, "/agent/tickets,/agent/tickets?view=unassigned&q=物流,{ticket},{ticket}/after-sales,/agent/tasks,/agent/commitments,/agent/notifications,/agent/departments,/account/password")]
    [InlineData(DemoSeeder.SupervisorEmail, "/supervisor,/supervisor/sla,/supervisor/checklists,/supervisor/approvals,/supervisor/satisfaction,/knowledge,/knowledge/edit/1,/knowledge/synonyms")]
    [InlineData(DemoSeeder.AdminEmail, "/admin,/admin/people,/admin/teams,/admin/calendars,/admin/sla-policies,/admin/after-sales,/admin/canned,/admin/canned/edit,/admin/channels")]
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
        found.AddRange(await LayoutProblemsAsync(page));
        foreach (var url in new[] { "/complaints/new", "/t", "/account/login", "/help", "/help?q=退货运费", "/help/articles/return-shipping-cost", "/help/categories/returns" })
        {
            await page.GotoAsync(url);
            found.AddRange(await ViolationsAsync(page, url));
            found.AddRange((await LayoutProblemsAsync(page)).Select(p => $"360 {url}: {p}"));
        }

        await page.GotoAsync("/complaints/new");
        await page.FillAsync("#Input_Name", "周小姐");
        await page.FillAsync("#Input_Email", "zhou.a11y@example.cn");
        await page.FillAsync("#Input_Description", "快递三天没有更新了，请帮我查一下。");
        await page.ClickAsync("#submit-complaint");
        found.AddRange(await ViolationsAsync(page, "/complaints/submitted"));
        await page.ClickAsync("#follow-link");
        found.AddRange(await ViolationsAsync(page, "/t/{token}"));
        found.AddRange((await LayoutProblemsAsync(page)).Select(p => $"360 /t/{{token}}: {p}"));

        Assert.True(found.Count == 0, string.Join("\n", found));
        Assert.True(firstVisit <= 120 * 1024, $"the help centre's first visit transferred {firstVisit / 1024} KB");
        Assert.Empty(errors);
    }

    /// <summary>
    /// Chinese buttons stay on one line and English tables fit: at 1280 and 1440 px, in both languages, no button or
    /// tab wraps its label and neither the page nor a table needs a horizontal scroll bar.
    /// </summary>
    [Theory]
    [InlineData("zh-CN", 1280)]
    [InlineData("zh-CN", 1440)]
    [InlineData("en", 1280)]
    [InlineData("en", 1440)]
    public async Task Buttons_keep_one_line_and_tables_fit_at_desk_widths(string locale, int width)
    {
        var ticket = await AnyTicketOfAsync(DemoSeeder.AgentEmail);
        var found = new List<string>();
        foreach (var (email, pages) in new[]
        {
            (DemoSeeder.AgentEmail, new[] { "/agent/tickets", "/agent/tickets?view=unassigned", "{ticket}", "{ticket}/after-sales", "/agent/tasks", "/agent/commitments", "/agent/notifications", "/agent/departments" }),
            (DemoSeeder.SupervisorEmail, ["/supervisor", "/supervisor/sla", "/supervisor/checklists", "/supervisor/approvals", "/supervisor/satisfaction", "/knowledge", "/knowledge/edit/1"]),
            (DemoSeeder.AdminEmail, ["/admin", "/admin/people", "/admin/teams", "/admin/calendars", "/admin/sla-policies", "/admin/after-sales", "/admin/canned", "/admin/canned/edit", "/admin/channels"]),
        })
        {
            var (page, errors) = await browser.NewPageAsync(locale, new ViewportSize { Width = width, Height = 900 });
            await BrowserFixture.SignInAsync(page, email);
            foreach (var url in pages.Select(p => p.Replace("{ticket}", $"/agent/tickets/{ticket.ToLowerInvariant()}", StringComparison.Ordinal)))
            {
                await page.GotoAsync(url);
                found.AddRange((await LayoutProblemsAsync(page)).Select(p => $"{locale} {width} {url}: {p}"));
                if (url == "/agent/tickets")
                {
                    await BrowserFixture.ScreenshotAsync(page, $"queue-{locale}-{width}");
                }
            }

            Assert.Empty(errors);
            await page.Context.CloseAsync();
        }

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    /// <summary>Buttons whose label wraps, a page that scrolls sideways, tables wider than their box: one line each.</summary>
    private static Task<string[]> LayoutProblemsAsync(IPage page) =>
        page.EvaluateAsync<string[]>("""
            () => {
              const out = [];
              const visible = el => el.offsetParent !== null && el.getClientRects().length > 0;
              for (const el of document.querySelectorAll('button, .btn, .nav-link, summary.btn')) {
                if (!visible(el) || !el.textContent.trim()) continue;
                const cs = getComputedStyle(el);
                const inner = el.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom);
                const line = parseFloat(cs.lineHeight) || parseFloat(cs.fontSize) * 1.5;
                const lines = 1 + el.querySelectorAll('br').length; // a title and a hint on purpose
                if (inner > line * (lines + 0.6)) out.push(`button wraps: "${el.textContent.trim().replace(/\s+/g, ' ').slice(0, 40)}" (${Math.round(inner)} px for ${Math.round(line)} px lines)`);
              }
              if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} px in ${window.innerWidth}`);
              for (const t of document.querySelectorAll('table')) {
                if (!visible(t)) continue;
                const box = t.parentElement;
                if (t.scrollWidth > box.clientWidth + 1) out.push(`table #${t.id || '?'} overflows: ${t.scrollWidth} px in ${box.clientWidth} (columns: ${[...t.querySelectorAll('tr:first-child > *')].map(c => `${c.textContent.trim().slice(0, 12)} ${Math.round(c.offsetWidth)}`).join(', ')})`);
              }
              return out;
            }
            """);

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
