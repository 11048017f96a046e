using HelpDesk.Web.Features.Channels;
using HelpDesk.Web.Infrastructure;
using MailKit.Net.Imap;
using MailKit.Security;
using MediatR;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Admin;

/// <summary>
/// "Test connection" on /admin/channels: connects to a configured mailbox's IMAP server and signs in with its
/// credentials (MailKit), at most 15 seconds, and says what happened — nothing is read or changed.
/// </summary>
public static class MailboxProbe
{
    public sealed record Query(string Name) : IQuery<Result>;

    public sealed record Result(bool Ok, string Message);

    public sealed class Handler(IOptions<ChannelOptions> options, IStringLocalizer<Strings> l) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var box = options.Value.Mail.Mailboxes.SingleOrDefault(b => b.Name == request.Name)
                ?? throw new Domain.Common.NotFoundException("admin.channels.mailbox_unknown");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            using var imap = new ImapClient { Timeout = 15_000 };
            try
            {
                await box.SignInAsync(imap, timeout.Token);
                var folder = await imap.GetFolderAsync(box.Folder, timeout.Token);
                await imap.DisconnectAsync(true, timeout.Token);
                return new Result(true, l["admin.channels.mailbox_ok", box.Host, box.Port, folder.FullName]);
            }
            catch (AuthenticationException)
            {
                return new Result(false, l["admin.channels.mailbox_auth", box.User]);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return new Result(false, l["admin.channels.mailbox_failed", box.Host, box.Port, ex is OperationCanceledException ? l["admin.channels.timeout"].Value : ex.Message]);
            }
        }
    }
}
