using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Features.Mail;
using MediatR;

namespace HelpDesk.Web.Jobs;

/// <summary>Every few seconds (<c>Jobs:Outbox:IntervalSeconds</c>, default 5) delivers the e-mails that are due. Timing only: the work is <see cref="DeliverOutbox"/>.</summary>
public sealed class OutboxJob(IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<JobsOptions> options, ILogger<OutboxJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Outbox.Interval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new DeliverOutbox.Command(), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Outbox delivery tick failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
