using System.Net;
using System.Text.Json;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tasks;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Channels;
using HelpDesk.Web.Features.Channels.Phone;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Tests;

/// <summary>The app with the telephony webhook on.</summary>
public sealed class PhoneFixture : AppFixture
{
    public const string Secret = "cti-webhook-secret-for-tests-0123";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["HelpDesk:Channels:Phone:WebhookSecret"] = Secret };
}

/// <summary>
/// Phone (issue 13 item 4): signed call events pop the caller's card on the agent's screen while it rings, put the call on
/// the customer's timeline when it ends (an answered call counts as the agent's response; a missed one becomes a call-back
/// task), are counted once however often they come, and every refusal writes nothing.
/// </summary>
public sealed class PhoneCallTests(PhoneFixture app) : IClassFixture<PhoneFixture>
{
    [Fact]
    public async Task A_ringing_call_pops_the_callers_card_for_the_agent_and_the_answered_call_lands_on_their_open_ticket_once()
    {
        var caller = await CallerWithOpenTicketAsync();
        var agent = await app.ViewerAsync(DemoSeeder.AgentEmail);
        await using var hub = await app.HubAsync(DemoSeeder.AgentEmail);
        var rang = new TaskCompletionSource<long>();
        hub.On<long>(CallEvent.RingingMessage, id => rang.TrySetResult(id));
        var call = "cti-" + Guid.NewGuid().ToString("N");

        Assert.Equal("Ringing", await StateAsync(await PostAsync(Event(call, "ringing", caller.Phone, DemoSeeder.AgentEmail))));
        var id = await rang.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using var client = await app.SignedInClientAsync(DemoSeeder.AgentEmail);
        var card = await client.GetStringAsync($"/agent/calls/{id}");
        Assert.Contains(caller.Name, card, StringComparison.Ordinal);
        Assert.Contains(caller.OpenTicket, card, StringComparison.Ordinal);

        Assert.Equal("Answered", await StateAsync(await PostAsync(Event(call, "answered", caller.Phone, DemoSeeder.AgentEmail))));
        string? number = null;
        for (var i = 0; i < 3; i++) // the CTI retries: one call on the timeline
        {
            var ended = await PostAsync(Event(call, "hungup", caller.Phone, DemoSeeder.AgentEmail, duration: 125, recording: "https://cti.example.cn/rec/1.mp3"));
            var body = JsonDocument.Parse(await ended.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(("Completed", i == 0), (body.GetProperty("state").GetString(), body.GetProperty("changed").GetBoolean()));
            number = body.GetProperty("ticketNumber").GetString();
        }

        Assert.Equal(caller.OpenTicket, number); // within the join window: the customer's open ticket
        var messages = await app.WithDbAsync(db => db.TicketMessages.AsNoTracking().Where(m => m.TicketId == caller.TicketId && m.Channel == Channel.Phone).OrderBy(m => m.Id).ToListAsync());
        Assert.Equal([MessageKind.Customer, MessageKind.Call], messages.Select(m => m.Kind));
        Assert.Contains("2:05", messages[0].Body, StringComparison.Ordinal);
        Assert.Contains("https://cti.example.cn/rec/1.mp3", messages[0].Body, StringComparison.Ordinal);
        Assert.Equal(agent.Id, messages[1].AuthorStaffId);
        Assert.Equal(1, await app.WithDbAsync(db => db.PhoneCalls.CountAsync(c => c.CallId == call)));
    }

    [Fact]
    public async Task A_missed_call_from_an_unknown_number_opens_a_phone_ticket_tagged_missed_with_a_call_back_task()
    {
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999);
        var call = "cti-" + Guid.NewGuid().ToString("N");
        await using var hub = await app.HubAsync("agent2@demo.local");
        var rang = new TaskCompletionSource<long>();
        hub.On<long>(CallEvent.RingingMessage, id => rang.TrySetResult(id));

        await PostAsync(Event(call, "ringing", phone, "agent2@demo.local"));
        using var client = await app.SignedInClientAsync("agent2@demo.local");
        Assert.Contains("未知来电", await client.GetStringAsync($"/agent/calls/{await rang.Task.WaitAsync(TimeSpan.FromSeconds(10))}"), StringComparison.Ordinal);
        var ended = JsonDocument.Parse(await (await PostAsync(Event(call, "hungup", phone, "agent2@demo.local"))).Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("Missed", ended.GetProperty("state").GetString());
        Assert.True(Ticket.TryParseNumber(ended.GetProperty("ticketNumber").GetString(), out var number));
        var ticket = await app.WithDbAsync(db => db.Tickets.AsNoTracking().Include(t => t.Messages).SingleAsync(t => t.Number == number));
        Assert.Equal(Channel.Phone, ticket.Channel);
        Assert.Contains(CallEvent.MissedTag, ticket.Tags);
        Assert.Equal("顾客来电未接通，请尽快回电。", ticket.Messages.Single().Body);
        var owner = (await app.ViewerAsync("agent2@demo.local")).Id;
        var task = await app.WithDbAsync(db => db.FollowUpTasks.AsNoTracking().SingleAsync(t => t.TicketId == ticket.Id));
        Assert.Equal((owner, FollowUpKind.CallBack, FollowUpSource.Phone), (task.OwnerId, task.Kind, task.Source));
        Assert.Contains(phone, task.Title, StringComparison.Ordinal);
        var customer = await app.WithDbAsync(db => db.CustomerContacts.Where(c => c.Kind == ContactKind.Phone && c.Value == phone).Select(c => c.CustomerId).SingleAsync());
        Assert.Equal(customer, ticket.CustomerId);
    }

    public static TheoryData<string, int> Refusals => new()
    {
        { "bad-signature", 401 },
        { "stale", 401 },
        { "malformed", 400 },
        { "unknown-event", 400 },
        { "bad-recording", 400 },
        { "oversize", 413 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Every_refusal_is_a_clear_4xx_and_writes_nothing(string what, int status)
    {
        var call = "cti-" + Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var response = what switch
        {
            "bad-signature" => await PostAsync(Event(call, "ringing", "13800000000", null), secret: "wrong-secret-wrong-secret-000000"),
            "stale" => await PostAsync(Event(call, "ringing", "13800000000", null), timestamp: now - 3600),
            "malformed" => await PostAsync("{\"version\":1,\"callId\":"u8.ToArray()),
            "unknown-event" => await PostAsync(Event(call, "transferred", "13800000000", null)),
            "bad-recording" => await PostAsync(Event(call, "hungup", "13800000000", null, recording: "javascript:alert(1)")),
            _ => await PostAsync(new byte[CallWebhook.MaxBytes + 1]),
        };

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(await app.WithDbAsync(db => db.PhoneCalls.AnyAsync(c => c.CallId == call)));
    }

    [Fact]
    public async Task The_callers_card_is_for_agents_only()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await app.Client().GetAsync("/agent/calls/1")).StatusCode);
        using var analyst = await app.SignedInClientAsync(DemoSeeder.AnalystEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/agent/calls/1")).StatusCode);
        using var agent = await app.SignedInClientAsync(DemoSeeder.AgentEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync("/agent/calls/999999999")).StatusCode);
        Assert.Contains(CallWebhook.Path, await agent.GetStringAsync("/openapi/v1.json"), StringComparison.Ordinal);
    }

    private sealed record Caller(long CustomerId, string Name, string Phone, long TicketId, string OpenTicket);

    /// <summary>A demo customer with a mobile number whose latest ticket is open and was touched just now (inside the join window).</summary>
    private async Task<Caller> CallerWithOpenTicketAsync()
    {
        var ticket = await app.WithDbAsync(db => db.Tickets
            .Where(t => t.Status == TicketStatus.Open && db.CustomerContacts.Any(c => c.CustomerId == t.CustomerId && c.Kind == ContactKind.Phone)
                && !db.PhoneCalls.Any(p => p.CustomerId == t.CustomerId))
            .OrderBy(t => t.Id).Select(t => new { t.Id, t.Number, t.CustomerId }).FirstAsync());
        await app.WithDbAsync(async db =>
        {
            var open = await db.Tickets.SingleAsync(t => t.Id == ticket.Id);
            open.AddCustomerMessage("顾客", Channel.WebForm, "我打个电话问问。", DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });
        return await app.WithDbAsync(async db =>
        {
            var customer = await db.Customers.Where(c => c.Id == ticket.CustomerId).Select(c => new { c.Name, Phone = c.Contacts.First(x => x.Kind == ContactKind.Phone).Value }).SingleAsync();
            return new Caller(ticket.CustomerId, customer.Name, customer.Phone, ticket.Id, Ticket.FormatNumber(ticket.Number));
        });
    }

    private static object Event(string call, string kind, string from, string? agent, int? duration = null, string? recording = null) =>
        new { version = 1, callId = call, @event = kind, from, agent, durationSeconds = duration, recordingUrl = recording };

    private static async Task<string?> StateAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString();
    }

    private async Task<HttpResponseMessage> PostAsync(object body, string secret = PhoneFixture.Secret, long? timestamp = null)
    {
        var raw = body as byte[] ?? JsonSerializer.SerializeToUtf8Bytes(body);
        var at = timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, CallWebhook.Path) { Content = new ByteArrayContent(raw) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(WebhookSignature.TimestampHeader, at.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, at, raw));
        using var client = app.Factory.CreateClient();
        return await client.SendAsync(request);
    }
}
