using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace HelpDesk.Web.Tests;

/// <summary>
/// Issue 13 item 7 in Chromium: on a ticket's customer tab a supervisor merges another customer, found by e-mail, into
/// the ticket's customer (a blank address is explained in place), sees that customer's contacts and tickets here with
/// the undo, and undoes it.
/// </summary>
public sealed class CustomerMergeBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_supervisor_merges_a_customer_found_by_email_on_the_customer_tab_and_undoes_it()
    {
        var people = await browser.Factory.WithDbAsync(db => db.Customers
            .Where(c => c.MergedIntoId == null && c.Contacts.Any(x => x.Kind == ContactKind.Email) && db.Tickets.Any(t => t.CustomerId == c.Id))
            .OrderByDescending(c => c.Id).Take(2)
            .Select(c => new
            {
                c.Name,
                Email = c.Contacts.Where(x => x.Kind == ContactKind.Email).Select(x => x.Value).First(),
                Ticket = db.Tickets.Where(t => t.CustomerId == c.Id).OrderBy(t => t.Id).Select(t => t.Number).First(),
            }).ToListAsync());
        var (source, target) = (people[0], people[1]);
        var (sourceTicket, targetTicket) = (Ticket.FormatNumber(source.Ticket), Ticket.FormatNumber(target.Ticket));

        var (page, errors) = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, DemoSeeder.SupervisorEmail);
        await page.GotoAsync($"/agent/tickets/{targetTicket.ToLowerInvariant()}");
        await page.ClickAsync("#tab-customer");
        var panel = page.Locator("#customer-panel");
        await Assertions.Expect(panel).ToContainTextAsync(target.Email);
        await Assertions.Expect(panel).Not.ToContainTextAsync(source.Email);

        // Blank: explained at the field, nothing merged.
        await page.ClickAsync("#merge-customer summary");
        await page.ClickAsync("#merge-customer-form button[type=submit]");
        await page.ClickAsync("#tab-customer");
        await Assertions.Expect(page.Locator("#merge-customer-form .text-danger")).ToHaveTextAsync("请填写另一位顾客的邮箱或手机号。");

        await page.FillAsync("#OtherContact", source.Email);
        await page.ClickAsync("#merge-customer-form button[type=submit]");
        await Assertions.Expect(page.Locator("#flash")).ToHaveTextAsync("顾客已合并。");
        await page.ClickAsync("#tab-customer");
        await Assertions.Expect(panel).ToContainTextAsync(source.Email); // the other customer's contacts are here now …
        await Assertions.Expect(page.Locator("#other-tickets")).ToContainTextAsync(sourceTicket); // … and their tickets
        var merge = panel.Locator("[data-merge]");
        await Assertions.Expect(merge).ToContainTextAsync(source.Name);
        await BrowserFixture.ScreenshotAsync(page, "customer-merged");

        await merge.Locator(".undo-merge").ClickAsync();
        await Assertions.Expect(page.Locator("#flash")).ToHaveTextAsync("合并已撤销。");
        await page.ClickAsync("#tab-customer");
        await Assertions.Expect(panel.Locator("[data-merge]")).ToHaveCountAsync(0);
        await Assertions.Expect(panel).Not.ToContainTextAsync(source.Email);
        Assert.Null(await browser.Factory.WithDbAsync(db => db.Customers.Where(c => c.Name == source.Name && c.Contacts.Any(x => x.Value == source.Email)).Select(c => c.MergedIntoId).SingleAsync()));
        Assert.Empty(errors);
    }
}
