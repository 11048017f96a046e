using System.Net;
using System.Text;
using HelpDesk.Domain.Chat;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Admin;
using HelpDesk.Web.Features.Channels;
using HelpDesk.Web.Features.Chat;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HelpDesk.Web.Tests;

/// <summary>The browser fixture with the shop's identity secret configured.</summary>
public sealed class ChatBrowserFixture : BrowserFixture
{
    public const string Secret = "the shop's identity secret (browser)";

    protected override void ConfigureServices(IServiceCollection services) => services.Configure<ChatOptions>(o => o.IdentitySecret = Secret);
}

/// <summary>
/// In Chromium: a shopper chats from the widget embedded with its script tag on a page of another origin, an agent
/// answers in the console, the shopper then writes an e-mail, and the agent sees one timeline with both channels.
/// </summary>
public sealed class ChatBrowserTests(ChatBrowserFixture browser) : IClassFixture<ChatBrowserFixture>
{
    [Fact]
    public async Task The_help_centre_offers_the_chat_while_it_is_on()
    {
        var team = await browser.Factory.WithDbAsync(db => db.Teams.Where(t => t.Name == "售前咨询组").Select(t => t.Id).SingleAsync());
        await browser.Factory.SendAsync(new ChatModel.Save(true, "帮助中心在线客服", team, "", 3));
        browser.Factory.Services.GetRequiredService<ChatSettingsCache>().Clear();
        var (visitor, errors) = await browser.NewPageAsync();

        await visitor.GotoAsync("/help");
        await visitor.ClickAsync(".hdc-launcher");

        await Assertions.Expect(visitor.Locator(".hdc-status[data-state=connected]")).ToBeVisibleAsync();
        await Assertions.Expect(visitor.Locator(".hdc-greeting")).ToHaveTextAsync("帮助中心在线客服");
        Assert.Empty(errors);

        await browser.Factory.SendAsync(new ChatModel.Save(false, "帮助中心在线客服", team, "", 3));
        browser.Factory.Services.GetRequiredService<ChatSettingsCache>().Clear();
        await visitor.GotoAsync("/help");
        Assert.Equal(0, await visitor.Locator("script[src*='/chat/widget.js']").CountAsync());
    }

    [Fact]
    public async Task A_shopper_chats_from_the_widget_an_agent_answers_and_a_later_email_joins_the_same_timeline()
    {
        // The shop's page comes from a server of its own on another port (another origin, on loopback like the desk).
        using var shopServer = new HttpListener();
        var port = FreePort();
        var shop = $"http://127.0.0.1:{port}";
        shopServer.Prefixes.Add(shop + "/");
        shopServer.Start();
        var team = await browser.Factory.WithDbAsync(db => db.Teams.Where(t => t.Name == "售前咨询组").Select(t => t.Id).SingleAsync());
        await browser.Factory.SendAsync(new ChatModel.Save(true, "欢迎来到示例商城", team, shop, 3));
        browser.Factory.Services.GetRequiredService<ChatSettingsCache>().Clear();

        var (agent, agentErrors) = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(agent, DemoSeeder.AgentEmail);
        await agent.GotoAsync("/agent/chat");
        await agent.ClickAsync("#chat-go-available");
        await Assertions.Expect(agent.Locator("#chat-available")).ToBeVisibleAsync();
        await Assertions.Expect(agent.Locator("#chat-connection[data-state=connected]")).ToBeVisibleAsync();

        // The shop's page: its own origin, the desk's one script tag, the shopper's identity signed by the shop's server.
        var user = "u-" + Guid.NewGuid().ToString("N")[..8];
        var email = $"{user}@shopper.example.cn";
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var sig = ShopIdentity.Sign(ChatBrowserFixture.Secret, user, email, "韩梅梅", ts);
        var html = $"""
            <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>示例商城</title></head>
            <body><h1>示例商城</h1>
            <script src="{browser.BaseUrl.TrimEnd('/')}/chat/widget.js" async data-user-id="{user}" data-user-email="{email}" data-user-name="韩梅梅" data-user-ts="{ts}" data-user-sig="{sig}"></script>
            </body></html>
            """;
        var (customer, customerErrors) = await browser.NewPageAsync();
        _ = ServeAsync(shopServer, html);
        await customer.GotoAsync(shop + "/shop/product/1");
        try
        {
            await customer.WaitForSelectorAsync(".hdc-launcher", new() { Timeout = 15000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail("no widget: " + string.Join(" | ", customerErrors));
        }

        await customer.ClickAsync(".hdc-launcher");
        await Assertions.Expect(customer.Locator(".hdc-status[data-state=connected]")).ToBeVisibleAsync();
        await Assertions.Expect(customer.Locator(".hdc-greeting")).ToHaveTextAsync("欢迎来到示例商城");
        await customer.FillAsync(".hdc-input", "我的快递三天没动了");
        await customer.PressAsync(".hdc-input", "Enter");
        await Assertions.Expect(customer.Locator(".hdc-line.hdc-mine[data-id]")).ToContainTextAsync("我的快递三天没动了");

        // The chat was routed to the available agent: it appears in their console, they answer, the customer sees it.
        var pane = agent.Locator(".chat-pane");
        await Assertions.Expect(pane.Locator(".chat-line")).ToContainTextAsync("我的快递三天没动了", new() { Timeout = 15000 });
        await Assertions.Expect(pane.Locator(".badge.text-bg-info")).ToBeVisibleAsync();
        await pane.Locator(".chat-reply input").FillAsync("正在为您查询物流");
        await pane.Locator(".chat-reply button").ClickAsync();
        await Assertions.Expect(customer.Locator(".hdc-line.hdc-agent")).ToContainTextAsync("正在为您查询物流");

        // Typing shows on the other side (one notice per 2 s of typing at most, shown for 4 s): the customer's in the
        // agent's pane of that chat, the agent's (with their name) in the widget.
        await customer.WaitForTimeoutAsync(2100);
        await customer.Locator(".hdc-input").PressSequentiallyAsync("好的");
        await Assertions.Expect(pane.Locator(".chat-typing")).ToBeVisibleAsync();
        await pane.Locator(".chat-reply input").PressSequentiallyAsync("稍等");
        var agentName = await browser.Factory.WithDbAsync(db => db.Users.Where(u => u.Email == DemoSeeder.AgentEmail).Select(u => u.DisplayName).SingleAsync());
        await Assertions.Expect(customer.Locator(".hdc-typing")).ToBeVisibleAsync();
        await Assertions.Expect(customer.Locator(".hdc-typing")).ToContainTextAsync(agentName);
        await Assertions.Expect(customer.Locator(".hdc-typing")).ToBeHiddenAsync(new() { Timeout = 8000 });
        await BrowserFixture.ScreenshotAsync(customer, "chat-widget");
        await BrowserFixture.ScreenshotAsync(agent, "chat-console");

        // Later the shopper e-mails from the address the shop vouched for: the same customer, the same ticket.
        var number = (await agent.Locator(".chat-pane a").TextContentAsync())!.Trim();
        var mail = await browser.Factory.SendAsync(new Receive.Command(new InboundMessage(
            Channel.Email, $"{Guid.NewGuid():N}@mail.shopper.example.cn", [new SenderIdentity(ContactKind.Email, email)], "韩梅梅", "快递的事",
            "我也发邮件问一下：快递单号 SF1234", ThreadHints.None, Encoding.UTF8.GetBytes("raw"), DateTimeOffset.UtcNow)));
        Assert.Equal(number, mail.TicketNumber);

        await agent.GotoAsync($"/agent/tickets/{number.ToLowerInvariant()}");
        var messages = agent.Locator("li.message");
        await Assertions.Expect(messages.Filter(new() { HasText = "我的快递三天没动了" })).ToContainTextAsync("在线客服");
        await Assertions.Expect(messages.Filter(new() { HasText = "正在为您查询物流" })).ToHaveCountAsync(1);
        await Assertions.Expect(messages.Filter(new() { HasText = "我也发邮件问一下" })).ToContainTextAsync("电子邮件");
        await BrowserFixture.ScreenshotAsync(agent, "chat-timeline");
        Assert.Empty(agentErrors);
        Assert.Empty(customerErrors);
    }

    [Fact]
    public async Task A_shopper_waits_in_line_while_the_agent_is_busy_and_the_agent_takes_the_chat_when_another_ends()
    {
        // One chat per agent; the agent's place is taken by a shopper who came first.
        await ResetAsync(capacity: 1);
        var viewer = await browser.Factory.WithDbAsync(db => db.Users.Where(u => u.Email == DemoSeeder.AgentEmail).Select(u => new Viewer(u.Id, false, u.DisplayName)).SingleAsync());
        var (agent, agentErrors) = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(agent, DemoSeeder.AgentEmail);
        await browser.Factory.SendAsync(new AgentSide.SetAvailable(viewer, true));
        await agent.GotoAsync("/agent/chat");
        await Assertions.Expect(agent.Locator("#chat-connection[data-state=connected]")).ToBeVisibleAsync();
        var earlier = await browser.Factory.SendAsync(new Start.Command(null, null));
        await browser.Factory.SendAsync(new Send.Command(earlier.Session, Guid.NewGuid().ToString("N"), "我先来的"));
        var earlierChat = await browser.Factory.WithDbAsync(db => db.Set<ChatSession>().Where(c => c.AgentId == viewer.Id && c.State == ChatState.Active).Select(c => c.PublicId).SingleAsync());

        // The next shopper, on the help centre: told their place in line, not "no agent is free".
        var (customer, customerErrors) = await browser.NewPageAsync();
        await customer.GotoAsync("/help");
        await customer.ClickAsync(".hdc-launcher");
        await Assertions.Expect(customer.Locator(".hdc-status[data-state=connected]")).ToBeVisibleAsync();
        await customer.FillAsync(".hdc-input", "请问发票怎么开");
        await customer.PressAsync(".hdc-input", "Enter");
        var notice = customer.Locator(".hdc-ack");
        await Assertions.Expect(notice).ToHaveTextAsync("客服都在忙，您正在排队，当前第 1 位，请稍候。");
        await BrowserFixture.ScreenshotAsync(customer, "chat-line");

        // The first chat ends: the agent's console gets the waiting shopper, whose notice goes away; the agent answers.
        await browser.Factory.SendAsync(new AgentSide.End(viewer, earlierChat));
        await Assertions.Expect(notice).ToBeHiddenAsync(new() { Timeout = 15000 });
        var pane = agent.Locator(".chat-pane");
        await Assertions.Expect(pane.Locator(".chat-line")).ToContainTextAsync("请问发票怎么开", new() { Timeout = 15000 });
        await pane.Locator(".chat-reply input").FillAsync("您好，发票可以在订单详情里申请");
        await pane.Locator(".chat-reply button").ClickAsync();
        await Assertions.Expect(customer.Locator(".hdc-line.hdc-agent")).ToContainTextAsync("发票可以在订单详情里申请");
        Assert.Empty(agentErrors);
        Assert.Empty(customerErrors);
    }

    [Fact]
    public async Task An_agent_hands_a_chat_to_a_colleague_whose_console_takes_it_while_the_shopper_stays_in_the_same_chat()
    {
        await ResetAsync(capacity: 2);
        var (first, firstErrors) = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(first, DemoSeeder.AgentEmail);
        await first.GotoAsync("/agent/chat");
        await first.ClickAsync("#chat-go-available");
        var customer = await browser.Factory.SendAsync(new Start.Command(null, null));
        await browser.Factory.SendAsync(new Send.Command(customer.Session, Guid.NewGuid().ToString("N"), "这个型号有现货吗"));
        await first.ReloadAsync();
        await Assertions.Expect(first.Locator(".chat-pane .chat-line")).ToContainTextAsync("这个型号有现货吗");
        Assert.Equal(0, await first.Locator(".chat-transfer").CountAsync()); // nobody to hand it to yet

        // A colleague of the team comes online in their console; the first agent hands the chat over.
        var (second, secondErrors) = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(second, "agent4@demo.local");
        await second.GotoAsync("/agent/chat");
        await second.ClickAsync("#chat-go-available");
        await Assertions.Expect(second.Locator("#chat-connection[data-state=connected]")).ToBeVisibleAsync();
        var name = await browser.Factory.WithDbAsync(db => db.Users.Where(u => u.Email == "agent4@demo.local").Select(u => u.DisplayName).SingleAsync());
        await first.ReloadAsync();
        await first.Locator(".chat-transfer select").SelectOptionAsync(new SelectOptionValue { Label = $"{name}（0/2）" });
        await first.Locator(".chat-transfer button").ClickAsync();

        await Assertions.Expect(first.Locator("#flash")).ToHaveTextAsync($"已转接给 {name}。");
        await Assertions.Expect(first.Locator(".chat-pane")).ToHaveCountAsync(0);
        var pane = second.Locator(".chat-pane");
        await Assertions.Expect(pane.Locator(".chat-line")).ToContainTextAsync("这个型号有现货吗", new() { Timeout = 15000 });
        await pane.Locator(".chat-reply input").FillAsync("有的，今天下单明天到");
        await pane.Locator(".chat-reply button").ClickAsync();
        await Assertions.Expect(pane.Locator(".chat-line").Last).ToContainTextAsync("有的，今天下单明天到");
        var lines = await browser.Factory.SendAsync(new Transcript.Query(customer.Session, 0));
        Assert.Equal(["这个型号有现货吗", "有的，今天下单明天到"], lines.Items.Select(l => l.Body)); // one chat, both answers' lines
        Assert.Empty(firstErrors);
        Assert.Empty(secondErrors);
    }

    /// <summary>Chat on for the presales team on the help centre, <paramref name="capacity"/> chats per agent; nobody available, no chat open.</summary>
    private async Task ResetAsync(int capacity)
    {
        var team = await browser.Factory.WithDbAsync(db => db.Teams.Where(t => t.Name == "售前咨询组").Select(t => t.Id).SingleAsync());
        await browser.Factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM chat_agents; UPDATE chat_sessions SET state = 'Ended'"));
        await browser.Factory.SendAsync(new ChatModel.Save(true, "帮助中心在线客服", team, "", capacity));
        browser.Factory.Services.GetRequiredService<ChatSettingsCache>().Clear();
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private static async Task ServeAsync(HttpListener listener, string html)
    {
        var bytes = Encoding.UTF8.GetBytes(html);
        while (listener.IsListening)
        {
            try
            {
                var context = await listener.GetContextAsync();
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
        }
    }
}
