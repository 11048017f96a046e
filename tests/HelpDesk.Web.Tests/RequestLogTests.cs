using System.Net;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HelpDesk.Web.Tests;

/// <summary>One Serilog line per request: route pattern (never the raw path) and the status the client really got.</summary>
public sealed class RequestLogTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> LogRequests = new() { ["Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware"] = "Information" };
    private readonly CapturingLoggerProvider _logs = new();

    /// <summary>The request lines as the console shows them (events reach other providers with their strings quoted).</summary>
    private List<string> RequestLines => _logs.Messages.Select(m => m.Replace("\"", string.Empty, StringComparison.Ordinal)).Where(m => m.StartsWith("HTTP ", StringComparison.Ordinal)).ToList();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_magic_link_is_logged_by_its_route_pattern_never_its_token()
    {
        using var app = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync(), services: s => s.AddSingleton<ILoggerProvider>(_logs), settings: LogRequests);
        var token = new string('k', 43);

        var response = await app.CreateClient().GetAsync("/t/" + token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var line = Assert.Single(RequestLines);
        Assert.Equal("HTTP GET /t/{token} responded 404", line[..line.IndexOf(" in ", StringComparison.Ordinal)]);
        Assert.DoesNotContain(_logs.Messages, m => m.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_error_is_logged_with_the_500_the_client_got()
    {
        // A database with no schema: signing in fails inside Identity's queries.
        var empty = await TestCluster.CreateEmptyDatabaseAsync();
        using var app = new HelpDeskFactory(
            empty,
            environment: "Production",
            services: s => s.AddSingleton<ILoggerProvider>(_logs),
            settings: new Dictionary<string, string>(LogRequests) { ["Database:MigrateOnStartup"] = "false", ["HelpDesk:PublicBaseUrl"] = "https://help.example.com" });
        var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await AppFixture.PostFormAsync(client, "/account/login", new() { ["Input.Email"] = DemoSeeder.AgentEmail, ["Input.Password"] = DemoSeeder.Password });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains(RequestLines, m => m.StartsWith("HTTP POST /account/login responded 500 in ", StringComparison.Ordinal));
    }
}
