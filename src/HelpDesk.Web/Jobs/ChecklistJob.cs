using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Features.Commitments;
using HelpDesk.Web.Features.Sla;
using MediatR;

namespace HelpDesk.Web.Jobs;

/// <summary>
/// Every minute: builds the evening checklists that are due and reminds owners of due tasks; once a day (and at
/// start) warns supervisors of calendars running out of known holidays. Timing only.
/// </summary>
public sealed class ChecklistJob(Drain drain, IServiceScopeFactory scopes, TimeProvider clock, Microsoft.Extensions.Options.IOptions<JobsOptions> options, ILogger<ChecklistJob> logger) : BackgroundService
{
    private DateOnly? _horizonsCheckedOn;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Checklist.Interval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
                await mediator.Send(new BuildChecklists.Command(clock.GetUtcNow()), drain.Work);
                await mediator.Send(new RemindTasks.Command(clock.GetUtcNow()), drain.Work);
                var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
                if (_horizonsCheckedOn != today)
                {
                    await mediator.Send(new CalendarHorizons.Warn(clock.GetUtcNow()), drain.Work);
                    _horizonsCheckedOn = today;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Checklist tick failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
