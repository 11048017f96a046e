using HelpDesk.Web.Features.Reports;
using HelpDesk.Web.Infrastructure;
using MediatR;

namespace HelpDesk.Web.Jobs;

/// <summary>
/// Folds new reporting facts into the daily rollup every <c>Jobs:ReportRollup:IntervalSeconds</c> (default 60); full
/// batches follow each other (catching up after downtime) for at most ten seconds a tick; then the topic terms of
/// the messages written since are counted (the same way, up to twenty seconds from the tick's start); then the
/// hotspots' windows move on to today when a business day has begun. Timing only: the work is <see cref="RollUp"/>,
/// <see cref="Features.Analytics.FoldTerms"/> and <see cref="Features.Analytics.TermWindows"/>.
/// </summary>
public sealed class ReportRollupJob(Drain drain, IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<JobsOptions> options, ILogger<ReportRollupJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReportRollup.Interval);
        do
        {
            var started = DateTime.UtcNow;
            try
            {
                int folded;
                var command = new RollUp.Command();
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    folded = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, drain.Work);
                }
                while (folded == command.BatchSize && DateTime.UtcNow - started < TimeSpan.FromSeconds(10) && !stoppingToken.IsCancellationRequested);

                var terms = new Features.Analytics.FoldTerms.Command();
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    folded = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(terms, drain.Work);
                }
                while (folded == terms.BatchSize && DateTime.UtcNow - started < TimeSpan.FromSeconds(20) && !stoppingToken.IsCancellationRequested);

                await using var windows = scopes.CreateAsyncScope();
                await windows.ServiceProvider.GetRequiredService<IMediator>().Send(new Features.Analytics.TermWindows.Command(), drain.Work);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Report rollup tick failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
