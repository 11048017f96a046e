using System.Text.Json;
using HelpDesk.Domain.Customers;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Channels;
using HelpDesk.Web.Features.Channels.Phone;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HelpDesk.Web.Tests;

/// <summary>The browser app with the telephony webhook on.</summary>
public sealed class PhoneBrowserFixture : BrowserFixture
{
    protected override void ConfigureServices(IServiceCollection services) => services.Configure<PhoneOptions>(o => o.WebhookSecret = PhoneFixture.Secret);
}

/// <summary>Issue 13 item 4 in Chromium: a ringing call pops the caller's card on the agent's open page; answering closes it.</summary>
public sealed class PhoneBrowserTests(PhoneBrowserFixture app) : IClassFixture<PhoneBrowserFixture>
{
    [Fact]
    public async Task A_ringing_call_pops_the_customer_card_on_whatever_page_the_agent_has_open()
    {
        var caller = await app.Factory.WithDbAsync(db => db.Customers.Where(c => c.Contacts.Any(x => x.Kind == ContactKind.Phone) && db.Tickets.Any(t => t.CustomerId == c.Id && t.Status == Domain.Tickets.TicketStatus.Open))
            .OrderBy(c => c.Id).Select(c => new { c.Name, Phone = c.Contacts.First(x => x.Kind == ContactKind.Phone).Value }).FirstAsync());
        var (page, errors) = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(page, DemoSeeder.AgentEmail);
        await page.GotoAsync("/agent/tasks");
        await page.WaitForSelectorAsync("body[data-calls=connected]");
        var call = "cti-" + Guid.NewGuid().ToString("N");

        await PostAsync(new { version = 1, callId = call, @event = "ringing", from = "+86 " + caller.Phone, agent = DemoSeeder.AgentEmail });

        var card = await page.WaitForSelectorAsync("#call-popup .call-card");
        Assert.Contains(caller.Name, await card!.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#call-popup .call-card a[href^='/agent/tickets/hd-']").CountAsync() > 0); // their open tickets, one click away
        await BrowserFixture.ScreenshotAsync(page, "phone-call-card");

        await PostAsync(new { version = 1, callId = call, @event = "answered", from = caller.Phone, agent = DemoSeeder.AgentEmail });
        await page.Locator("#call-popup .call-card").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        Assert.Empty(errors);
    }

    private async Task PostAsync(object body)
    {
        var raw = JsonSerializer.SerializeToUtf8Bytes(body);
        var at = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, CallWebhook.Path) { Content = new ByteArrayContent(raw) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(WebhookSignature.TimestampHeader, at.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(PhoneFixture.Secret, at, raw));
        (await client.SendAsync(request)).EnsureSuccessStatusCode();
    }
}
