using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Live;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HelpDesk.Web.Tests;

/// <summary>
/// The topology of docker-compose.yml on this machine: a real nginx balancing two app instances (real Kestrel ports)
/// on one PostgreSQL and one redis-server, and Chromium signing in through nginx. Requests land on both instances;
/// two agents whose live connections are on different instances see each other, typing and a change.
/// </summary>
public sealed class NginxBrowserTests(TestRedis redis) : IClassFixture<TestRedis>, IAsyncLifetime
{
    private readonly List<HelpDeskFactory> _instances = [];
    private TestNginx _nginx = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        var database = await TestCluster.CreateDatabaseAsync();
        for (var i = 0; i < 2; i++)
        {
            var instance = new HelpDeskFactory(database, settings: new Dictionary<string, string> { ["Redis:Configuration"] = redis.Configuration, ["Redis:PresenceSeconds"] = "5" });
            instance.UseKestrel(0);
            instance.StartServer();
            _instances.Add(instance);
        }

        _nginx = await TestNginx.StartAsync(_instances.Select(i => i.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()));
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
        await _nginx.DisposeAsync();
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_agents_behind_nginx_on_different_instances_see_each_other_typing_and_changes()
    {
        var number = await UnroutedChatAsync();
        var url = $"/agent/tickets/{number.ToLowerInvariant()}";
        var upstreams = new HashSet<string>();
        var (alice, aliceErrors) = await PageAsync(upstreams);
        var (bob, bobErrors) = await PageAsync(upstreams);
        await BrowserFixture.SignInAsync(alice, DemoSeeder.AgentEmail); // the form from one instance, the post to the other
        await BrowserFixture.SignInAsync(bob, "agent2@demo.local");
        await alice.GotoAsync(url);
        await Assertions.Expect(alice.Locator("body[data-live=connected]")).ToHaveCountAsync(1);

        // Bob's live connection on the instance Alice's is not on (round robin: a reload moves it).
        for (var attempt = 0; attempt < 8; attempt++)
        {
            await bob.GotoAsync(url);
            await Assertions.Expect(bob.Locator("body[data-live=connected]")).ToHaveCountAsync(1);
            if (await WaitForConnectionsAsync(2) && Connections().All(c => c == 1))
            {
                break;
            }
        }

        Assert.Equal([1, 1], Connections());
        Assert.True(upstreams.Count >= 2, $"all requests went to {string.Join(", ", upstreams)}");
        var bobName = await bob.Locator("#nav-user").InnerTextAsync();

        await Assertions.Expect(alice.Locator("#presence")).ToContainTextAsync(bobName);
        await bob.Locator("#Reply_Body").PressSequentiallyAsync("我来看看");
        await Assertions.Expect(alice.Locator("#presence")).ToContainTextAsync("正在输入");
        await bob.SelectOptionAsync("#Input_Priority", "Urgent");
        await bob.ClickAsync("#save-ticket");
        await Assertions.Expect(bob.Locator("#flash")).ToHaveTextAsync("工单已保存。");
        await Assertions.Expect(alice.Locator("#changed-notice")).ToBeVisibleAsync();
        await Assertions.Expect(alice.Locator("#changed-notice")).ToContainTextAsync(bobName);
        Assert.Empty(aliceErrors);
        Assert.Empty(bobErrors);
    }

    private List<int> Connections() => _instances.Select(i => i.Services.GetRequiredService<LiveConnections>().Ids.Count).ToList();

    private async Task<bool> WaitForConnectionsAsync(int total)
    {
        for (var i = 0; i < 50 && Connections().Sum() != total; i++)
        {
            await Task.Delay(100);
        }

        return Connections().Sum() == total;
    }

    private async Task<(IPage Page, List<string> Errors)> PageAsync(HashSet<string> upstreams)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _nginx.BaseUrl, Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        page.Response += (_, response) =>
        {
            if (response.Headers.TryGetValue("x-helpdesk-upstream", out var upstream))
            {
                lock (upstreams)
                {
                    upstreams.Add(upstream);
                }
            }
        };
        return (page, errors);
    }

    private Task<string> UnroutedChatAsync() => _instances[0].WithDbAsync(async db =>
    {
        var customer = await db.Customers.OrderBy(c => c.Id).FirstAsync(c => c.Tier == CustomerTier.Regular);
        var ticket = Ticket.Open("在线咨询：物流", TicketCategory.Logistics, TicketPriority.Normal, Channel.Chat, customer.Id, customer.Name, "我的快递到哪了？", DateTimeOffset.UtcNow);
        db.Tickets.Add(ticket);
        await db.SaveChangesAsync();
        return ticket.DisplayNumber;
    });
}
