using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HelpDesk.Web.Infrastructure;

/// <summary>
/// Graceful stop (SIGTERM, Ctrl+C): readiness turns unhealthy at once (<see cref="DrainingHealthCheck"/>) so the load
/// balancer sends no more work; Kestrel finishes the requests in flight; the jobs take no new batch but finish the
/// one they hold (<see cref="Work"/> only cancels shortly before <c>Shutdown:TimeoutSeconds</c> runs out), so its
/// row locks end in a commit, never in a batch half sent. Whatever is still running then is rolled back by
/// PostgreSQL when the process goes, and another instance takes the rows.
/// </summary>
public sealed class Drain : IDisposable
{
    private readonly CancellationTokenSource _work = new();
    private readonly CancellationTokenRegistration _stopping;

    public Drain(IHostApplicationLifetime lifetime, Microsoft.Extensions.Options.IOptions<HostOptions> host)
    {
        var timeout = host.Value.ShutdownTimeout;
        var grace = timeout > TimeSpan.FromSeconds(10) ? timeout - TimeSpan.FromSeconds(5) : timeout * 0.8;
        _stopping = lifetime.ApplicationStopping.Register(() => _work.CancelAfter(grace));
    }

    /// <summary>The token of a job's unit of work: not cancelled by the stop itself, only when the stop is about to give up waiting.</summary>
    public CancellationToken Work => _work.Token;

    public void Dispose()
    {
        _stopping.Dispose();
        _work.Dispose();
    }
}

/// <summary>Not ready while the app is shutting down, so a load balancer stops sending it work before it goes.</summary>
public sealed class DrainingHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested ? HealthCheckResult.Unhealthy("shutting down") : HealthCheckResult.Healthy());
}

public static class DrainSetup
{
    /// <summary><c>Shutdown:TimeoutSeconds</c> (default 30): how long a stop waits for requests and jobs to finish.</summary>
    public static IServiceCollection AddHelpDeskDrain(this IServiceCollection services, IConfiguration configuration)
    {
        var seconds = configuration.GetValue("Shutdown:TimeoutSeconds", 30);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 3600)));
        services.AddSingleton<Drain>();
        services.AddHealthChecks().AddCheck<DrainingHealthCheck>("draining", tags: ["ready"]);
        return services;
    }
}
