namespace HelpDesk.Web.Infrastructure.Mail;

public enum OutboxStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>Why the last attempt failed; the first two are final (retrying changes nothing), the others are retried.</summary>
public enum DeliveryFailure
{
    /// <summary>The address cannot receive mail (malformed, or the server refused the recipient for good).</summary>
    InvalidAddress,

    /// <summary>The mail server refused the message for good (5xx).</summary>
    Refused,

    /// <summary>The server could not be reached or answered "try later" (4xx).</summary>
    Unreachable,

    Unknown,
}

/// <summary>
/// An e-mail waiting to go out. It is written in the same transaction as what caused it (a reply, an
/// acknowledgement), so nothing is lost; the outbox job delivers it and retries failures with backoff.
/// </summary>
public class OutboxMessage
{
    public const int MaxAttempts = 8;

    private OutboxMessage()
    {
        ToAddress = Subject = Body = string.Empty;
    }

    public OutboxMessage(string toAddress, string subject, string body, DateTimeOffset now, long? ticketMessageId = null)
    {
        ToAddress = toAddress.Trim();
        Subject = HelpDesk.Domain.Common.Text.SingleLine(subject);
        Body = body;
        TicketMessageId = ticketMessageId;
        CreatedAt = NextAttemptAt = now;
        Status = OutboxStatus.Pending;
    }

    public long Id { get; private set; }

    /// <summary>The ticket message this e-mail delivers, so the ticket can show "not delivered yet".</summary>
    public long? TicketMessageId { get; private set; }

    public string ToAddress { get; private set; }

    public string Subject { get; private set; }

    public string Body { get; private set; }

    public OutboxStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public string? LastError { get; private set; }

    public DeliveryFailure? LastFailure { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>The Message-ID this e-mail goes out with (signed: replies to it find their ticket); null: MimeKit makes one.</summary>
    public string? MessageIdHeader { get; private set; }

    /// <summary>The Message-ID of the customer's mail this one answers.</summary>
    public string? InReplyTo { get; private set; }

    /// <summary>The thread's Message-IDs, space-separated, oldest first.</summary>
    public string? References { get; private set; }

    /// <summary>Where replies go (the ticket's signed reply address).</summary>
    public string? ReplyTo { get; private set; }

    /// <summary>Sent by the machine, not a person (an acknowledgement): <c>Auto-Submitted: auto-replied</c>, so other robots do not answer.</summary>
    public bool AutoSubmitted { get; private set; }

    /// <summary>Threads the e-mail into the customer's conversation (headers only; what it says is unchanged).</summary>
    public OutboxMessage Thread(string messageId, string? inReplyTo, IEnumerable<string> references, string? replyTo, bool autoSubmitted = false)
    {
        MessageIdHeader = messageId;
        InReplyTo = inReplyTo;
        var chain = references.Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).TakeLast(10).ToList();
        References = chain.Count == 0 ? null : string.Join(' ', chain);
        ReplyTo = replyTo;
        AutoSubmitted = autoSubmitted;
        return this;
    }

    /// <summary>
    /// Takes the e-mail for one attempt: the attempt is counted and the row is leased (not due again) until
    /// <paramref name="lease"/> has passed, committed before anything is sent. If the instance dies mid-send, the e-mail
    /// is due again when the lease ends and another instance sends it; the attempt number fences the late recording of a
    /// taken-over attempt. False: it was interrupted <see cref="MaxAttempts"/> times and is given up instead.
    /// </summary>
    public bool Claim(DateTimeOffset now, TimeSpan lease)
    {
        if (Attempts >= MaxAttempts)
        {
            (Status, LastFailure, LastError) = (OutboxStatus.Failed, DeliveryFailure.Unknown, $"Interrupted {Attempts} times.");
            return false;
        }

        Attempts++;
        NextAttemptAt = now + lease;
        return true;
    }

    /// <summary>The Message-ID it goes out with: the threaded one, or one derived from the row, so a re-send after an interrupted attempt is recognisably the same e-mail.</summary>
    public string OutgoingMessageId(string domain) =>
        MessageIdHeader is { Length: > 0 } id ? id : $"outbox.{Id}.{CreatedAt.ToUnixTimeMilliseconds()}@{domain}";

    public void MarkSent(DateTimeOffset now)
    {
        Status = OutboxStatus.Sent;
        SentAt = now;
        LastError = null;
        LastFailure = null;
    }

    /// <summary>
    /// The claimed attempt failed. A final failure (a bad address, a refusal) stops at once; others are retried after
    /// 1, 2, 4 … minutes (at most an hour) until <see cref="MaxAttempts"/>.
    /// </summary>
    public void MarkFailed(DeliveryFailure failure, string error, DateTimeOffset now)
    {
        LastFailure = failure;
        LastError = error.Length > 500 ? error[..500] : error;
        if (Attempts >= MaxAttempts || failure is DeliveryFailure.InvalidAddress or DeliveryFailure.Refused)
        {
            Status = OutboxStatus.Failed;
            return;
        }

        NextAttemptAt = now + TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Attempts - 1)));
    }
}
