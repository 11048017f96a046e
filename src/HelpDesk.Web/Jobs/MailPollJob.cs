using HelpDesk.Web.Features.Channels;
using HelpDesk.Web.Features.Channels.Mail;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Jobs;

/// <summary>
/// Every <c>HelpDesk:Channels:Mail:PollSeconds</c> (30) reads each configured IMAP mailbox, one after the other.
/// Timing only: the work, and the per-mailbox lock, are <see cref="PollMailbox"/>; a failing mailbox never stops the others.
/// </summary>
public sealed class MailPollJob(Drain drain, IServiceScopeFactory scopes, IOptions<ChannelOptions> options, ILogger<MailPollJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.Mail.PollSeconds));
        do
        {
            foreach (var box in options.Value.Mail.Mailboxes.TakeWhile(_ => !stoppingToken.IsCancellationRequested))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new PollMailbox.Command(box.Name), drain.Work);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning("Mailbox {Mailbox} not read: {Error}", box.Name, ex.Message);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
