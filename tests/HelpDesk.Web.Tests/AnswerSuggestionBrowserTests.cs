using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Supervisor;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace HelpDesk.Web.Tests;

/// <summary>
/// The agent's knowledge in Chromium: on a logistics ticket with a parcel the reply box suggests help articles and the
/// answer library's recommended variant; the agent inserts it by keyboard (Alt+↓, Enter), its variables filled from
/// the parcel, the one without a value marked; after filling that in and sending, the use of the variant is recorded.
/// </summary>
public sealed class AnswerSuggestionBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_agent_inserts_the_best_suggested_answer_by_keyboard_with_the_parcels_details_filled()
    {
        var factory = browser.Factory;
        var (number, variant, intent, carrier, tracking) = await factory.WithDbAsync(async db =>
        {
            var agentId = await db.Users.Where(u => u.Email == DemoSeeder.AgentEmail).Select(u => u.Id).SingleAsync();
            var teams = await db.TeamMembers.Where(m => m.UserId == agentId).Select(m => m.TeamId).ToListAsync();
            var ticket = await db.Tickets
                .Where(t => t.Category == TicketCategory.Logistics && t.TeamId != null && teams.Contains(t.TeamId.Value) && t.OrderId != null
                    && t.MergedIntoTicketId == null && t.Status != TicketStatus.Closed && db.Shipments.Any(s => s.OrderId == t.OrderId)
                    && !db.Commitments.Any(c => c.TicketId == t.Id && c.Status == Domain.Commitments.CommitmentStatus.Open))
                .OrderBy(t => t.Id).Select(t => new { t.Number, t.OrderId }).FirstAsync();
            var parcel = await db.Shipments.Where(s => s.OrderId == ticket.OrderId).OrderByDescending(s => s.ShippedAt).ThenByDescending(s => s.Id)
                .Select(s => new { s.Carrier, s.TrackingNumber }).FirstAsync();
            var b = await db.CannedAnswers.Where(c => c.Title == "查询物流进度（承运商+承诺）").Select(c => new { c.Id, c.IntentId }).SingleAsync();
            return (Ticket.FormatNumber(ticket.Number), b.Id, b.IntentId, parcel.Carrier, parcel.TrackingNumber);
        });
        var supervisor = await factory.WithDbAsync(async db =>
        {
            var user = await db.Users.Where(u => u.Email == DemoSeeder.SupervisorEmail).Select(u => new { u.Id, u.DisplayName }).SingleAsync();
            return new Features.Shared.Viewer(user.Id, true, user.DisplayName);
        });
        await factory.SendAsync(new AnswersModel.Promote(supervisor, intent, variant, DateTimeOffset.UtcNow));

        var (page, errors) = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, DemoSeeder.AgentEmail);
        await page.GotoAsync($"/agent/tickets/{number.ToLowerInvariant()}");
        var best = page.Locator($"#suggestion-list button.suggestion[data-answer-id='{variant}']");
        await Assertions.Expect(best).ToBeVisibleAsync();
        await Assertions.Expect(best.Locator(".recommended")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#suggestion-list button.suggestion[data-kind='article']").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#suggestion-list button.suggestion").First).ToHaveAttributeAsync("data-answer-id", variant.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await BrowserFixture.ScreenshotAsync(page, "reply-suggestions");

        await page.FocusAsync("#Reply_Body");
        await page.Keyboard.PressAsync("Alt+ArrowDown");
        await Assertions.Expect(best).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("#Reply_Body")).ToBeFocusedAsync();
        var body = await page.InputValueAsync("#Reply_Body");
        Assert.Contains(carrier, body, StringComparison.Ordinal);
        Assert.Contains(tracking, body, StringComparison.Ordinal);
        Assert.DoesNotContain("{客户姓名}", body, StringComparison.Ordinal);
        Assert.Contains("{承诺时间}", body, StringComparison.Ordinal);   // no open promise on this ticket: left for the agent
        await Assertions.Expect(page.Locator("#reply-unfilled")).ToContainTextAsync("{承诺时间}");
        Assert.Equal(variant.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.InputValueAsync("#reply-canned-id"));

        await page.FillAsync("#Reply_Body", body.Replace("{承诺时间}", "明天 18:00", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#reply-unfilled")).ToBeHiddenAsync();
        await page.ClickAsync("#send-reply");
        await Assertions.Expect(page.Locator("#flash")).ToBeVisibleAsync();

        var use = await factory.WithDbAsync(db => db.AnswerUses.AsNoTracking().Where(u => u.VariantId == variant).OrderByDescending(u => u.Id).FirstAsync());
        Assert.InRange(use.EditDistance, 0.01, 0.2);
        Assert.Empty(errors);
    }
}
