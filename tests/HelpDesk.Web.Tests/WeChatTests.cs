using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using HelpDesk.Domain.Channels;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Agent.Tickets;
using HelpDesk.Web.Features.Channels;
using HelpDesk.Web.Features.Channels.Outbound;
using HelpDesk.Web.Infrastructure.Mail;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpDesk.Web.Tests;

/// <summary>The app in WeChat safe mode against a fake WeChat API on loopback (token endpoint and customer-service messages).</summary>
public sealed class WeChatFixture : IAsyncLifetime
{
    public const string Token = "wxtoken2026";
    public const string AppId = "wx5f0c1d2e3a4b5c6d";
    public const string AppSecret = "appsecret0123456789abcdef";
    public const string AesKey = "Q1w2E3r4T5y6U7i8O9p0AaSsDdFfGgHhJjKkLlZzXxC";

    private int _tokens;

    public FakeTimeProvider Clock { get; } = TestClock.At(DateTimeOffset.UtcNow);

    public HelpDeskFactory App { get; private set; } = null!;

    public LoopbackServer Api { get; private set; } = null!;

    /// <summary>The access token the fake API takes now; another is issued on each fetch.</summary>
    public string CurrentToken { get; set; } = string.Empty;

    public int TokenFetches => _tokens;

    public List<JsonElement> Sent { get; } = [];

    public async Task InitializeAsync()
    {
        Api = await new LoopbackServer(async (request, http) =>
        {
            var query = http.Request.Query;
            if (http.Request.Path == "/cgi-bin/token")
            {
                var ok = query["grant_type"] == "client_credential" && query["appid"] == AppId && query["secret"] == AppSecret;
                CurrentToken = ok ? "token-" + Interlocked.Increment(ref _tokens) : CurrentToken;
                await http.Response.WriteAsJsonAsync(ok ? new { access_token = CurrentToken, expires_in = 7200 } : (object)new { errcode = 40013, errmsg = "invalid appid" });
                return;
            }

            if (query["access_token"] != CurrentToken)
            {
                await http.Response.WriteAsJsonAsync(new { errcode = 42001, errmsg = "access_token expired" });
                return;
            }

            lock (Sent)
            {
                Sent.Add(JsonDocument.Parse(request.Body).RootElement.Clone());
            }

            await http.Response.WriteAsJsonAsync(new { errcode = 0, errmsg = "ok" });
        }).StartAsync();
        App = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync(), services: s => s.AddSingleton<TimeProvider>(Clock), settings: new Dictionary<string, string>
        {
            ["HelpDesk:Channels:WeChat:Token"] = Token,
            ["HelpDesk:Channels:WeChat:AppId"] = AppId,
            ["HelpDesk:Channels:WeChat:AppSecret"] = AppSecret,
            ["HelpDesk:Channels:WeChat:EncodingAesKey"] = AesKey,
            ["HelpDesk:Channels:WeChat:ApiBase"] = Api.BaseUrl,
        });
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Api.DisposeAsync();
    }
}

/// <summary>WeChat end to end: handshake, safe-mode messages into tickets once, refusals that write nothing, replies through the API and the 48-hour rule.</summary>
public sealed class WeChatTests(WeChatFixture fixture) : IClassFixture<WeChatFixture>
{
    private HelpDeskFactory App => fixture.App;

    private string Now => fixture.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static string Message(string openId, string msgId, string content) => WeChatProtocol.Xml(
    [
        new("ToUserName", "gh_shop"), new("FromUserName", openId), new("CreateTime", "1700000000"), new("MsgType", "text"), new("Content", content), new("MsgId", msgId),
    ]);

    /// <summary>Posts <paramref name="inner"/> as WeChat does in safe mode (or as told to go wrong).</summary>
    private async Task<HttpResponseMessage> PostAsync(string inner, string? timestamp = null, string token = WeChatFixture.Token, bool plain = false, string? encrypted = null, string? msgSignature = null, byte[]? raw = null)
    {
        var (ts, nonce) = (timestamp ?? Now, "n" + Guid.NewGuid().ToString("N")[..8]);
        var encrypt = encrypted ?? WeChatProtocol.Encrypt(WeChatFixture.AesKey, WeChatFixture.AppId, inner);
        var body = raw ?? Encoding.UTF8.GetBytes(plain ? inner : WeChatProtocol.Xml([new("ToUserName", "gh_shop"), new("Encrypt", encrypt)]));
        var url = $"/api/v1/channels/wechat?signature={WeChatProtocol.Signature(token, ts, nonce)}&timestamp={ts}&nonce={nonce}&openid=o1"
            + (plain ? string.Empty : $"&encrypt_type=aes&msg_signature={msgSignature ?? WeChatProtocol.Signature(token, ts, nonce, encrypt)}");
        using var client = App.CreateClient();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("text/xml");
        return await client.PostAsync(url, content);
    }

    private Task<(int Inbound, int Tickets, int Customers)> CountsAsync() => App.WithDbAsync(async db =>
        (await db.Set<InboundRecord>().CountAsync(), await db.Tickets.CountAsync(), await db.Customers.CountAsync()));

    private Task<Ticket?> TicketOfAsync(string openId) => App.WithDbAsync(db =>
        db.Tickets.AsNoTracking().Include(t => t.Messages)
            .Where(t => db.CustomerContacts.Any(c => c.CustomerId == t.CustomerId && c.Kind == ContactKind.Social && c.Value == "wechat:" + openId))
            .OrderByDescending(t => t.Id).FirstOrDefaultAsync());

    [Fact]
    public async Task The_handshake_echoes_echostr_only_when_the_signature_is_right()
    {
        using var client = App.CreateClient();
        var ts = Now;
        var good = await client.GetAsync($"/api/v1/channels/wechat?signature={WeChatProtocol.Signature(WeChatFixture.Token, ts, "42")}&timestamp={ts}&nonce=42&echostr=echo-8833");
        var bad = await client.GetAsync($"/api/v1/channels/wechat?signature={WeChatProtocol.Signature("wrong", ts, "42")}&timestamp={ts}&nonce=42&echostr=echo-8833");

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal("echo-8833", await good.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.DoesNotContain("echo-8833", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_encrypted_message_delivered_three_times_lands_once_and_the_reply_goes_out_through_the_api_with_a_fresh_token_when_it_expired()
    {
        var openId = "oUser" + Guid.NewGuid().ToString("N")[..12];
        var msgId = DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < 3; i++)
        {
            var response = await PostAsync(Message(openId, msgId, "你好，我的订单 JD2026 还没发货"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        }

        var ticket = (await TicketOfAsync(openId))!;
        Assert.Equal(Channel.Social, ticket.Channel);
        Assert.Equal("你好，我的订单 JD2026 还没发货", Assert.Single(ticket.Messages).Body);
        Assert.Equal(1, await App.WithDbAsync(db => db.Set<InboundRecord>().CountAsync(r => r.ExternalId == "wechat:" + msgId)));

        var agent = await App.WithDbAsync(db => db.Users.Where(u => u.Email == DemoSeeder.SupervisorEmail).Select(u => new Viewer(u.Id, true, u.DisplayName)).SingleAsync());
        await App.SendAsync(new Reply.Command(agent, ticket.DisplayNumber, "您好，已为您催促仓库，今天发出。", Internal: false));
        var fetched = fixture.TokenFetches;
        Assert.Equal(new DeliverReplies.Result(1, 0), await App.SendAsync(new DeliverReplies.Command()));

        var sent = fixture.Sent.Last();
        Assert.Equal((openId, "text", "您好，已为您催促仓库，今天发出。"), (sent.GetProperty("touser").GetString(), sent.GetProperty("msgtype").GetString(), sent.GetProperty("text").GetProperty("content").GetString()));
        Assert.Equal(1, fixture.TokenFetches - fetched);

        // The cached token is reused; once WeChat says it expired (42001) a new one is fetched and the send goes through.
        await App.SendAsync(new Reply.Command(agent, ticket.DisplayNumber, "第二条回复", Internal: false));
        await App.SendAsync(new DeliverReplies.Command());
        Assert.Equal(1, fixture.TokenFetches - fetched);
        fixture.CurrentToken = "revoked-by-another-app";
        await App.SendAsync(new Reply.Command(agent, ticket.DisplayNumber, "第三条回复", Internal: false));
        Assert.Equal(new DeliverReplies.Result(1, 0), await App.SendAsync(new DeliverReplies.Command()));
        Assert.Equal(2, fixture.TokenFetches - fetched);
        Assert.Equal("第三条回复", fixture.Sent.Last().GetProperty("text").GetProperty("content").GetString());
        Assert.All(await App.WithDbAsync(db => db.Set<ChannelDelivery>().Where(d => d.TicketId == ticket.Id).ToListAsync()), d => Assert.Equal(OutboxStatus.Sent, d.Status));
    }

    [Fact]
    public async Task After_48_hours_the_reply_box_refuses_with_a_clear_message_and_nothing_is_queued()
    {
        var openId = "oLate" + Guid.NewGuid().ToString("N")[..12];
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Message(openId, "late-" + openId, "耳机坏了"))).StatusCode);
        var ticket = (await TicketOfAsync(openId))!;
        fixture.Clock.Advance(TimeSpan.FromHours(48) + TimeSpan.FromMinutes(1));
        try
        {
            var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            Assert.Equal(HttpStatusCode.Redirect, (await AppFixture.PostFormAsync(client, "/account/login", new() { ["Input.Email"] = DemoSeeder.SupervisorEmail, ["Input.Password"] = DemoSeeder.Password })).StatusCode);
            var url = $"/agent/tickets/{ticket.DisplayNumber.ToLowerInvariant()}";
            var answer = await AppFixture.PostFormAsync(client, url + "?handler=Reply", new() { ["Reply.Body"] = "您好，我们来处理。" }, formPage: url);

            var page = new HtmlParser().ParseDocument(await answer.Content.ReadAsStringAsync());
            Assert.Contains("48 小时", page.QuerySelector("[data-valmsg-for='Reply.Body']")!.TextContent, StringComparison.Ordinal);
            Assert.Equal(1, await App.WithDbAsync(db => db.TicketMessages.CountAsync(m => m.TicketId == ticket.Id)));
            Assert.Equal(0, await App.WithDbAsync(db => db.Set<ChannelDelivery>().CountAsync(d => d.TicketId == ticket.Id)));

            // An internal note is still fine, and a new message from the customer opens the window again.
            var agent = await App.WithDbAsync(db => db.Users.Where(u => u.Email == DemoSeeder.SupervisorEmail).Select(u => new Viewer(u.Id, true, u.DisplayName)).SingleAsync());
            await App.SendAsync(new Reply.Command(agent, ticket.DisplayNumber, "客户已超过 48 小时未回复", Internal: true));
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(Message(openId, "again-" + openId, "还在吗？"))).StatusCode);
            await App.SendAsync(new Reply.Command(agent, ticket.DisplayNumber, "在的，马上处理。", Internal: false));
            Assert.Equal(1, await App.WithDbAsync(db => db.Set<ChannelDelivery>().CountAsync(d => d.TicketId == ticket.Id)));
        }
        finally
        {
            fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    public static TheoryData<string, int> Refusals => new()
    {
        { "bad-signature", 401 },
        { "bad-msg-signature", 401 },
        { "stale", 401 },
        { "plain-in-safe-mode", 400 },
        { "malformed-xml", 400 },
        { "undecryptable", 400 },
        { "doctype", 400 },
        { "no-msgid", 400 },
        { "oversize", 413 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refusals_are_clear_4xx_and_write_nothing(string kind, int status)
    {
        var openId = "oBad" + Guid.NewGuid().ToString("N")[..10];
        var good = Message(openId, "bad-" + openId, "你好");
        var before = await CountsAsync();
        var response = kind switch
        {
            "bad-signature" => await PostAsync(good, token: "not-the-token"),
            "bad-msg-signature" => await PostAsync(good, msgSignature: new string('0', 40)),
            "stale" => await PostAsync(good, timestamp: (fixture.Clock.GetUtcNow().ToUnixTimeSeconds() - 1000).ToString(CultureInfo.InvariantCulture)),
            "plain-in-safe-mode" => await PostAsync(good, plain: true),
            "malformed-xml" => await PostAsync(good, raw: "<xml><Encrypt>abc</xml>"u8.ToArray()),
            "undecryptable" => await PostAsync(good, encrypted: WeChatProtocol.Encrypt(WeChatFixture.AesKey, "wx-another-account", good)),
            "doctype" => await PostAsync(good, raw: "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x \"y\">]><xml><Encrypt>&x;</Encrypt></xml>"u8.ToArray()),
            "no-msgid" => await PostAsync(WeChatProtocol.Xml([new("FromUserName", openId), new("MsgType", "text"), new("Content", "你好")])),
            _ => await PostAsync(Message(openId, "big-" + openId, new string('长', 30_000))),
        };

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task An_image_message_lands_with_its_picture_link_and_events_are_acknowledged_without_a_ticket()
    {
        var openId = "oPic" + Guid.NewGuid().ToString("N")[..10];
        var image = WeChatProtocol.Xml([new("FromUserName", openId), new("MsgType", "image"), new("PicUrl", "https://mmbiz.example.cn/pic/1.jpg"), new("MediaId", "media-1"), new("MsgId", "pic-" + openId)]);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(image)).StatusCode);
        var before = await CountsAsync();
        var subscribe = WeChatProtocol.Xml([new("FromUserName", openId), new("MsgType", "event"), new("Event", "subscribe")]);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(subscribe)).StatusCode);

        Assert.Equal("[图片] https://mmbiz.example.cn/pic/1.jpg", Assert.Single((await TicketOfAsync(openId))!.Messages).Body);
        Assert.Equal(before, await CountsAsync());
    }
}
