namespace HelpDesk.Web.Infrastructure.Mail;

public enum OutboxStatus
{
    Pending,
    Sent,
    Failed,
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
        ToAddress = toAddress;
        Subject = subject;
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

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public void MarkSent(DateTimeOffset now)
    {
        Status = OutboxStatus.Sent;
        SentAt = now;
        Attempts++;
        LastError = null;
    }

    /// <summary>Retries after 1, 2, 4 … minutes (at most an hour); gives up after <see cref="MaxAttempts"/>.</summary>
    public void MarkFailed(string error, DateTimeOffset now)
    {
        Attempts++;
        LastError = error.Length > 500 ? error[..500] : error;
        if (Attempts >= MaxAttempts)
        {
            Status = OutboxStatus.Failed;
            return;
        }

        NextAttemptAt = now + TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Attempts - 1)));
    }
}
