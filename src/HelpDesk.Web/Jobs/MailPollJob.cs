using HelpDesk.Web.Features.Channels;
using HelpDesk.Web.Features.Channels.Mail;
using HelpDesk.Web.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MediatR;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Jobs;

/// <summary>
/// Every <c>HelpDesk:Channels:Mail:PollSeconds</c> (30), at once when <see cref="MailIdleJob"/> hears of new mail, and
/// again straight away while a mailbox gives a full batch, reads each configured IMAP mailbox, one after the other.
/// Timing only: the work, and the per-mailbox lock, are <see cref="PollMailbox"/>; a failing mailbox never stops the others.
/// </summary>
public sealed class MailPollJob(Drain drain, IServiceScopeFactory scopes, MailWake wake, IOptions<ChannelOptions> options, ILogger<MailPollJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.Mail.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var full = false;
            foreach (var box in options.Value.Mail.Mailboxes.TakeWhile(_ => !stoppingToken.IsCancellationRequested))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var read = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new PollMailbox.Command(box.Name), drain.Work);
                    full |= read.Taken >= options.Value.Mail.BatchSize;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning("Mailbox {Mailbox} not read: {Error}", box.Name, ex.Message);
                }
            }

            // A full batch means more is waiting (a backlog after downtime): read on at once.
            if (!full && !await wake.WaitAsync(interval, stoppingToken))
            {
                return;
            }
        }
    }
}

/// <summary>"New mail": lets <see cref="MailPollJob"/> poll now instead of at its next tick. Signals while it polls make one more poll.</summary>
public sealed class MailWake : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Signal()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // A poll is already due.
        }
    }

    public void Dispose() => _signal.Dispose();

    /// <summary>Waits for a signal or the interval; false once the app stops.</summary>
    public async Task<bool> WaitAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        try
        {
            await _signal.WaitAsync(interval, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

/// <summary>
/// IMAP IDLE (RFC 2177) where the server offers it and <c>HelpDesk:Channels:Mail:Idle</c> is on: one connection per
/// mailbox waits in IDLE, read-only, and wakes <see cref="MailPollJob"/> when the folder's message count changes; it
/// also wakes it on every (re)connect, so mail that arrived meanwhile is not left to the next tick. IDLE is renewed
/// every 9 minutes (servers may drop it after 30). It never reads a message itself: the poll, with its lock and
/// UIDVALIDITY/UID, stays the only reader. A lost connection is retried after <c>PollSeconds</c>; a server without
/// IDLE leaves the mailbox to the poll.
/// </summary>
public sealed class MailIdleJob(MailWake wake, IOptions<ChannelOptions> options, ILogger<MailIdleJob> logger) : BackgroundService
{
    private static readonly TimeSpan Renew = TimeSpan.FromMinutes(9);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(options.Value.Mail.Mailboxes.Select(box => WatchAsync(box, stoppingToken)));

    private async Task WatchAsync(MailboxOptions box, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var imap = new ImapClient();
                await box.SignInAsync(imap, stoppingToken);
                if (!imap.Capabilities.HasFlag(ImapCapabilities.Idle))
                {
                    logger.LogInformation("Mailbox {Mailbox}: the server has no IMAP IDLE, polled every {Seconds} s", box.Name, options.Value.Mail.PollSeconds);
                    return;
                }

                var folder = await imap.GetFolderAsync(box.Folder, stoppingToken);
                await folder.OpenAsync(FolderAccess.ReadOnly, stoppingToken);
                folder.CountChanged += (_, _) => wake.Signal();
                wake.Signal();
                while (imap.IsConnected)
                {
                    using var done = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    done.CancelAfter(Renew);
                    await imap.IdleAsync(done.Token, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning("Mailbox {Mailbox}: IDLE stopped ({Error}), retrying in {Seconds} s", box.Name, ex.Message, options.Value.Mail.PollSeconds);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(options.Value.Mail.PollSeconds), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
