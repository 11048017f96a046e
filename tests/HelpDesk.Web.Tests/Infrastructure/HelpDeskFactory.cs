using HelpDesk.Web.Data;
using MediatR;
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
    /// <summary>Where this app's e-mails land as .eml files (the default pickup transport); deleted with the app.</summary>
    public string MailDirectory { get; } = TestRun.TempPath("mail");

    /// <summary>Where this app's text messages land as .txt files (the default pickup transport); deleted with the app.</summary>
    public string SmsDirectory { get; } = TestRun.TempPath("sms");

    /// <summary>Sends a slice request in a scope of its own, as one request of the app would.</summary>
    public async Task<T> SendAsync<T>(IRequest<T> request)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    /// <summary>Runs <paramref name="action"/> on a fresh database context.</summary>
    public async Task<T> WithDbAsync<T>(Func<HelpDeskDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<HelpDeskDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        TestRun.Delete(MailDirectory);
        TestRun.Delete(SmsDirectory);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);

        // UseSetting (not ConfigureAppConfiguration): the app reads these while it is being built.
        builder.UseSetting("ConnectionStrings:HelpDesk", connectionString);
        builder.UseSetting("Seed:DemoData", seedDemoData ? "true" : "false");
        builder.UseSetting("Mail:PickupDirectory", MailDirectory);
        builder.UseSetting("Sms:PickupDirectory", SmsDirectory);
        builder.ConfigureTestServices(s => s.ConfigureDbContext<HelpDesk.Web.Data.HelpDeskDbContext>(o => o.AddInterceptors(new SqlCounter())));
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
