using System.Net;
using AngleSharp.Html.Parser;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Tests;

/// <summary>Routing, authorization per folder, antiforgery, status codes and error pages, over HTTP.</summary>
public sealed class HttpTests(AppFixture app) : IClassFixture<AppFixture>
{
    public static readonly TheoryData<string> ProtectedPages = new() { "/agent/tickets", "/agent/tickets/hd-100001", "/supervisor", "/admin", "/analytics" };

    [Theory]
    [MemberData(nameof(ProtectedPages))]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string url)
    {
        var response = await app.Client().GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login?ReturnUrl=", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DemoSeeder.AgentEmail, "/supervisor")]
    [InlineData(DemoSeeder.AgentEmail, "/supervisor/approvals")]
    [InlineData(DemoSeeder.AgentEmail, "/admin")]
    [InlineData(DemoSeeder.SupervisorEmail, "/admin")]
    [InlineData(DemoSeeder.AdminEmail, "/agent/tickets")]
    [InlineData(DemoSeeder.AdminEmail, "/supervisor")]
    [InlineData(DemoSeeder.AgentEmail, "/analytics")]
    [InlineData(DemoSeeder.AnalystEmail, "/agent/tickets")]
    [InlineData(DemoSeeder.AnalystEmail, "/agent/tickets/hd-100001")]
    [InlineData(DemoSeeder.AnalystEmail, "/supervisor")]
    [InlineData(DemoSeeder.AnalystEmail, "/admin")]
    [InlineData(DemoSeeder.AnalystEmail, "/knowledge")]
    public async Task The_wrong_role_gets_a_403_page(string email, string url)
    {
        var client = await app.SignedInClientAsync(email);

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("无权访问", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DemoSeeder.AgentEmail, "/agent/tickets", "/agent/tickets")]
    [InlineData(DemoSeeder.SupervisorEmail, "/supervisor", "/agent/tickets")]
    [InlineData(DemoSeeder.AdminEmail, "/admin", "/analytics")]
    [InlineData(DemoSeeder.AnalystEmail, "/analytics", "/analytics")]
    public async Task Each_role_lands_on_its_start_page_and_opens_its_folders(string email, string landing, string allowed)
    {
        var client = app.Client();
        var login = await AppFixture.PostFormAsync(client, "/account/login", new() { ["Input.Email"] = email, ["Input.Password"] = DemoSeeder.Password });

        Assert.Equal(landing, login.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(landing)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(allowed)).StatusCode);
    }

    [Fact]
    public async Task Sign_in_returns_to_a_local_return_url_but_never_to_another_site()
    {
        var client = app.Client();
        var local = await AppFixture.PostFormAsync(client, "/account/login?ReturnUrl=%2Fagent%2Ftickets%2Fhd-100002", new() { ["Input.Email"] = DemoSeeder.AgentEmail, ["Input.Password"] = DemoSeeder.Password, ["ReturnUrl"] = "/agent/tickets/hd-100002" });
        Assert.Equal("/agent/tickets/hd-100002", local.Headers.Location!.OriginalString);

        var other = await AppFixture.PostFormAsync(app.Client(), "/account/login", new() { ["Input.Email"] = DemoSeeder.AgentEmail, ["Input.Password"] = DemoSeeder.Password, ["ReturnUrl"] = "https://evil.example/" });
        Assert.Equal("/agent/tickets", other.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_message()
    {
        var wrongPassword = await LoginPageErrorAsync("agent3@demo.local", "not-the-password");
        var unknownUser = await LoginPageErrorAsync("nobody@demo.local", "not-the-password");

        Assert.Equal("邮箱或密码不正确。（多次失败后请稍候再试。）", wrongPassword);
        Assert.Equal(wrongPassword, unknownUser);
    }

    [Fact]
    public async Task The_password_is_typed_hidden_and_never_sent_back_in_the_page()
    {
        var response = await AppFixture.PostFormAsync(app.Client(), "/account/login", new() { ["Input.Email"] = "agent3@demo.local", ["Input.Password"] = "Secret-Typed-123" });
        var html = await response.Content.ReadAsStringAsync();
        var document = new HtmlParser().ParseDocument(html);

        Assert.Equal("password", document.QuerySelector("#Input_Password")!.GetAttribute("type"));
        Assert.DoesNotContain("Secret-Typed-123", html, StringComparison.Ordinal);
    }


    [Fact]
    public async Task Empty_fields_get_per_field_messages_and_the_email_is_kept()
    {
        var response = await AppFixture.PostFormAsync(app.Client(), "/account/login", new() { ["Input.Email"] = "agent@demo.local", ["Input.Password"] = "" });
        var document = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("请输入密码。", document.QuerySelector("[data-valmsg-for='Input.Password']")!.TextContent.Trim());
        Assert.Equal("agent@demo.local", document.QuerySelector("#Input_Email")!.GetAttribute("value"));
    }

    [Fact]
    public async Task A_post_without_an_antiforgery_token_is_refused()
    {
        var response = await app.Client().PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = DemoSeeder.AgentEmail,
            ["Input.Password"] = DemoSeeder.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Sign_out_is_a_post_and_ends_the_session()
    {
        var client = await app.SignedInClientAsync(DemoSeeder.AgentEmail);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/account/logout")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/agent/tickets")).StatusCode);

        await AppFixture.PostFormAsync(client, "/account/logout", [], formPage: "/agent/tickets");

        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/agent/tickets")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_ticket_number_is_a_404_page_in_the_users_language()
    {
        var client = await app.SignedInClientAsync(DemoSeeder.AgentEmail);

        var chinese = await client.GetAsync("/agent/tickets/hd-999999999");
        Assert.Equal(HttpStatusCode.NotFound, chinese.StatusCode);
        Assert.Contains("页面不存在", await chinese.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await AppFixture.PostFormAsync(client, "/culture", new() { ["culture"] = "en", ["returnUrl"] = "/agent/tickets" }, formPage: "/agent/tickets");
        var english = await client.GetAsync("/agent/tickets/hd-999999999");
        Assert.Equal(HttpStatusCode.NotFound, english.StatusCode);
        Assert.Contains("Page not found", await english.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_language_switch_remembers_the_choice_and_returns_to_the_page()
    {
        var client = await app.SignedInClientAsync(DemoSeeder.AgentEmail);
        Assert.Contains("工单队列", await client.GetStringAsync("/agent/tickets"), StringComparison.Ordinal);

        var response = await AppFixture.PostFormAsync(client, "/culture", new() { ["culture"] = "en", ["returnUrl"] = "/agent/tickets" }, formPage: "/agent/tickets");

        Assert.Equal("/agent/tickets", response.Headers.Location!.OriginalString);
        var page = await client.GetStringAsync("/agent/tickets");
        Assert.Contains("Ticket queue", page, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_page_is_a_404_and_the_browser_language_is_honoured()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/page");
        request.Headers.AcceptLanguage.ParseAdd("en-US,en;q=0.9");

        var response = await app.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_endpoints_answer_and_pages_carry_security_headers()
    {
        var client = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());

        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var csp = string.Join(";", home.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", home.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task The_live_hub_is_for_signed_in_agents_only()
    {
        var anonymous = await app.Client().PostAsync("/hubs/tickets/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var admin = await (await app.SignedInClientAsync(DemoSeeder.AdminEmail)).PostAsync("/hubs/tickets/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);

        var agent = await (await app.SignedInClientAsync(DemoSeeder.AgentEmail)).PostAsync("/hubs/tickets/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.OK, agent.StatusCode);
    }

    [Fact]
    public async Task Customer_text_is_shown_encoded_never_as_markup()
    {
        var number = await app.WithDbAsync(async db =>
        {
            var customer = await db.Customers.FirstAsync();
            var ticket = Ticket.Open("<script>alert('x')</script>", TicketCategory.Logistics, TicketPriority.Low, Channel.Email, customer.Id, customer.Name, "<img src=x onerror=alert(1)>", DateTimeOffset.UtcNow);
            db.Tickets.Add(ticket);
            await db.SaveChangesAsync();
            return ticket.DisplayNumber.ToLowerInvariant();
        });
        var client = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);

        var html = await client.GetStringAsync($"/agent/tickets/{number}");

        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
    }

    private async Task<string> LoginPageErrorAsync(string email, string password)
    {
        var response = await AppFixture.PostFormAsync(app.Client(), "/account/login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        return document.QuerySelector("#login-error li")?.TextContent.Trim() ?? string.Empty;
    }
}

/// <summary>Outside Development an unhandled failure is a friendly page, never a stack trace.</summary>
public sealed class ProductionErrorTests : IAsyncLifetime
{
    private HelpDeskFactory _app = null!;

    public async Task InitializeAsync()
    {
        // A database with no schema: signing in fails inside Identity's queries.
        var empty = await TestCluster.CreateEmptyDatabaseAsync();
        _app = new HelpDeskFactory(empty, environment: "Production", settings: new Dictionary<string, string> { ["Database:MigrateOnStartup"] = "false", ["HelpDesk:PublicBaseUrl"] = "https://help.example.com" });
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_server_error_shows_the_error_page_without_a_stack_trace()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await AppFixture.PostFormAsync(client, "/account/login", new() { ["Input.Email"] = DemoSeeder.AgentEmail, ["Input.Password"] = DemoSeeder.Password });
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("抱歉，出了点问题", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }
}

/// <summary>Sign-in attempts are rate-limited per client; the limit answers with a friendly 429 page.</summary>
public sealed class SignInRateLimitTests : IAsyncLifetime
{
    private HelpDeskFactory _app = null!;

    public async Task InitializeAsync() =>
        _app = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync(), settings: new Dictionary<string, string> { ["Security:SignInAttemptsPerMinute"] = "3" });

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_fourth_attempt_in_a_minute_gets_a_429_page_while_the_form_still_shows()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        for (var i = 0; i < 3; i++)
        {
            var attempt = await AppFixture.PostFormAsync(client, "/account/login", new() { ["Input.Email"] = "agent5@demo.local", ["Input.Password"] = "wrong" });
            Assert.Equal(HttpStatusCode.OK, attempt.StatusCode);
        }

        var limited = await AppFixture.PostFormAsync(client, "/account/login", new() { ["Input.Email"] = "agent5@demo.local", ["Input.Password"] = "wrong" });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("操作太频繁", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
    }
}

/// <summary>The customers' public forms are rate-limited per address: a friendly 429 page, the forms still show.</summary>
public sealed class PublicRateLimitTests : IAsyncLifetime
{
    private HelpDeskFactory _app = null!;

    public async Task InitializeAsync() =>
        _app = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync(), settings: new Dictionary<string, string> { ["Security:PublicPostsPerMinute"] = "2" });

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_third_link_request_in_a_minute_gets_a_429_page()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await AppFixture.PostFormAsync(client, "/t", new() { ["Input.Number"] = "HD-100001", ["Input.Contact"] = "a@b.cn" })).StatusCode);
        }

        var limited = await AppFixture.PostFormAsync(client, "/t", new() { ["Input.Number"] = "HD-100001", ["Input.Contact"] = "a@b.cn" });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("操作太频繁", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(limited.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/complaints/new")).StatusCode);
    }
}
