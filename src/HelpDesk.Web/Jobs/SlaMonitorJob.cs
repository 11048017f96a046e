using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Features.Sla;
using MediatR;

namespace HelpDesk.Web.Jobs;

/// <summary>
/// Ticks the SLA monitor every <c>Jobs:SlaMonitor:IntervalSeconds</c> (default 30). While whole batches come back
/// (e.g. after a policy change) it keeps going, for at most ten seconds a tick. Timing only: the work is <see cref="SlaMonitor"/>.
/// </summary>
public sealed class SlaMonitorJob(Drain drain, IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<JobsOptions> options, ILogger<SlaMonitorJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SlaMonitor.Interval);
        do
        {
            var started = DateTime.UtcNow;
            try
            {
                SlaMonitor.Result result;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SlaMonitor.Command(), drain.Work);
                }
                while (result.Checked == new SlaMonitor.Command().BatchSize && DateTime.UtcNow - started < TimeSpan.FromSeconds(10) && !stoppingToken.IsCancellationRequested);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "SLA monitor tick failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
