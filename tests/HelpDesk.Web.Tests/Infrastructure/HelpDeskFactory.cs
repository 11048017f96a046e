using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace HelpDesk.Web.Tests.Infrastructure;

/// <summary>The real app (Program) on a given database; optionally with a test clock or other service overrides.</summary>
public sealed class HelpDeskFactory(
    string connectionString,
    bool seedDemoData = false,
    string environment = "Testing",
    Action<IServiceCollection>? services = null,
    IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);

        // UseSetting (not ConfigureAppConfiguration): the app reads these while it is being built.
        builder.UseSetting("ConnectionStrings:HelpDesk", connectionString);
        builder.UseSetting("Seed:DemoData", seedDemoData ? "true" : "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }
}
