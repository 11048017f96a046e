using System.Diagnostics;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Features.Mail;
using MediatR;

namespace HelpDesk.Web.Jobs;

/// <summary>
/// Every few seconds (<c>Jobs:Outbox:IntervalSeconds</c>, default 5) delivers the e-mails that are due, batch after
/// batch while batches come back full, no faster than <c>Jobs:Outbox:MaxPerSecond</c> (0: no limit) and for at most
/// a minute a tick. Timing only: the work is <see cref="DeliverOutbox"/>.
/// </summary>
public sealed class OutboxJob(Drain drain, IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<JobsOptions> options, ILogger<OutboxJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value.Outbox;
        var batch = o.MaxPerSecond > 0 ? Math.Min(o.BatchSize, o.MaxPerSecond) : o.BatchSize;
        using var timer = new PeriodicTimer(o.Interval);
        do
        {
            try
            {
                var clock = Stopwatch.StartNew();
                var handled = 0;
                DeliverOutbox.Result result;
                do
                {
                    await using (var scope = scopes.CreateAsyncScope())
                    {
                        result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new DeliverOutbox.Command(batch, o.Parallelism, TimeSpan.FromSeconds(o.LeaseSeconds)), drain.Work);
                    }

                    handled += result.Sent + result.Failed;
                    if (o.MaxPerSecond > 0 && TimeSpan.FromSeconds((double)handled / o.MaxPerSecond) - clock.Elapsed is { Ticks: > 0 } wait)
                    {
                        await Task.Delay(wait, stoppingToken);
                    }
                }
                while (result.Sent + result.Failed == batch && clock.Elapsed < TimeSpan.FromMinutes(1) && !stoppingToken.IsCancellationRequested);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Outbox delivery tick failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
