using HelpDesk.Web.Features.Chat;
using HelpDesk.Web.Infrastructure;
using MediatR;

namespace HelpDesk.Web.Jobs;

/// <summary>
/// Every <c>Jobs:ChatQueue:IntervalSeconds</c> (5): serves the live chat's line on a timer — chats that waited
/// <c>QueueMinutes</c>, or whose agents all went offline, become tickets; a place freed other than from the console
/// (whose end and "available" serve the line at once) is filled. Timing only: the work and its lock are
/// <see cref="ChatRouting"/>; an empty line costs one probe of a partial index.
/// </summary>
public sealed class ChatQueueJob(Drain drain, IServiceScopeFactory scopes, TimeProvider clock, Microsoft.Extensions.Options.IOptions<JobsOptions> options, ILogger<ChatQueueJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ChatQueue.Interval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ServeLine.Command(clock.GetUtcNow()), drain.Work);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Chat line tick failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
