using System.Net;
using System.Text;
using System.Text.Json;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Features.Channels;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpDesk.Web.Tests;

/// <summary>The app with the IM gateway webhook on, a test clock and the default join window (30 minutes).</summary>
public sealed class ImFixture : IAsyncLifetime
{
    public const string Secret = "im-gateway-secret-for-tests-0123";

    public FakeTimeProvider Clock { get; } = TestClock.At(DateTimeOffset.UtcNow);

    public HelpDeskFactory App { get; private set; } = null!;

    public async Task InitializeAsync() => App = new HelpDeskFactory(
        await TestCluster.CreateDatabaseAsync(),
        services: s => s.AddSingleton<TimeProvider>(Clock),
        settings: new Dictionary<string, string> { ["HelpDesk:Channels:Im:WebhookSecret"] = Secret });

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>Any IM/social gateway through the same Receive slice: signed JSON, conversations, replays, refusals; and the join window.</summary>
public sealed class ImWebhookTests(ImFixture fixture) : IClassFixture<ImFixture>
{
    private async Task<HttpResponseMessage> PostAsync(object body, string gateway = "douyin", string secret = ImFixture.Secret, long? timestamp = null)
    {
        var raw = body as byte[] ?? JsonSerializer.SerializeToUtf8Bytes(body);
        var at = timestamp ?? fixture.Clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/channels/im/{gateway}") { Content = new ByteArrayContent(raw) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(WebhookSignature.TimestampHeader, at.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, at, raw));
        using var client = fixture.App.CreateClient();
        return await client.SendAsync(request);
    }

    private static object Message(string id, string conversation, string sender, string text, int version = 1) =>
        new { version, id, conversationId = conversation, sender = new { id = sender, name = "抖音用户" }, text };

    private static async Task<string?> TicketOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("ticket").GetString();
    }

    [Fact]
    public async Task A_conversation_lands_in_one_social_ticket_replays_appear_once_and_a_stranger_in_it_gets_their_own()
    {
        var conversation = Guid.NewGuid().ToString("N");
        var user = "u-" + Guid.NewGuid().ToString("N")[..8];
        var first = await TicketOf(await PostAsync(Message("m1-" + conversation, conversation, user, "我的订单怎么还没发货？")));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(first, await TicketOf(await PostAsync(Message("m2-" + conversation, conversation, user, "订单号 JD123"))));
        }

        var stranger = await TicketOf(await PostAsync(Message("m3-" + conversation, conversation, "u-other-" + user, "我也在这个会话里")));

        Assert.NotEqual(first, stranger);
        Assert.True(Ticket.TryParseNumber(first, out var number));
        var ticket = await fixture.App.WithDbAsync(db => db.Tickets.AsNoTracking().Include(t => t.Messages).SingleAsync(t => t.Number == number));
        Assert.Equal(Channel.Social, ticket.Channel);
        Assert.Equal(["我的订单怎么还没发货？", "订单号 JD123"], ticket.Messages.OrderBy(m => m.Id).Select(m => m.Body));
        Assert.NotNull(await fixture.App.WithDbAsync(db => db.Tickets.Where(t => t.Id == ticket.Id).Select(t => t.Sla.FirstResponse.DueAt).SingleAsync()));
        using var client = fixture.App.CreateClient();
        Assert.Contains("/api/v1/channels/im/{gateway}", await client.GetStringAsync("/openapi/v1.json"), StringComparison.Ordinal);
    }

    public static TheoryData<string, int> Refusals => new()
    {
        { "bad-signature", 401 },
        { "stale", 401 },
        { "oversize", 413 },
        { "not-json", 400 },
        { "version", 400 },
        { "no-sender", 400 },
        { "blank-text", 400 },
        { "control-characters", 400 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refusals_are_clear_4xx_and_write_nothing(string kind, int status)
    {
        var id = Guid.NewGuid().ToString("N");
        var before = await CountsAsync();
        var response = kind switch
        {
            "bad-signature" => await PostAsync(Message(id, id, "u1", "你好"), secret: "not-the-secret-at-all-0000000000"),
            "stale" => await PostAsync(Message(id, id, "u1", "你好"), timestamp: fixture.Clock.GetUtcNow().ToUnixTimeSeconds() - 1000),
            "oversize" => await PostAsync(Message(id, id, "u1", new string('长', 40_000))),
            "not-json" => await PostAsync(Encoding.UTF8.GetBytes("{\"version\": 1, \"id\": ")),
            "version" => await PostAsync(Message(id, id, "u1", "你好", version: 2)),
            "no-sender" => await PostAsync(new { version = 1, id, text = "你好" }),
            "blank-text" => await PostAsync(Message(id, id, "u1", "   ")),
            _ => await PostAsync(Message(id, id, "u1", "你好\u0000\u202E")),
        };

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_customers_new_message_within_the_window_joins_their_open_ticket_and_later_opens_a_new_one()
    {
        var customer = $"window.{Guid.NewGuid():N}@customer.example.cn";
        var first = await fixture.App.SendAsync(new Receive.Command(TestMail.Read(TestMail.Raw(customer, "耳机坏了", "左耳没声音。"), fixture.Clock.GetUtcNow())));
        fixture.Clock.Advance(TimeSpan.FromMinutes(20));
        var soon = await fixture.App.SendAsync(new Receive.Command(TestMail.Read(TestMail.Raw(customer, "补充", "订单号 JD-88."), fixture.Clock.GetUtcNow())));
        fixture.Clock.Advance(TimeSpan.FromMinutes(31));
        var later = await fixture.App.SendAsync(new Receive.Command(TestMail.Read(TestMail.Raw(customer, "新问题", "发票怎么开？"), fixture.Clock.GetUtcNow())));

        Assert.Equal((InboundOutcome.Threaded, first.TicketNumber, "window"), (soon.Outcome, soon.TicketNumber, soon.Reason));
        Assert.Equal(InboundOutcome.Opened, later.Outcome);
        Assert.NotEqual(first.TicketNumber, later.TicketNumber);
    }

    private Task<(int Inbound, int Tickets, int Customers)> CountsAsync() => fixture.App.WithDbAsync(async db =>
        (await db.Set<InboundRecord>().CountAsync(), await db.Tickets.CountAsync(), await db.Customers.CountAsync()));
}
