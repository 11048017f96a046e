using HelpDesk.Web.Features.Channels.Outbound;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Jobs;

/// <summary>Every few seconds (the outbox's interval) delivers the replies due to WeChat and the IM gateways. Timing only: the work is <see cref="DeliverReplies"/>.</summary>
public sealed class ChannelReplyJob(Drain drain, IServiceScopeFactory scopes, IOptions<JobsOptions> options, ILogger<ChannelReplyJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Outbox.Interval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new DeliverReplies.Command(), drain.Work);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Channel reply delivery tick failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
