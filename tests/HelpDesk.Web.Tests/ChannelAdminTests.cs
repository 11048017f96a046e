using System.Globalization;
using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Channels;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpDesk.Web.Tests;

/// <summary>The app with an IM secret and a mailbox in appsettings (the mailbox on a real Dovecot), and a test clock.</summary>
public sealed class ChannelAdminFixture : IAsyncLifetime
{
    public const string ConfiguredSecret = "configured-im-secret-0123456789ab";

    public FakeTimeProvider Clock { get; } = TestClock.At(DateTimeOffset.UtcNow);

    public MailServers Mail { get; } = new();

    public HelpDeskFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Mail.InitializeAsync();
        App = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync(), services: s => s.AddSingleton<TimeProvider>(Clock), settings: new Dictionary<string, string>
        {
            ["HelpDesk:Channels:Im:WebhookSecret"] = ConfiguredSecret,
            ["HelpDesk:Channels:Mail:Mailboxes:0:Name"] = "service",
            ["HelpDesk:Channels:Mail:Mailboxes:0:Address"] = "service@shop.example.cn",
            ["HelpDesk:Channels:Mail:Mailboxes:0:Host"] = "127.0.0.1",
            ["HelpDesk:Channels:Mail:Mailboxes:0:Port"] = Mail.ImapPort.ToString(CultureInfo.InvariantCulture),
            ["HelpDesk:Channels:Mail:Mailboxes:0:Security"] = "None",
            ["HelpDesk:Channels:Mail:Mailboxes:0:User"] = MailServers.User,
            ["HelpDesk:Channels:Mail:Mailboxes:0:Password"] = MailServers.Password,
            ["HelpDesk:Channels:Mail:Mailboxes:1:Name"] = "wrong",
            ["HelpDesk:Channels:Mail:Mailboxes:1:Address"] = "wrong@shop.example.cn",
            ["HelpDesk:Channels:Mail:Mailboxes:1:Host"] = "127.0.0.1",
            ["HelpDesk:Channels:Mail:Mailboxes:1:Port"] = Mail.ImapPort.ToString(CultureInfo.InvariantCulture),
            ["HelpDesk:Channels:Mail:Mailboxes:1:Security"] = "None",
            ["HelpDesk:Channels:Mail:Mailboxes:1:User"] = MailServers.User,
            ["HelpDesk:Channels:Mail:Mailboxes:1:Password"] = "not-the-password",
        });
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Mail.DisposeAsync();
    }

    public async Task<HttpClient> SignedInAsync(string email)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await AppFixture.PostFormAsync(client, "/account/login", new() { ["Input.Email"] = email, ["Input.Password"] = DemoSeeder.Password })).StatusCode);
        return client;
    }
}

/// <summary>/admin/channels: admins only; secrets stored encrypted, shown once, rotated with a grace period; WeChat credentials; mailbox connection test.</summary>
public sealed class ChannelAdminTests(ChannelAdminFixture fixture) : IClassFixture<ChannelAdminFixture>
{
    private const string Page = "/admin/channels";

    private async Task<HttpStatusCode> ImAsync(string secret)
    {
        var raw = JsonSerializer.SerializeToUtf8Bytes(new { version = 1, id = "m-" + Guid.NewGuid().ToString("N"), sender = new { id = "u-admin-test" }, text = "你好" });
        var at = fixture.Clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/channels/im/shopapp") { Content = new ByteArrayContent(raw) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(WebhookSignature.TimestampHeader, at.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, at, raw));
        using var client = fixture.App.CreateClient();
        return (await client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task Only_admins_open_the_page_and_rotate()
    {
        var anonymous = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync(Page)).StatusCode);
        foreach (var email in new[] { DemoSeeder.AgentEmail, DemoSeeder.SupervisorEmail })
        {
            var staff = await fixture.SignedInAsync(email);
            Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync(Page)).StatusCode);
            var rotate = await AppFixture.PostFormAsync(staff, Page + "?handler=Rotate&name=im-webhook", [], formPage: "/agent/tickets");
            Assert.Equal(HttpStatusCode.Forbidden, rotate.StatusCode);
        }

        Assert.Equal(0, await fixture.App.WithDbAsync(db => db.Set<ChannelSecret>().CountAsync(s => s.Name == ChannelSecrets.MailWebhook)));
        Assert.Equal(HttpStatusCode.OK, (await (await fixture.SignedInAsync(DemoSeeder.AdminEmail)).GetAsync(Page)).StatusCode);
    }

    [Fact]
    public async Task A_rotated_secret_is_shown_once_stored_encrypted_and_the_old_one_works_for_the_grace_period_only()
    {
        var admin = await fixture.SignedInAsync(DemoSeeder.AdminEmail);
        var answer = await AppFixture.PostFormAsync(admin, Page + "?handler=Rotate&name=im-webhook", [], formPage: Page);
        var secret = new HtmlParser().ParseDocument(await answer.Content.ReadAsStringAsync()).QuerySelector("#secret-value")!.TextContent.Trim();

        Assert.True(secret.Length >= 40);
        Assert.DoesNotContain(secret, await admin.GetStringAsync(Page), StringComparison.Ordinal);
        var stored = await fixture.App.WithDbAsync(db => db.Set<ChannelSecret>().AsNoTracking().SingleAsync(s => s.Name == ChannelSecrets.ImWebhook));
        Assert.DoesNotContain(secret, stored.Protected, StringComparison.Ordinal);
        Assert.DoesNotContain(ChannelAdminFixture.ConfiguredSecret, stored.PreviousProtected!, StringComparison.Ordinal);
        var rawRow = await fixture.App.WithDbAsync(db => db.Database.SqlQuery<string>($"SELECT protected || coalesce(previous_protected, '') AS \"Value\" FROM channel_secrets WHERE name = 'im-webhook'").SingleAsync());
        Assert.DoesNotContain(secret, rawRow, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, await ImAsync(secret));
        Assert.Equal(HttpStatusCode.OK, await ImAsync(ChannelAdminFixture.ConfiguredSecret));
        Assert.Equal(HttpStatusCode.Unauthorized, await ImAsync("never-was-a-secret-000000000000000"));
        fixture.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, await ImAsync(ChannelAdminFixture.ConfiguredSecret));
        Assert.Equal(HttpStatusCode.OK, await ImAsync(secret));
    }

    [Fact]
    public async Task WeChat_credentials_are_checked_per_field_stored_encrypted_win_over_appsettings_and_are_never_shown()
    {
        var admin = await fixture.SignedInAsync(DemoSeeder.AdminEmail);
        var bad = await AppFixture.PostFormAsync(admin, Page + "?handler=WeChat", new() { ["WeChat.Token"] = "tok", ["WeChat.EncodingAesKey"] = "short" }, formPage: Page);
        var page = new HtmlParser().ParseDocument(await bad.Content.ReadAsStringAsync());
        Assert.Contains("43", page.QuerySelector("[data-valmsg-for='WeChat.EncodingAesKey']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await fixture.App.WithDbAsync(db => db.Set<ChannelSecret>().CountAsync(s => s.Name.StartsWith("wechat"))));
        var empty = await AppFixture.PostFormAsync(admin, Page + "?handler=WeChat", [], formPage: Page);
        Assert.Contains("请至少填写一项", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        const string token = "StoredToken2026";
        const string aes = "Q1w2E3r4T5y6U7i8O9p0AaSsDdFfGgHhJjKkLlZzXxC";
        var saved = await AppFixture.PostFormAsync(admin, Page + "?handler=WeChat", new() { ["WeChat.AppId"] = "wxstored0001", ["WeChat.Token"] = token, ["WeChat.EncodingAesKey"] = aes }, formPage: Page);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var html = await admin.GetStringAsync(Page);
        Assert.DoesNotContain(token, html, StringComparison.Ordinal);
        Assert.DoesNotContain(aes, html, StringComparison.Ordinal);
        var rows = await fixture.App.WithDbAsync(db => db.Database.SqlQuery<string>($"SELECT protected AS \"Value\" FROM channel_secrets WHERE name LIKE 'wechat%'").ToListAsync());
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.True(!r.Contains(token, StringComparison.Ordinal) && !r.Contains(aes, StringComparison.Ordinal)));

        // The stored token is the one WeChat's handshake is checked against now (there was none in appsettings: 404 before).
        var ts = fixture.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var client = fixture.App.CreateClient();
        var echo = await client.GetAsync($"/api/v1/channels/wechat?signature={HelpDesk.Domain.Channels.WeChatProtocol.Signature(token, ts, "7")}&timestamp={ts}&nonce=7&echostr=ok-stored");
        Assert.Equal("ok-stored", await echo.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Test_connection_signs_in_to_the_imap_server_and_says_what_went_wrong()
    {
        var admin = await fixture.SignedInAsync(DemoSeeder.AdminEmail);
        var ok = new HtmlParser().ParseDocument(await (await AppFixture.PostFormAsync(admin, Page + "?handler=TestMailbox&name=service", [], formPage: Page)).Content.ReadAsStringAsync());
        var wrong = new HtmlParser().ParseDocument(await (await AppFixture.PostFormAsync(admin, Page + "?handler=TestMailbox&name=wrong", [], formPage: Page)).Content.ReadAsStringAsync());

        Assert.Contains("连接成功", ok.QuerySelector(".mailbox[data-name='service'] .probe.text-success")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("登录失败", wrong.QuerySelector(".mailbox[data-name='wrong'] .probe.text-danger")!.TextContent, StringComparison.Ordinal);
    }
}
