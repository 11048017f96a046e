using HelpDesk.Domain.Tickets;

namespace HelpDesk.Web.Features.Channels;

public enum InboundOutcome
{
    /// <summary>It opened a new ticket.</summary>
    Opened,

    /// <summary>It joined an existing ticket.</summary>
    Threaded,

    /// <summary>Kept for audit only: an auto-reply, a loop, a forged staff address, over the sender's cap.</summary>
    Dropped,
}

/// <summary>
/// Every message any channel delivered, once (unique on channel + external id), with its raw original for audit and
/// what became of it. Table <c>inbound_messages</c>; the raw bytes are in the row (PostgreSQL compresses them).
/// </summary>
public class InboundRecord
{
    public const int ExternalIdMaxLength = 300;

    private InboundRecord()
    {
        ExternalId = string.Empty;
        Raw = [];
    }

    /// <summary>What the claimed row records of the message (the claim itself is an INSERT … ON CONFLICT DO NOTHING).</summary>
    public void Describe(InboundMessage message, string? sender, DateTimeOffset now)
    {
        Sender = sender;
        Source = message.Source;
        ReceivedAt = now;
        Raw = message.Raw;
        SafeHtml = message.SafeHtml;
        AuthResults = message.AuthResults;
        Conversation = message.Hints.Conversation;
        References = message.Hints.References.Count == 0 ? null : string.Join(' ', message.Hints.References.TakeLast(20));
    }

    public long Id { get; private set; }

    public Channel Channel { get; private set; }

    public string ExternalId { get; private set; }

    /// <summary>The first identity of the sender (<c>Email:a@b.cn</c>): who took part in a ticket, and the per-sender cap.</summary>
    public string? Sender { get; private set; }

    public string? Source { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public InboundOutcome Outcome { get; private set; }

    public string? Reason { get; private set; }

    public long? TicketId { get; private set; }

    public long? TicketMessageId { get; private set; }

    /// <summary>A ticket the message named but could not join (a stranger writing another ticket's number).</summary>
    public long? RelatedTicketId { get; private set; }

    public string? References { get; private set; }

    /// <summary>A gateway's conversation (<c>gateway:id</c>): later messages of it join the same ticket while the sender took part.</summary>
    public string? Conversation { get; private set; }

    public string? SafeHtml { get; private set; }

    /// <summary>The quoted history folded away from the message's text.</summary>
    public string? Quoted { get; set; }

    public string? AuthResults { get; private set; }

    public byte[] Raw { get; private set; }

    public void Drop(string reason)
    {
        Outcome = InboundOutcome.Dropped;
        Reason = reason;
    }

    public void Landed(InboundOutcome outcome, Ticket ticket, TicketMessage message, long? relatedTicketId, string? reason)
    {
        Outcome = outcome;
        TicketId = ticket.Id;
        TicketMessageId = message.Id;
        RelatedTicketId = relatedTicketId;
        Reason = reason;
    }
}

/// <summary>Where the IMAP poller is in one mailbox: UIDVALIDITY and the highest UID taken (<c>mailbox_states</c>).</summary>
public class MailboxState
{
    private MailboxState()
    {
        Name = string.Empty;
    }

    public MailboxState(string name) => Name = name;

    public string Name { get; private set; }

    public long UidValidity { get; private set; }

    public long LastUid { get; private set; }

    public DateTimeOffset? PolledAt { get; private set; }

    /// <summary>A new UIDVALIDITY means the server renumbered the mailbox: start over (Message-IDs keep it from doubling).</summary>
    public void Validity(long uidValidity)
    {
        if (uidValidity != UidValidity)
        {
            UidValidity = uidValidity;
            LastUid = 0;
        }
    }

    public void Took(long uid, DateTimeOffset now)
    {
        LastUid = Math.Max(LastUid, uid);
        PolledAt = now;
    }
}
