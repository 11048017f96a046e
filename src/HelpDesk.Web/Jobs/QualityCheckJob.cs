using HelpDesk.Web.Features.Analytics;
using HelpDesk.Web.Infrastructure;
using MediatR;

namespace HelpDesk.Web.Jobs;

/// <summary>
/// Checks the complaint rates every <c>Jobs:QualityCheck:IntervalSeconds</c> (default 86,400: daily, and once at start).
/// Timing only: the work is <see cref="QualityCheck"/>, idempotent and safe on several instances.
/// </summary>
public sealed class QualityCheckJob(Drain drain, IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<JobsOptions> options, ILogger<QualityCheckJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.QualityCheck.Interval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var raised = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new QualityCheck.Command(), drain.Work);
                if (raised > 0)
                {
                    logger.LogInformation("Quality check raised {Alerts} alerts", raised);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Quality check failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
