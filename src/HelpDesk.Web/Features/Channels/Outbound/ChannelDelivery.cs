using HelpDesk.Web.Infrastructure.Mail;

namespace HelpDesk.Web.Features.Channels.Outbound;

/// <summary>
/// An agent's public reply waiting to go back through the gateway the customer wrote from (<c>channel_deliveries</c>):
/// WeChat's customer-service API or an IM gateway's signed outbound webhook. Written in the reply's transaction (the
/// outbox pattern), delivered by <see cref="DeliverReplies"/> under a lease (<see cref="Infrastructure.LeasedDelivery"/>),
/// retried with backoff on what may pass (5xx, timeouts), failed for good on a refusal.
/// </summary>
public class ChannelDelivery
{
    public const int MaxAttempts = 8;

    private ChannelDelivery()
    {
        Gateway = Recipient = Body = TicketNumber = string.Empty;
    }

    public ChannelDelivery(string gateway, string recipient, string? conversation, long ticketId, string ticketNumber, long ticketMessageId, string body, DateTimeOffset now)
    {
        Gateway = gateway;
        Recipient = recipient;
        Conversation = conversation;
        TicketId = ticketId;
        TicketNumber = ticketNumber;
        TicketMessageId = ticketMessageId;
        Body = body;
        CreatedAt = NextAttemptAt = now;
        Status = OutboxStatus.Pending;
    }

    public long Id { get; private set; }

    /// <summary><c>wechat</c>, or the IM gateway's name (<c>douyin</c>).</summary>
    public string Gateway { get; private set; }

    /// <summary>The customer at the gateway: the openid, the gateway's user id.</summary>
    public string Recipient { get; private set; }

    public string? Conversation { get; private set; }

    public long TicketId { get; private set; }

    public string TicketNumber { get; private set; }

    public long TicketMessageId { get; private set; }

    public string Body { get; private set; }

    public OutboxStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>Counts the attempt and leases the row (committed before sending); false: interrupted too often, given up.</summary>
    public bool Claim(DateTimeOffset now, TimeSpan lease)
    {
        if (Attempts >= MaxAttempts)
        {
            (Status, LastError) = (OutboxStatus.Failed, $"Interrupted {Attempts} times.");
            return false;
        }

        Attempts++;
        NextAttemptAt = now + lease;
        return true;
    }

    public void MarkSent(DateTimeOffset now)
    {
        (Status, SentAt, LastError) = (OutboxStatus.Sent, now, null);
    }

    /// <summary>A final failure stops; a transient one is tried again after 1, 2, 4 … minutes (at most an hour).</summary>
    public void MarkFailed(bool final, string error, DateTimeOffset now)
    {
        LastError = error.Length > 500 ? error[..500] : error;
        if (final || Attempts >= MaxAttempts)
        {
            Status = OutboxStatus.Failed;
            return;
        }

        NextAttemptAt = now + TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Attempts - 1)));
    }
}

/// <summary>A send that failed; <see cref="Final"/>: trying again changes nothing (a refusal, an expired window).</summary>
public sealed class DeliveryException(string message, bool final) : Exception(message)
{
    public bool Final { get; } = final;
}
