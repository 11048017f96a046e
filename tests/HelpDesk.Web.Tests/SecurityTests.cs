using System.Diagnostics;
using System.Net;
using AngleSharp.Html.Parser;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Tests;

/// <summary>Sessions end when they should: sign-out (a copied cookie too), a new password, changed roles, deactivation.</summary>
public sealed class SessionTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Signing_out_ends_a_copied_session_cookie_too()
    {
        var cookie = await app.AuthCookieAsync("agent6@demo.local");
        var copy = WithCookie(cookie);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/agent/tickets")).StatusCode);
        var owner = app.Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var get = new HttpRequestMessage(HttpMethod.Get, "/agent/tickets");
        get.Headers.Add("Cookie", cookie);
        var page = await owner.SendAsync(get);
        var token = new HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync()).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var signOut = new HttpRequestMessage(HttpMethod.Post, "/account/logout") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }) };
        signOut.Headers.Add("Cookie", $"{cookie}; {string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]))}");

        Assert.Equal(HttpStatusCode.Redirect, (await owner.SendAsync(signOut)).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await copy.GetAsync("/agent/tickets")).StatusCode);
    }

    [Theory]
    [InlineData("password")]
    [InlineData("role")]
    [InlineData("deactivation")]
    public async Task A_new_password_changed_roles_or_deactivation_end_every_session(string change)
    {
        var email = change switch { "password" => "agent7@demo.local", "role" => "agent8@demo.local", _ => "agent9@demo.local" };
        var session = WithCookie(await app.AuthCookieAsync(email));
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/agent/tickets")).StatusCode);

        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            var result = change switch
            {
                "password" => await users.ChangePasswordAsync(user, DemoSeeder.Password, "Another-Password-2026"),
                "role" => await users.AddToRoleAsync(user, Roles.Supervisor),
                _ => await Deactivate(users, user),
            };
            Assert.True(result.Succeeded);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/agent/tickets")).StatusCode);
        if (change == "deactivation")
        {
            var response = await AppFixture.PostFormAsync(app.Client(), "/account/login", new() { ["Input.Email"] = email, ["Input.Password"] = DemoSeeder.Password });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the form again, not a redirect into the app
        }
    }

    private static Task<IdentityResult> Deactivate(UserManager<StaffUser> users, StaffUser user)
    {
        user.IsActive = false;
        return users.UpdateAsync(user);
    }

    /// <summary>A client that carries exactly this cookie (a copy of someone's session), nothing it is given later.</summary>
    private HttpClient WithCookie(string cookie)
    {
        var client = app.Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }
}

/// <summary>
/// Sign-in behind a trusted proxy (127.0.0.1; each test client says who it is with X-Forwarded-For): failures reveal
/// nothing and slow down whoever fails, not the owner.
/// </summary>
public sealed class SignInProtectionTests : IAsyncLifetime
{
    private HelpDeskFactory _app = null!;

    public async Task InitializeAsync() => _app = new HelpDeskFactory(
        await TestCluster.CreateDatabaseAsync(),
        services: s => s.AddSingleton<IStartupFilter, BehindLoopbackProxy>(),
        settings: new Dictionary<string, string> { ["Security:TrustedProxies:0"] = "127.0.0.1" });

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Every_failure_gets_the_same_message_and_takes_about_as_long()
    {
        await DeactivateAsync("agent10@demo.local");
        var cases = new[] { ("nobody-here@demo.local", "wrong-password"), ("agent11@demo.local", "wrong-password"), ("agent10@demo.local", DemoSeeder.Password) };
        var ip = 0;
        await LoginAsync("warm-up@demo.local", "x", $"10.0.0.{++ip}");

        // Round-robin, so a burst of load from the tests running beside this one falls on every case alike.
        var samples = cases.Select(_ => new List<double>()).ToArray();
        var messages = new HashSet<string>();
        for (var round = 0; round < 7; round++)
        {
            for (var c = 0; c < cases.Length; c++)
            {
                var started = Stopwatch.GetTimestamp();
                var (status, message) = await LoginAsync(cases[c].Item1, cases[c].Item2, $"10.0.0.{++ip}");
                samples[c].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Assert.Equal(HttpStatusCode.OK, status);
                messages.Add(message);
            }
        }

        var timings = samples.Select(s => s.Order().ElementAt(3)).ToList(); // medians

        Assert.Equal(["邮箱或密码不正确。（多次失败后请稍候再试。）"], messages);
        // An unknown e-mail and a deactivated account cost the same password hashing as a wrong password.
        Assert.True(timings.Max() < 3 * timings.Min(), $"medians {string.Join(" / ", timings.Select(t => $"{t:0} ms"))}");
    }

    [Fact]
    public async Task Failures_block_the_address_that_fails_with_a_back_off_and_never_the_owner_elsewhere()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await LoginAsync("agent12@demo.local", "guess-" + i, "10.1.0.1")).Status);
        }

        var blocked = await PostLoginAsync("agent12@demo.local", DemoSeeder.Password, "10.1.0.1");
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.InRange(int.Parse(blocked.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Contains("尝试次数太多", await blocked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var owner = await PostLoginAsync("agent12@demo.local", DemoSeeder.Password, "10.1.0.2");
        Assert.Equal(HttpStatusCode.Redirect, owner.StatusCode);
    }

    [Fact]
    public async Task An_address_that_tries_many_accounts_is_blocked_for_all_of_them()
    {
        for (var i = 0; i < 20; i++)
        {
            await LoginAsync($"spray{i}@demo.local", "Password123", "10.2.0.1");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostLoginAsync(DemoSeeder.SupervisorEmail, DemoSeeder.Password, "10.2.0.1")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostLoginAsync(DemoSeeder.SupervisorEmail, DemoSeeder.Password, "10.2.0.2")).StatusCode);
    }

    [Fact]
    public async Task Failures_from_everywhere_lock_the_account_until_its_owner_opens_it_with_the_mailed_link()
    {
        const string email = "agent5@demo.local";
        for (var i = 0; i < Authentication.LockoutAfterFailures; i++)
        {
            await LoginAsync(email, "botnet-guess", $"10.3.{i / 200}.{i % 200 + 1}");
        }

        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, DemoSeeder.Password, "10.3.9.9")).Status); // locked: the form again
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        var sent = await AppFixture.PostFormAsync(client, "/account/unlock", new() { ["Email"] = email });
        Assert.Contains("解锁链接已发送", await sent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var body = await _app.WithDbAsync(db => db.OutboxMessages.Where(o => o.ToAddress == email).OrderByDescending(o => o.Id).Select(o => o.Body).FirstAsync());
        var link = body.Split('\n').Single(l => l.Contains("/account/unlock?", StringComparison.Ordinal)).Trim();
        Assert.StartsWith("http://localhost", link, StringComparison.Ordinal);

        var opened = await client.GetAsync(new Uri(link).PathAndQuery);
        Assert.Contains("账户已解锁", await opened.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(new Uri(link).PathAndQuery)).StatusCode); // once
        Assert.Equal(HttpStatusCode.Redirect, (await PostLoginAsync(email, DemoSeeder.Password, "10.3.9.9")).StatusCode);
    }

    private Task<int> DeactivateAsync(string email) => _app.WithDbAsync(db => db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsActive, false)));

    private async Task<(HttpStatusCode Status, string Message)> LoginAsync(string email, string password, string address)
    {
        var response = await PostLoginAsync(email, password, address);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, page.QuerySelector("#login-error li")?.TextContent.Trim() ?? string.Empty);
    }

    private async Task<HttpResponseMessage> PostLoginAsync(string email, string password, string address)
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        var form = new HtmlParser().ParseDocument(await client.GetStringAsync("/account/login"));
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password, ["__RequestVerificationToken"] = token }),
        };
        request.Headers.Add("X-Forwarded-For", address);
        return await client.SendAsync(request);
    }
}

/// <summary>Without trusted proxies, X-Forwarded-For is ignored: nobody escapes the throttle by naming another address.</summary>
public sealed class UntrustedForwardingTests : IAsyncLifetime
{
    private HelpDeskFactory _app = null!;

    public async Task InitializeAsync() => _app = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync(), services: s => s.AddSingleton<IStartupFilter, BehindLoopbackProxy>());

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_forged_forwarded_address_does_not_reset_the_throttle()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        HttpResponseMessage? last = null;
        for (var i = 0; i < 6; i++)
        {
            var form = new HtmlParser().ParseDocument(await client.GetStringAsync("/account/login"));
            using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Input.Email"] = "agent4@demo.local", ["Input.Password"] = "guess", ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
                }),
            };
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            last = await client.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
    }
}

/// <summary>Links in e-mails never point at a host somebody put in a request.</summary>
public sealed class LinkHostTests : IAsyncLifetime
{
    private string _database = string.Empty;

    public async Task InitializeAsync() => _database = await TestCluster.CreateDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Find_my_ticket_with_a_foreign_host_header_mails_a_link_to_this_desk_not_to_that_host()
    {
        using var app = new HelpDeskFactory(_database);
        var body = await RequestLinkAsync(app, host: "evil.example");

        Assert.DoesNotContain("evil.example", body, StringComparison.Ordinal);
        Assert.Contains(PublicAddress.Fallback + "/t/", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_public_base_url_every_link_points_there()
    {
        using var app = new HelpDeskFactory(_database, settings: new Dictionary<string, string> { ["HelpDesk:PublicBaseUrl"] = "https://help.example.com/" });
        var body = await RequestLinkAsync(app, host: "evil.example");

        Assert.Contains("https://help.example.com/t/", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_development_the_app_does_not_start_without_a_public_base_url()
    {
        using var app = new HelpDeskFactory(_database, environment: "Production", settings: new Dictionary<string, string> { ["Database:MigrateOnStartup"] = "false" });

        var refused = Assert.ThrowsAny<OptionsValidationException>(() => app.CreateClient());
        Assert.Contains("HelpDesk:PublicBaseUrl", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_production_the_session_cookie_is_secure()
    {
        using var app = new HelpDeskFactory(_database, environment: "Production", settings: new Dictionary<string, string>
        {
            ["Database:MigrateOnStartup"] = "false", ["HelpDesk:PublicBaseUrl"] = "https://help.example.com",
        });
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var form = await client.GetAsync("/account/login");
        var token = new HtmlParser().ParseDocument(await form.Content.ReadAsStringAsync()).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = DemoSeeder.AgentEmail, ["Input.Password"] = DemoSeeder.Password, ["__RequestVerificationToken"] = token }),
        };
        post.Headers.Add("Cookie", string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));

        var signedIn = await client.SendAsync(post);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("helpdesk.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Asks for the link of a demo ticket with its customer's e-mail, under <paramref name="host"/>; returns the mail's body.</summary>
    private static async Task<string> RequestLinkAsync(HelpDeskFactory app, string host)
    {
        var (number, email) = await app.WithDbAsync(async db => await db.Tickets
            .Join(db.CustomerContacts.Where(c => c.Kind == Domain.Customers.ContactKind.Email), t => t.CustomerId, c => c.CustomerId, (t, c) => new { t.Number, c.Value })
            .OrderBy(x => x.Number).Select(x => new ValueTuple<long, string>(x.Number, x.Value)).FirstAsync());
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Host = host;
        var response = await AppFixture.PostFormAsync(client, "/t", new() { ["Input.Number"] = Ticket.FormatNumber(number), ["Input.Contact"] = email });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await app.WithDbAsync(db => db.OutboxMessages.Where(o => o.ToAddress == email).OrderByDescending(o => o.Id).Select(o => o.Body).FirstAsync());
    }
}

/// <summary>Test requests come from this machine, as through a reverse proxy on it (the test server leaves the address empty).</summary>
internal sealed class BehindLoopbackProxy : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress ??= IPAddress.Loopback;
            return nextMiddleware(context);
        });
        next(app);
    };
}
