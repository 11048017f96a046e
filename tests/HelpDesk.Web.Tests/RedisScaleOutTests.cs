using System.Diagnostics;
using System.Net;
using AngleSharp.Html.Parser;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Agent.Tickets;
using HelpDesk.Web.Features.Live;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Tests;

/// <summary>
/// Two app instances on one PostgreSQL and one real redis-server (<see cref="TestRedis"/>): the live hub, presence,
/// typing and the public form's rate limit span both; a Redis restart resumes live updates without a reload.
/// </summary>
public sealed class RedisScaleOutTests(TestRedis redis) : IClassFixture<TestRedis>, IAsyncLifetime
{
    private const string Agent2Email = "agent2@demo.local";
    private const int PublicPosts = 3;
    private const int PresenceSeconds = 3;
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(1);

    private HelpDeskFactory _a = null!;
    private HelpDeskFactory _b = null!;
    private Dictionary<string, string> _settings = null!;
    private string _database = string.Empty;

    public async Task InitializeAsync()
    {
        var database = _database = await TestCluster.CreateDatabaseAsync();
        var settings = _settings = new Dictionary<string, string>
        {
            ["Redis:Configuration"] = redis.Configuration,
            ["Redis:PresenceSeconds"] = PresenceSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Security:PublicPostsPerMinute"] = PublicPosts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        _a = new HelpDeskFactory(database, settings: settings);
        _b = new HelpDeskFactory(database, settings: settings);
        _ = (_a.Server, _b.Server);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task An_agent_on_A_sees_presence_typing_and_a_reply_made_on_B_within_a_second()
    {
        var number = await UnroutedChatAsync();
        var agent2 = await ViewerAsync(Agent2Email);
        await using var onA = await LiveClient.ConnectAsync(_a, DemoSeeder.AgentEmail);
        await onA.Hub.InvokeAsync<TicketHub.LastChange>("Watch", number);
        await using var onB = await LiveClient.ConnectAsync(_b, Agent2Email);
        await _b.SendAsync(new Reply.Command(agent2, await UnroutedChatAsync(), "预热", Internal: true)); // first command of B: JIT, caches

        var clock = Stopwatch.StartNew();
        await onB.Hub.InvokeAsync<TicketHub.LastChange>("Watch", number);
        var people = await onA.Presence.WaitAsync(p => p.Contains(agent2.Name));
        Assert.True(clock.Elapsed < Live, $"presence took {clock.ElapsedMilliseconds} ms");

        clock.Restart();
        await onB.Hub.InvokeAsync("Typing", number);
        Assert.Equal(agent2.Name, await onA.Typing.WaitAsync(n => n == agent2.Name));
        Assert.True(clock.Elapsed < Live, $"typing took {clock.ElapsedMilliseconds} ms");

        clock.Restart();
        await _b.SendAsync(new Reply.Command(agent2, number, "您好，已为您催促快递。", Internal: false));
        var changed = await onA.Changed.WaitAsync(c => c.Number == number);
        Assert.True(clock.Elapsed < Live, $"the reply's notice took {clock.ElapsedMilliseconds} ms");
        Assert.Equal((agent2.Id, agent2.Name), (changed.ById, changed.By));
        Assert.Contains(await ViewerNameAsync(DemoSeeder.AgentEmail), people); // both are listed, whichever instance they are on
    }

    [Fact]
    public async Task The_viewers_of_an_instance_that_died_disappear_when_their_presence_expires()
    {
        var number = await UnroutedChatAsync();
        var group = TicketHub.TicketGroup(number);
        var agent2 = await ViewerAsync(Agent2Email);

        // An instance that crashed: it wrote its viewer's presence, then never renewed it and never said goodbye.
        var dead = RedisConnection.Connect(redis.Configuration, "helpdesk");
        var crashed = new RedisPresence(dead, TimeProvider.System, Options.Create(new RedisOptions { PresenceSeconds = PresenceSeconds }), NullLogger<RedisPresence>.Instance);
        await crashed.JoinAsync(group, "gone-connection", agent2.Id, agent2.Name);
        await dead.Multiplexer.CloseAsync();

        await using var onA = await LiveClient.ConnectAsync(_a, DemoSeeder.AgentEmail);
        await onA.Hub.InvokeAsync<TicketHub.LastChange>("Watch", number);
        Assert.Contains(agent2.Name, await onA.Presence.WaitAsync(p => p.Contains(agent2.Name)));

        var clock = Stopwatch.StartNew();
        var after = await onA.Presence.WaitAsync(p => !p.Contains(agent2.Name), TimeSpan.FromSeconds(PresenceSeconds * 3));
        Assert.Equal(new[] { await ViewerNameAsync(DemoSeeder.AgentEmail) }, after);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(PresenceSeconds * 2), $"gone after {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task The_public_forms_rate_limit_is_one_count_across_both_instances()
    {
        using var a = _a.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var b = _b.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        // Each instance alone would allow 3 a minute; together they allow 3.
        var statuses = new List<HttpStatusCode>();
        foreach (var client in new[] { a, b, a, b, a })
        {
            statuses.Add((await client.PostAsync("/complaints/new", new FormUrlEncodedContent(new Dictionary<string, string>()))).StatusCode);
        }

        Assert.All(statuses.Take(PublicPosts), s => Assert.NotEqual(HttpStatusCode.TooManyRequests, s));
        Assert.All(statuses.Skip(PublicPosts), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        var refused = await b.PostAsync("/complaints/new", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
    }

    [Fact]
    public async Task After_a_redis_restart_live_updates_resume_and_the_page_learns_what_it_missed()
    {
        var number = await UnroutedChatAsync();
        var agent2 = await ViewerAsync(Agent2Email);
        using var probe = _a.CreateClient();
        await using var onA = await LiveClient.ConnectAsync(_a, DemoSeeder.AgentEmail);
        var before = await onA.Hub.InvokeAsync<TicketHub.LastChange>("Watch", number);
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/ready")).StatusCode);

        await redis.StopAsync();
        await WaitUntilAsync(async () => (await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/live")).StatusCode);

        // Work goes on without Redis: the reply is saved; only its live notice is lost.
        await _b.SendAsync(new Reply.Command(agent2, number, "系统维护期间的回复", Internal: false));

        var restarted = Stopwatch.StartNew();
        await redis.StartAsync();
        await onA.Resync.WaitAsync(_ => true, TimeSpan.FromSeconds(30)); // the page is told to catch up
        var caughtUp = await onA.Hub.InvokeAsync<TicketHub.LastChange>("Watch", number);
        Assert.True(caughtUp.Id > before.Id, "the reconnected page sees the change it missed");
        Assert.Equal((agent2.Id, agent2.Name), (caughtUp.ById, caughtUp.By));

        using var probeB = _b.CreateClient();
        foreach (var instance in new[] { probe, probeB })
        {
            await WaitUntilAsync(async () => (await instance.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        }

        await _b.SendAsync(new Reply.Command(agent2, number, "恢复后的回复", Internal: false));
        await onA.Changed.WaitAsync(c => c.Number == number, TimeSpan.FromSeconds(30) - restarted.Elapsed);
        Assert.True(restarted.Elapsed < TimeSpan.FromSeconds(30), $"live again after {restarted.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task When_its_instance_goes_away_the_page_reconnects_to_another_and_learns_what_it_missed()
    {
        var number = await UnroutedChatAsync();
        var agent2 = await ViewerAsync(Agent2Email);
        var c = new HelpDeskFactory(_database, settings: _settings);
        var target = c; // what the load balancer sends new connections to

        await using var page = await LiveClient.ConnectAsync(() => target, DemoSeeder.AgentEmail);
        var before = await page.Hub.InvokeAsync<TicketHub.LastChange>("Watch", number);
        target = _b;
        await c.DisposeAsync(); // the instance stops; its connections drop
        await _b.SendAsync(new Reply.Command(agent2, number, "换了一台服务器后的回复", Internal: false));

        await page.Reconnected.WaitAsync(_ => true, TimeSpan.FromSeconds(30));
        var caughtUp = await page.Hub.InvokeAsync<TicketHub.LastChange>("Watch", number); // what live.js does on reconnect
        Assert.True(caughtUp.Id > before.Id);
        Assert.Equal(agent2.Name, caughtUp.By);
        await _a.SendAsync(new Reply.Command(agent2, number, "再次回复", Internal: false));
        await page.Changed.WaitAsync(ch => ch.Number == number); // live again, through B, for a change made on A
    }

    [Fact]
    public async Task A_customers_link_issued_on_A_opens_the_ticket_on_B()
    {
        var number = await UnroutedChatAsync();
        string url;
        await using (var scope = _a.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Data.HelpDeskDbContext>();
            var value = Ticket.TryParseNumber(number, out var n) ? n : throw new ArgumentException(number);
            var id = await db.Tickets.Where(t => t.Number == value).Select(t => t.Id).SingleAsync();
            url = scope.ServiceProvider.GetRequiredService<Features.Customers.CustomerLinks>().Issue(id, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        using var b = _b.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await b.GetAsync(new Uri(url).PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(number, new HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync()).Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stopping_instance_is_no_longer_ready_while_the_other_stays_ready()
    {
        await using var c = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync(), settings: new Dictionary<string, string> { ["Redis:Configuration"] = redis.Configuration });
        var ready = c.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Where(r => r.Tags.Contains("ready")).ToList();
        Assert.Equal(["database", "draining", "redis"], ready.Select(r => r.Name).Order());
        var draining = ready.Single(r => r.Name == "draining").Factory(c.Services);
        Assert.Equal(HealthStatus.Healthy, (await draining.CheckHealthAsync(new HealthCheckContext())).Status);

        c.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().StopApplication();

        Assert.Equal(HealthStatus.Unhealthy, (await draining.CheckHealthAsync(new HealthCheckContext())).Status);
        using var a = _a.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync("/health/ready")).StatusCode);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < timeout, $"not within {timeout.TotalSeconds} s");
            await Task.Delay(100);
        }
    }

    private Task<Viewer> ViewerAsync(string email) => _a.WithDbAsync(async db =>
    {
        var user = await db.Users.Where(u => u.Email == email).Select(u => new { u.Id, u.DisplayName }).SingleAsync();
        return new Viewer(user.Id, false, user.DisplayName);
    });

    private async Task<string> ViewerNameAsync(string email) => (await ViewerAsync(email)).Name;

    private Task<string> UnroutedChatAsync() => _a.WithDbAsync(async db =>
    {
        var customer = await db.Customers.OrderBy(c => c.Id).FirstAsync(c => c.Tier == CustomerTier.Regular);
        var ticket = Ticket.Open("在线咨询：物流", TicketCategory.Logistics, TicketPriority.Normal, Channel.Chat, customer.Id, customer.Name, "我的快递到哪了？", DateTimeOffset.UtcNow);
        db.Tickets.Add(ticket);
        await db.SaveChangesAsync();
        return ticket.DisplayNumber;
    });
}

/// <summary>
/// A live-hub client as the browser's live.js connects: WebSockets only, no negotiation (so any instance behind a
/// load balancer takes it), reconnecting by itself; what it hears is kept to wait for.
/// </summary>
public sealed class LiveClient : IAsyncDisposable
{
    private LiveClient(HubConnection hub) => Hub = hub;

    public HubConnection Hub { get; }

    public Inbox<IReadOnlyList<string>> Presence { get; } = new();

    public Inbox<string> Typing { get; } = new();

    public Inbox<(string Number, Guid? ById, string By)> Changed { get; } = new();

    public Inbox<string?> Reconnected { get; } = new();

    public Inbox<bool> Resync { get; } = new();

    public static Task<LiveClient> ConnectAsync(HelpDeskFactory app, string email) => ConnectAsync(() => app, email);

    /// <summary>Each (re)connection goes to the instance <paramref name="balancer"/> names then, as behind a load balancer.</summary>
    public static async Task<LiveClient> ConnectAsync(Func<HelpDeskFactory> balancer, string email)
    {
        var cookie = await SignInAsync(balancer(), email);
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(balancer().Server.BaseAddress, TicketHub.Path.TrimStart('/')), options =>
            {
                options.SkipNegotiation = true;
                options.Transports = HttpTransportType.WebSockets;
                options.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var client = balancer().Server.CreateWebSocketClient();
                    client.ConfigureRequest = request => request.Headers.Cookie = cookie;
                    return await client.ConnectAsync(context.Uri, cancellationToken);
                };
            })
            .WithAutomaticReconnect(new EverySecond())
            .Build();
        var live = new LiveClient(hub);
        hub.On<List<string>>("presence", people => live.Presence.Add(people));
        hub.On<string>("typing", name => live.Typing.Add(name));
        hub.On<string, Guid?, string>("ticketChanged", (number, byId, by) => live.Changed.Add((number, byId, by)));
        hub.On("resync", () => live.Resync.Add(true));
        hub.Reconnected += id =>
        {
            live.Reconnected.Add(id);
            return Task.CompletedTask;
        };
        await hub.StartAsync();
        return live;
    }

    public ValueTask DisposeAsync() => Hub.DisposeAsync();

    private static async Task<string> SignInAsync(HelpDeskFactory app, string email)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var form = await client.GetAsync("/account/login");
        var antiforgery = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = new HtmlParser().ParseDocument(await form.Content.ReadAsStringAsync()).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = DemoSeeder.Password, ["__RequestVerificationToken"] = token }),
        };
        post.Headers.Add("Cookie", antiforgery);
        var response = await client.SendAsync(post);
        return response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("helpdesk.auth=", StringComparison.Ordinal));
    }

    private sealed class EverySecond : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) => TimeSpan.FromMilliseconds(retryContext.PreviousRetryCount == 0 ? 0 : 1000);
    }
}

/// <summary>Messages as they arrive, and a wait for the first (from now on or already here) that matches.</summary>
public sealed class Inbox<T>
{
    private readonly List<T> _items = [];
    private int _taken;

    public void Add(T item)
    {
        lock (_items)
        {
            _items.Add(item);
        }
    }

    /// <summary>The first message not yet waited for that matches; waits up to <paramref name="timeout"/> (default 5 s).</summary>
    public async Task<T> WaitAsync(Func<T, bool> match, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            lock (_items)
            {
                for (var i = _taken; i < _items.Count; i++)
                {
                    if (match(_items[i]))
                    {
                        _taken = i + 1;
                        return _items[i];
                    }
                }
            }

            if (deadline.Elapsed > (timeout ?? TimeSpan.FromSeconds(5)))
            {
                throw new TimeoutException($"no matching {typeof(T).Name} within {(timeout ?? TimeSpan.FromSeconds(5)).TotalSeconds} s");
            }

            await Task.Delay(10);
        }
    }
}
