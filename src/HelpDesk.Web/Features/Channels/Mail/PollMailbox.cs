using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Channels.Mail;

/// <summary>
/// Reads the new mail of one IMAP mailbox (read-only: nothing is flagged or deleted there). The mailbox's row in
/// <c>mailbox_states</c> is the lock (FOR UPDATE SKIP LOCKED: one instance per mailbox at a time) and remembers
/// UIDVALIDITY and the last UID taken, in the same transaction as the messages: a crash mid-batch takes nothing, the
/// next tick reads those UIDs again and (channel, Message-ID) keeps them from doubling; a new UIDVALIDITY starts over
/// the same way. Each mail goes through <see cref="Receive"/> under a savepoint: one that fails is kept as dropped with
/// its raw bytes and the reason, and never stops the rest. At most <c>BatchSize</c> mails per tick.
/// </summary>
public static class PollMailbox
{
    public sealed record Command(string Mailbox) : ICommand<Result>;

    public sealed record Result(bool Busy, int Taken, int Duplicates, int Failed);

    public sealed class Handler(HelpDeskDbContext db, IMediator mediator, IOptions<ChannelOptions> options, TimeProvider clock, ILogger<Handler> logger) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var settings = options.Value.Mail;
            var box = settings.Mailboxes.Single(b => b.Name == request.Mailbox);
            await db.Database.ExecuteSqlAsync($"INSERT INTO mailbox_states (name, uid_validity, last_uid) VALUES ({box.Name}, 0, 0) ON CONFLICT (name) DO NOTHING", cancellationToken);
            var state = await db.Set<MailboxState>().FromSql($"SELECT * FROM mailbox_states WHERE name = {box.Name} FOR UPDATE SKIP LOCKED").AsNoTracking().SingleOrDefaultAsync(cancellationToken);
            if (state is null)
            {
                return new Result(true, 0, 0, 0);
            }

            using var imap = new ImapClient();
            await box.SignInAsync(imap, cancellationToken);
            var folder = await imap.GetFolderAsync(box.Folder, cancellationToken);
            await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
            state.Validity(folder.UidValidity);
            var after = (uint)Math.Min(state.LastUid, uint.MaxValue - 1);
            var uids = (await folder.SearchAsync(SearchQuery.Uids(new UniqueIdRange(new UniqueId(after + 1), UniqueId.MaxValue)), cancellationToken))
                .Where(u => u.Id > after).OrderBy(u => u.Id).Take(settings.BatchSize).ToList();
            var sizes = uids.Count == 0 ? [] : (await folder.FetchAsync(uids, MessageSummaryItems.Size | MessageSummaryItems.UniqueId, cancellationToken)).ToDictionary(s => s.UniqueId, s => s.Size ?? 0);

            int taken = 0, duplicates = 0, failed = 0;
            foreach (var uid in uids)
            {
                var now = clock.GetUtcNow();
                var fallbackId = $"imap:{box.Name}:{folder.UidValidity}:{uid.Id}";
                InboundMessage? message;
                if (sizes.GetValueOrDefault(uid) > settings.MaxMessageBytes)
                {
                    message = Dropped(fallbackId, [], box.Name, now, "too-large");
                }
                else
                {
                    using var stream = new MemoryStream();
                    await using (var source = await folder.GetStreamAsync(uid, cancellationToken))
                    {
                        await source.CopyToAsync(stream, cancellationToken);
                    }

                    var raw = stream.ToArray();
                    message = MailParser.Parse(raw, box.Name, now) ?? Dropped(fallbackId, raw, box.Name, now, "malformed");
                }

                var savepoint = "mail_" + uid.Id;
                await db.Database.CurrentTransaction!.CreateSavepointAsync(savepoint, cancellationToken);
                try
                {
                    duplicates += (await mediator.Send(new Receive.Command(message), cancellationToken)).Duplicate ? 1 : 0;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    await db.Database.CurrentTransaction!.RollbackToSavepointAsync(savepoint, cancellationToken);
                    db.ChangeTracker.Clear();
                    logger.LogWarning("Mail UID {Uid} of mailbox {Mailbox} failed: {Error}", uid.Id, box.Name, ex.GetType().Name);
                    await mediator.Send(new Receive.Command(Dropped(message.ExternalId, message.Raw, box.Name, now, "failed: " + ex.GetType().Name)), cancellationToken);
                    failed++;
                }

                state.Took(uid.Id, now);
                taken++;
            }

            await folder.CloseAsync(false, cancellationToken);
            await imap.DisconnectAsync(true, cancellationToken);
            await db.Database.ExecuteSqlAsync($"UPDATE mailbox_states SET uid_validity = {state.UidValidity}, last_uid = {state.LastUid}, polled_at = {clock.GetUtcNow()} WHERE name = {box.Name}", cancellationToken);
            return new Result(false, taken, duplicates, failed);
        }

        private static InboundMessage Dropped(string id, byte[] raw, string source, DateTimeOffset now, string reason) =>
            new(Domain.Tickets.Channel.Email, id, [], null, null, string.Empty, ThreadHints.None, raw, now) { Source = source, DropReason = reason };
    }
}
