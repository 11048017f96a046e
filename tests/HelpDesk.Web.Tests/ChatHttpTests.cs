using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Admin;
using HelpDesk.Web.Features.Chat;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Tests;

/// <summary>Live chat over HTTP: the admin page is for admins, CORS admits only allowed origins, photos are checked, the hub takes only real tokens.</summary>
public sealed class ChatHttpTests(AppFixture app) : IClassFixture<AppFixture>
{
    private async Task EnableAsync() =>
        await app.SendAsync(new ChatModel.Save(true, null, null, "https://shop.example.cn\nhttp://localhost:8081", 3));

    [Fact]
    public async Task Only_admins_open_the_chat_settings_and_an_admin_saves_them_with_per_field_errors()
    {
        const string url = "/admin/chat";
        Assert.Equal(HttpStatusCode.Redirect, (await app.Client().GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInClientAsync(DemoSeeder.AgentEmail)).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInClientAsync(DemoSeeder.SupervisorEmail)).GetAsync(url)).StatusCode);
        var admin = await app.SignedInClientAsync(DemoSeeder.AdminEmail);
        var page = await admin.GetStringAsync(url);
        Assert.Contains("/chat/widget.js&quot; async&gt;&lt;/script&gt;", page, StringComparison.Ordinal);

        var refused = await AppFixture.PostFormAsync(admin, url, new() { ["Input.Enabled"] = "true", ["Input.AllowedOrigins"] = "https://shop.example.cn/path", ["Input.ChatsPerAgent"] = "3" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("https://shop.example.cn/path", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False((await app.WithDbAsync(db => db.Set<ChatSettings>().AnyAsync(s => s.AllowedOrigins.Contains("https://shop.example.cn/path")))));

        var saved = await AppFixture.PostFormAsync(admin, url, new() { ["Input.Enabled"] = "true", ["Input.Greeting"] = "欢迎光临", ["Input.AllowedOrigins"] = "HTTPS://Shop.Example.cn/\nhttp://localhost:8081", ["Input.ChatsPerAgent"] = "4" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var settings = await app.WithDbAsync(db => db.Set<ChatSettings>().AsNoTracking().SingleAsync());
        Assert.Equal(["https://shop.example.cn", "http://localhost:8081"], settings.AllowedOrigins);
        Assert.Equal("欢迎光临", settings.Greeting);
        Assert.Equal(4, settings.ChatsPerAgent);

        // The console is an agent's page.
        Assert.Equal(HttpStatusCode.Redirect, (await app.Client().GetAsync("/agent/chat")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInClientAsync(DemoSeeder.AgentEmail)).GetAsync("/agent/chat")).StatusCode);
    }

    [Fact]
    public async Task Only_allowed_origins_reach_the_widget_api_and_the_hub()
    {
        await EnableAsync();
        using var client = app.Client();
        using var evil = new HttpRequestMessage(HttpMethod.Post, ChatApi.Prefix + "/sessions") { Content = JsonContent.Create(new { visitor = (string?)null }) };
        evil.Headers.Add("Origin", "https://evil.example.com");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(evil)).StatusCode);
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, ChatHub.Path + "/negotiate?negotiateVersion=1");
        negotiate.Headers.Add("Origin", "https://evil.example.com");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(negotiate)).StatusCode);

        using var preflight = new HttpRequestMessage(HttpMethod.Options, ChatHub.Path + "/negotiate");
        preflight.Headers.Add("Origin", "https://shop.example.cn");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        var answer = await client.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal("https://shop.example.cn", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var shop = new HttpRequestMessage(HttpMethod.Post, ChatApi.Prefix + "/sessions") { Content = JsonContent.Create(new { visitor = (string?)null }) };
        shop.Headers.Add("Origin", "https://shop.example.cn");
        var started = await client.SendAsync(shop);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal("https://shop.example.cn", started.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(started.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task A_photo_that_is_not_an_image_or_too_large_is_refused_and_writes_nothing()
    {
        await EnableAsync();
        using var client = app.Client();
        var session = JsonDocument.Parse(await (await client.PostAsJsonAsync(ChatApi.Prefix + "/sessions", new { visitor = (string?)null })).Content.ReadAsStringAsync())
            .RootElement.GetProperty("session").GetString()!;
        async Task<HttpStatusCode> PostAsync(byte[] content, string? token)
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(file, "photo", "photo.jpg");
            form.Add(new StringContent(Guid.NewGuid().ToString("N")), "clientId");
            using var request = new HttpRequestMessage(HttpMethod.Post, ChatApi.Prefix + "/photos") { Content = form };
            if (token is not null)
            {
                request.Headers.Add(ChatApi.SessionHeader, token);
            }

            return (await client.SendAsync(request)).StatusCode;
        }

        var before = await app.WithDbAsync(db => db.Attachments.CountAsync());
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync([.. "MZ this is a program"u8], session));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await PostAsync([0xFF, 0xD8, 0xFF, .. new byte[3 * 1024 * 1024]], session));
        Assert.Equal(HttpStatusCode.NotFound, await PostAsync([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3], "s1." + Guid.NewGuid().ToString("N") + "." + new string('a', 32)));
        Assert.Equal(before, await app.WithDbAsync(db => db.Attachments.CountAsync()));
        Assert.Equal(HttpStatusCode.OK, await PostAsync([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3], session));
        Assert.Equal(before + 1, await app.WithDbAsync(db => db.Attachments.CountAsync()));
    }

    [Fact]
    public async Task The_hub_refuses_a_made_up_session_and_a_widget_cannot_call_the_agents_methods()
    {
        await EnableAsync();
        using var client = app.Client();
        var session = JsonDocument.Parse(await (await client.PostAsJsonAsync(ChatApi.Prefix + "/sessions", new { visitor = (string?)null })).Content.ReadAsStringAsync())
            .RootElement.GetProperty("session").GetString()!;
        HubConnection Connect(string token) => new HubConnectionBuilder()
            .WithUrl(new Uri(app.Factory.Server.BaseAddress, ChatHub.Path.TrimStart('/') + "?session=" + Uri.EscapeDataString(token)), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();

        await using var forged = Connect("s1." + Guid.NewGuid().ToString("N") + "." + new string('0', 32));
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await forged.StartAsync();
            await forged.InvokeAsync<Transcript.Lines>("Since", 0L);
        });

        await using var widget = Connect(session);
        await widget.StartAsync();
        Assert.Empty((await widget.InvokeAsync<Transcript.Lines>("Since", 0L)).Items);
        await Assert.ThrowsAsync<HubException>(() => widget.InvokeAsync<long>("Reply", Guid.NewGuid(), "冒充客服"));
    }
}
