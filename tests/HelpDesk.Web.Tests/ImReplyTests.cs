using System.Globalization;
using System.Net;
using System.Text.Json;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Agent.Tickets;
using HelpDesk.Web.Features.Channels;
using HelpDesk.Web.Features.Channels.Outbound;
using HelpDesk.Web.Infrastructure.Mail;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpDesk.Web.Tests;

/// <summary>The app with the IM webhook on and a gateway whose reply URL is a receiver on loopback that answers as told.</summary>
public sealed class ImReplyFixture : IAsyncLifetime
{
    public const string Secret = "im-gateway-secret-for-reply-tests";

    public FakeTimeProvider Clock { get; } = TestClock.At(DateTimeOffset.UtcNow);

    public HelpDeskFactory App { get; private set; } = null!;

    public LoopbackServer Gateway { get; private set; } = null!;

    /// <summary>The status codes the receiver answers, in turn; 200 once they are used up.</summary>
    public Queue<int> Answers { get; } = new();

    public async Task InitializeAsync()
    {
        Gateway = await new LoopbackServer((_, http) =>
        {
            lock (Answers)
            {
                http.Response.StatusCode = Answers.Count > 0 ? Answers.Dequeue() : StatusCodes.Status200OK;
            }

            return Task.CompletedTask;
        }).StartAsync();
        App = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync(), services: s => s.AddSingleton<TimeProvider>(Clock), settings: new Dictionary<string, string>
        {
            ["HelpDesk:Channels:Im:WebhookSecret"] = Secret,
            ["HelpDesk:Channels:Im:Gateways:shopapp:ReplyUrl"] = Gateway.BaseUrl + "/helpdesk/replies",
        });
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Gateway.DisposeAsync();
    }
}

/// <summary>Agents' replies on IM tickets go back by the signed outbound webhook, leased and retried on 5xx; it is in the OpenAPI document.</summary>
public sealed class ImReplyTests(ImReplyFixture fixture) : IClassFixture<ImReplyFixture>
{
    private HelpDeskFactory App => fixture.App;

    private async Task<string> InboundAsync(string gateway, string user, string conversation)
    {
        var raw = JsonSerializer.SerializeToUtf8Bytes(new { version = 1, id = "m-" + Guid.NewGuid().ToString("N"), conversationId = conversation, sender = new { id = user, name = "App 用户" }, text = "退货地址是哪里？" });
        var at = fixture.Clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/channels/im/{gateway}") { Content = new ByteArrayContent(raw) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(WebhookSignature.TimestampHeader, at.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(ImReplyFixture.Secret, at, raw));
        using var client = App.CreateClient();
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("ticket").GetString()!;
    }

    private Task<Viewer> AgentAsync() => App.WithDbAsync(db => db.Users.Where(u => u.Email == DemoSeeder.SupervisorEmail).Select(u => new Viewer(u.Id, true, u.DisplayName)).SingleAsync());

    private Task<ChannelDelivery> DeliveryAsync(string number) => App.WithDbAsync(db =>
    {
        Assert.True(Ticket.TryParseNumber(number, out var n));
        return db.Set<ChannelDelivery>().AsNoTracking().SingleAsync(d => db.Tickets.Any(t => t.Id == d.TicketId && t.Number == n));
    });

    [Fact]
    public async Task A_reply_is_posted_signed_to_the_gateway_retried_after_a_5xx_with_the_same_delivery_id_and_then_marked_sent()
    {
        var user = "u-" + Guid.NewGuid().ToString("N")[..8];
        var number = await InboundAsync("shopapp", user, "conv-" + user);
        await App.SendAsync(new Reply.Command(await AgentAsync(), number, "退货地址：上海市浦东新区 1 号。", Internal: false));
        fixture.Answers.Enqueue(503);
        var before = fixture.Gateway.Requests.Count;

        Assert.Equal(new DeliverReplies.Result(0, 1), await App.SendAsync(new DeliverReplies.Command()));
        var waiting = await DeliveryAsync(number);
        Assert.Equal((OutboxStatus.Pending, 1), (waiting.Status, waiting.Attempts));
        Assert.Equal(new DeliverReplies.Result(0, 0), await App.SendAsync(new DeliverReplies.Command()));
        fixture.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(new DeliverReplies.Result(1, 0), await App.SendAsync(new DeliverReplies.Command()));

        var requests = fixture.Gateway.Requests.Skip(before).ToList();
        Assert.Equal(2, requests.Count);
        foreach (var r in requests)
        {
            Assert.Equal("/helpdesk/replies", r.PathAndQuery);
            Assert.Null(WebhookSignature.Check(ImReplyFixture.Secret, r.Headers[WebhookSignature.TimestampHeader], r.Headers[WebhookSignature.SignatureHeader], r.Body, fixture.Clock.GetUtcNow(), 300));
            Assert.NotNull(WebhookSignature.Check("another-secret-entirely-000000000", r.Headers[WebhookSignature.TimestampHeader], r.Headers[WebhookSignature.SignatureHeader], r.Body, fixture.Clock.GetUtcNow(), 300));
        }

        Assert.Equal(requests[0].Headers[ImReplyWebhook.DeliveryHeader], requests[1].Headers[ImReplyWebhook.DeliveryHeader]);
        var body = JsonDocument.Parse(requests[1].Body).RootElement;
        Assert.Equal((1, "shopapp", user, "conv-" + user, "退货地址：上海市浦东新区 1 号。", number), (
            body.GetProperty("version").GetInt32(), body.GetProperty("gateway").GetString(), body.GetProperty("recipient").GetProperty("id").GetString(),
            body.GetProperty("conversationId").GetString(), body.GetProperty("text").GetString(), body.GetProperty("ticket").GetString()));
        Assert.Equal(OutboxStatus.Sent, (await DeliveryAsync(number)).Status);
    }

    [Fact]
    public async Task A_4xx_is_final_internal_notes_stay_home_and_a_gateway_without_a_reply_url_gets_nothing()
    {
        var user = "u-" + Guid.NewGuid().ToString("N")[..8];
        var number = await InboundAsync("shopapp", user, "conv-" + user);
        var agent = await AgentAsync();
        await App.SendAsync(new Reply.Command(agent, number, "内部备注，不发给客户", Internal: true));
        await App.SendAsync(new Reply.Command(agent, number, "您好", Internal: false));
        fixture.Answers.Enqueue(400);
        Assert.Equal(new DeliverReplies.Result(0, 1), await App.SendAsync(new DeliverReplies.Command()));
        var failed = await DeliveryAsync(number);
        Assert.Equal((OutboxStatus.Failed, 1, "您好"), (failed.Status, failed.Attempts, failed.Body));

        var other = await InboundAsync("weibo", user, "conv-w-" + user);
        await App.SendAsync(new Reply.Command(agent, other, "微博回复", Internal: false));
        Assert.True(Ticket.TryParseNumber(other, out var n));
        Assert.Equal(0, await App.WithDbAsync(db => db.Set<ChannelDelivery>().CountAsync(d => db.Tickets.Any(t => t.Id == d.TicketId && t.Number == n))));
    }

    [Fact]
    public async Task The_outbound_webhook_is_in_the_openapi_document()
    {
        using var client = App.CreateClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var post = document.GetProperty("webhooks").GetProperty("imReply").GetProperty("post");
        Assert.Contains("X-HelpDesk-Signature", post.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/channels/wechat", out _));
    }
}
