using System.Net;
using AngleSharp.Html.Parser;
using HelpDesk.Web.Data;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Tests.Infrastructure;

/// <summary>
/// Per test class: its own database cloned from the seeded template, and the app on it.
/// Gives the three ways tests talk to the app: the mediator (slice tests), the database, and HTTP.
/// </summary>
public class AppFixture : IAsyncLifetime
{
    public HelpDeskFactory Factory { get; private set; } = null!;

    public string ConnectionString { get; private set; } = string.Empty;

    protected virtual string Environment => "Testing";

    /// <summary>Configuration of this class's app beyond the defaults (a webhook's secret, say).</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await TestCluster.CreateDatabaseAsync();
        Factory = new HelpDeskFactory(ConnectionString, environment: Environment, settings: Settings);
    }

    public virtual Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }

    public Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request) => Factory.SendAsync(request);

    public Task<T> WithDbAsync<T>(Func<HelpDeskDbContext, Task<T>> action) => Factory.WithDbAsync(action);

    /// <summary>The demo member of staff with this e-mail, as the slices see them.</summary>
    public Task<Viewer> ViewerAsync(string email) => WithDbAsync(async db =>
    {
        var user = await db.Users.Where(u => u.Email == email).Select(u => new { u.Id, u.DisplayName }).SingleAsync();
        var supervisor = await db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name).AnyAsync(n => n == Roles.Supervisor);
        return new Viewer(user.Id, supervisor, user.DisplayName);
    });

    public HttpClient Client() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A client signed in as <paramref name="email"/> through the real login form.</summary>
    public async Task<HttpClient> SignedInClientAsync(string email, string password = DemoSeeder.Password)
    {
        var client = Client();
        var response = await PostFormAsync(client, "/account/login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode}");
        }

        return client;
    }

    /// <summary>A live-hub connection (long polling over the test server) signed in as <paramref name="email"/>, started.</summary>
    public async Task<HubConnection> HubAsync(string email)
    {
        var cookie = await AuthCookieAsync(email);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Factory.Server.BaseAddress, Features.Live.TicketHub.Path.TrimStart('/')), options =>
            {
                options.HttpMessageHandlerFactory = _ => Factory.Server.CreateHandler();
                options.Transports = HttpTransportType.LongPolling;
                options.Headers["Cookie"] = cookie;
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }

    /// <summary>Signs in through the real form and returns the "name=value" of the sign-in cookie.</summary>
    public async Task<string> AuthCookieAsync(string email, string password = DemoSeeder.Password)
    {
        using var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var form = await client.GetAsync("/account/login");
        var antiforgery = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = new HtmlParser().ParseDocument(await form.Content.ReadAsStringAsync()).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password, ["__RequestVerificationToken"] = token }),
        };
        post.Headers.Add("Cookie", antiforgery);
        var response = await client.SendAsync(post);
        return response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("helpdesk.auth=", StringComparison.Ordinal));
    }

    /// <summary>GETs the page with the form (by default the URL itself), takes its antiforgery token, and POSTs the fields.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, Dictionary<string, string> fields, string? formPage = null)
    {
        var page = await client.GetStringAsync(formPage ?? url);
        var document = new HtmlParser().ParseDocument(page);
        var token = document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"{url} has no antiforgery token");
        fields["__RequestVerificationToken"] = token;
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }
}
