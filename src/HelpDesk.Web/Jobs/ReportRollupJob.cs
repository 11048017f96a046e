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
                var facts = new RollUp.Command();
                await CatchUpAsync(facts, facts.BatchSize, started + TimeSpan.FromSeconds(10), stoppingToken);
                var terms = new Features.Analytics.FoldTerms.Command();
                await CatchUpAsync(terms, terms.BatchSize, started + TimeSpan.FromSeconds(20), stoppingToken);

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

    /// <summary>Sends the batch command again while it comes back full (a backlog), until <paramref name="until"/>.</summary>
    private async Task CatchUpAsync(ICommand<int> command, int batchSize, DateTime until, CancellationToken stoppingToken)
    {
        int done;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            done = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, drain.Work);
        }
        while (done == batchSize && DateTime.UtcNow < until && !stoppingToken.IsCancellationRequested);
    }
}
