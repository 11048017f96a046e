using HelpDesk.Domain.Channels;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Channels.Mail;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Channels;

/// <summary>
/// The one slice every channel's messages go through (R2). In one transaction: claim (channel, external id) — a
/// message delivered again stops here —, keep the raw original, drop what must not reach a ticket (the adapter's
/// verdict: auto-replies, bounces; mail from our own addresses or Message-IDs; a forged staff address; a sender over
/// the hourly cap), find or create the customer by identity, thread (<see cref="Threading"/>) or open a ticket
/// through the same domain path as the web form (so SLA clocks, audit and live screens follow from its events),
/// fold the quoted history, attach the files and acknowledge a new e-mail ticket with the honest answer time.
/// </summary>
public static class Receive
{
    public sealed record Command(InboundMessage Message) : ICommand<Result>;

    public sealed record Result(bool Duplicate, InboundOutcome Outcome, string? TicketNumber, string? Reason);

    public sealed class Handler(
        HelpDeskDbContext db, Threading threading, ThreadKeys keys, ChannelMail mail, IOptions<ChannelOptions> options, IOptions<MailOptions> mailOptions, TimeProvider clock, IStringLocalizer<Strings> l)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var message = request.Message;
            var now = clock.GetUtcNow();
            var sender = message.Senders.Count == 0 ? null : message.Senders[0].Key;
            var claimed = await db.Database.SqlQuery<long>($"""
                INSERT INTO inbound_messages (channel, external_id, received_at, outcome, raw)
                VALUES ({message.Channel.ToString()}, {message.ExternalId}, {now}, 'Dropped', {Array.Empty<byte>()})
                ON CONFLICT (channel, external_id) DO NOTHING RETURNING id AS "Value"
                """).ToListAsync(cancellationToken);
            if (claimed.Count == 0)
            {
                var earlier = await db.Set<InboundRecord>().AsNoTracking().Where(r => r.Channel == message.Channel && r.ExternalId == message.ExternalId)
                    .Select(r => new { r.Outcome, r.TicketId, r.Reason }).SingleAsync(cancellationToken);
                return new Result(true, earlier.Outcome, await NumberAsync(earlier.TicketId, cancellationToken), earlier.Reason);
            }

            var record = await db.Set<InboundRecord>().SingleAsync(r => r.Id == claimed[0], cancellationToken);
            record.Describe(message, sender, now);
            if ((message.DropReason ?? await RefuseAsync(message, sender, now, cancellationToken)) is { } reason)
            {
                record.Drop(reason);
                await db.SaveChangesAsync(cancellationToken);
                return new Result(false, InboundOutcome.Dropped, null, reason);
            }

            var customer = await FindOrCreateAsync(message, now, cancellationToken);
            var found = await threading.FindAsync(message, customer, sender, now, cancellationToken);
            var (fresh, quoted) = QuotedHistory.Split(message.Text);
            record.Quoted = quoted.Length == 0 ? null : Limit(quoted);
            var body = Limit(fresh.Length == 0 ? "(" + l["channels.empty"] + ")" : fresh);
            Ticket ticket;
            TicketMessage added;
            if (found.Ticket is { } existing)
            {
                ticket = existing;
                added = ticket.AddCustomerMessage(customer.Name, message.Channel, body, now);
            }
            else
            {
                var subject = Domain.Common.Text.SingleLine(message.Subject ?? string.Empty);
                subject = subject.Length == 0 ? Domain.Common.Text.SingleLine(body.Length > 40 ? body[..40] + "…" : body) : subject;
                ticket = Ticket.Open(subject.Length > Ticket.SubjectMaxLength ? subject[..Ticket.SubjectMaxLength] : subject, options.Value.DefaultCategory, TicketPriority.Normal, message.Channel, customer.Id, customer.Name, body, now);
                if (found.RelatedTicketId is { } relatedId)
                {
                    var number = await db.Tickets.Where(t => t.Id == relatedId).Select(t => t.Number).SingleAsync(cancellationToken);
                    ticket.SetTags(["possibly-related", "related-" + Ticket.FormatNumber(number)], Domain.Common.Actor.Customer(customer.Name), now);
                }

                db.Tickets.Add(ticket);
                added = ticket.Messages[0];
            }

            db.AttachFiles(ticket, added, Acceptable(message.Attachments, now), now);
            await db.SaveChangesAsync(cancellationToken);
            record.Landed(found.Ticket is null ? InboundOutcome.Opened : InboundOutcome.Threaded, ticket, added, found.RelatedTicketId, found.How);
            await db.SaveChangesAsync(cancellationToken);
            if (found.Ticket is null && message.Channel == Channel.Email && message.Senders.FirstOrDefault(s => s.Kind == ContactKind.Email) is { } email)
            {
                await mail.AcknowledgeAsync(ticket, added, email.Value, customer.Name, now, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            return new Result(false, record.Outcome, ticket.DisplayNumber, found.How);
        }

        /// <summary>Why a message that looks fine must still not reach a ticket; null when it may.</summary>
        private async Task<string?> RefuseAsync(InboundMessage message, string? sender, DateTimeOffset now, CancellationToken cancellationToken)
        {
            if (sender is null)
            {
                return "no-sender";
            }

            var signer = await keys.SignerAsync(db, cancellationToken);
            if (message.Channel == Channel.Email && signer.TicketOfMessageId(message.ExternalId) is not null)
            {
                return "own-message-id";
            }

            var emails = message.Senders.Where(s => s.Kind == ContactKind.Email).Select(s => s.Value.Trim().ToUpperInvariant()).ToList();
            var ours = options.Value.Mail.Mailboxes.Select(b => b.Address).Append(mailOptions.Value.From).Select(a => a.Trim().ToUpperInvariant());
            if (emails.Any(ours.Contains))
            {
                return "own-address";
            }

            // FreeScout's CVE: mail "from" an agent was relayed to customers. Staff never write to tickets by mail here.
            if (emails.Count > 0 && await db.Users.AnyAsync(u => emails.Contains(u.NormalizedEmail!), cancellationToken))
            {
                return "staff-address";
            }

            var hourAgo = now.AddHours(-1);
            var recent = await db.Set<InboundRecord>().CountAsync(r => r.Sender == sender && r.ReceivedAt > hourAgo && r.Outcome != InboundOutcome.Dropped, cancellationToken);
            return recent >= (message.SenderCap ?? options.Value.PerSenderPerHour) ? "sender-cap" : null;
        }

        private async Task<Customer> FindOrCreateAsync(InboundMessage message, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var customer = await FindOrCreateVerifiedAsync(message, now, cancellationToken);
            await SuggestMergesAsync(customer, message.Senders.Where(s => !s.Verified), now, cancellationToken);
            return customer;
        }

        /// <summary>The customer holding one of the sender's verified identities, else a new customer with all of them.</summary>
        private async Task<Customer> FindOrCreateVerifiedAsync(InboundMessage message, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var verified = message.Senders.Where(s => s.Verified).ToList();
            foreach (var identity in verified)
            {
                if (await OwnerAsync(identity, cancellationToken) is { } id)
                {
                    return await db.Customers.Include(c => c.Contacts).SingleAsync(c => c.Id == id, cancellationToken);
                }
            }

            var first = verified[0];
            var name = Domain.Common.Text.SingleLine(message.SenderName ?? string.Empty);
            name = name.Length == 0 ? first.Value.Split('@')[0] : name;
            var customer = new Customer(name.Length > 100 ? name[..100] : name, CustomerTier.Regular, now);
            foreach (var identity in verified)
            {
                customer.AddContact(identity.Kind, identity.Value);
            }

            db.Customers.Add(customer);
            await db.SaveChangesAsync(cancellationToken);
            return customer;
        }

        /// <summary>
        /// An unverified claim of a contact another customer holds: one merge suggestion per pair (kept once dismissed),
        /// nothing linked. A claim nobody holds is not stored: it would let the claimant's later mail reach this customer.
        /// </summary>
        private async Task SuggestMergesAsync(Customer customer, IEnumerable<SenderIdentity> claims, DateTimeOffset now, CancellationToken cancellationToken)
        {
            foreach (var claim in claims)
            {
                if (await OwnerAsync(claim, cancellationToken) is { } other && other != customer.Id)
                {
                    var suggestion = new CustomerMergeSuggestion(customer.Id, other, claim.Kind, claim.Value, now);
                    var kind = suggestion.Kind.ToString();
                    await db.Database.ExecuteSqlInterpolatedAsync($"""
                        INSERT INTO customer_merge_suggestions (customer_id, other_customer_id, kind, reason, created_at)
                        VALUES ({suggestion.CustomerId}, {suggestion.OtherCustomerId}, {kind}, {suggestion.Reason}, {now.ToUniversalTime()})
                        ON CONFLICT (customer_id, other_customer_id) DO NOTHING
                        """, cancellationToken);
                }
            }
        }

        private Task<long?> OwnerAsync(SenderIdentity identity, CancellationToken cancellationToken)
        {
            var value = CustomerContact.Normalize(identity.Kind, identity.Value);
            return db.CustomerContacts.Where(c => c.Kind == identity.Kind && c.Value == value).Select(c => (long?)c.CustomerId).FirstOrDefaultAsync(cancellationToken);
        }

        /// <summary>The files a ticket may hold (type by content, size, count); the rest stay in the raw original.</summary>
        private static List<Shared.Upload> Acceptable(IReadOnlyList<Shared.Upload> files, DateTimeOffset now) =>
            files.Where(f =>
            {
                try
                {
                    Attachment.Accept(f.FileName, f.Content.LongLength, f.Content, now);
                    return true;
                }
                catch (Domain.Common.DomainException)
                {
                    return false;
                }
            }).Take(Attachment.MaxPerMessage).ToList();

        private static string Limit(string text) => text.Length > TicketMessage.BodyMaxLength ? text[..(TicketMessage.BodyMaxLength - 1)] + "…" : text;

        private async Task<string?> NumberAsync(long? ticketId, CancellationToken cancellationToken) =>
            ticketId is null ? null : Ticket.FormatNumber(await db.Tickets.Where(t => t.Id == ticketId).Select(t => t.Number).SingleAsync(cancellationToken));
    }
}
