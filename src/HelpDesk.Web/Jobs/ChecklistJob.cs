using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Features.Commitments;
using MediatR;

namespace HelpDesk.Web.Jobs;

/// <summary>Every minute: builds the evening checklists that are due and reminds owners of due tasks. Timing only.</summary>
public sealed class ChecklistJob(IServiceScopeFactory scopes, TimeProvider clock, Microsoft.Extensions.Options.IOptions<JobsOptions> options, ILogger<ChecklistJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Checklist.Interval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
                await mediator.Send(new BuildChecklists.Command(clock.GetUtcNow()), stoppingToken);
                await mediator.Send(new RemindTasks.Command(clock.GetUtcNow()), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Checklist tick failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
