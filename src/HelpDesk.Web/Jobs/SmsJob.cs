using HelpDesk.Web.Features.Sms;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Jobs;

/// <summary>Every few seconds (the outbox's interval) delivers the text messages that are due. Timing only: the work is <see cref="DeliverSms"/>.</summary>
public sealed class SmsJob(Drain drain, IServiceScopeFactory scopes, IOptions<JobsOptions> options, ILogger<SmsJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Outbox.Interval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new DeliverSms.Command(), drain.Work);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "SMS delivery tick failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
