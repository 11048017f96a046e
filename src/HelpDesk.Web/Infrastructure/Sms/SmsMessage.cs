using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Infrastructure.Sms;

/// <summary>
/// A text message to a mobile, written in the same transaction as what caused it (a one-time code) and delivered by
/// the SMS job, like mail through the outbox. Retried for a few minutes only: a code is worth nothing later.
/// </summary>
public class SmsMessage
{
    public const int MaxAttempts = 3;

    private SmsMessage()
    {
        ToPhone = Text = string.Empty;
    }

    public SmsMessage(string toPhone, string text, DateTimeOffset now)
    {
        ToPhone = toPhone;
        Text = HelpDesk.Domain.Common.Text.SingleLine(text);
        CreatedAt = NextAttemptAt = now;
        Status = Mail.OutboxStatus.Pending;
    }

    public long Id { get; private set; }

    public string ToPhone { get; private set; }

    public string Text { get; private set; }

    public Mail.OutboxStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>Takes the message for one attempt, leased until <paramref name="lease"/> has passed (see LeasedDelivery); false: it was interrupted too often and is given up.</summary>
    public bool Claim(DateTimeOffset now, TimeSpan lease)
    {
        if (Attempts >= MaxAttempts)
        {
            (Status, LastError) = (Mail.OutboxStatus.Failed, $"Interrupted {Attempts} times.");
            return false;
        }

        Attempts++;
        NextAttemptAt = now + lease;
        return true;
    }

    public void MarkSent(DateTimeOffset now) => (Status, SentAt, LastError) = (Mail.OutboxStatus.Sent, now, null);

    /// <summary>The claimed attempt failed: retried 30 s later, then 60 s …, until <see cref="MaxAttempts"/>.</summary>
    public void MarkFailed(string error, DateTimeOffset now)
    {
        LastError = error.Length > 500 ? error[..500] : error;
        Status = Attempts >= MaxAttempts ? Mail.OutboxStatus.Failed : Mail.OutboxStatus.Pending;
        NextAttemptAt = now.AddSeconds(30 * Attempts);
    }
}

/// <summary>Sends one SMS or throws. The default writes a .txt file per message to a pickup folder; a gateway implements this.</summary>
public interface ISmsTransport
{
    Task SendAsync(SmsMessage message, CancellationToken cancellationToken);
}

/// <summary>"Sms": where text messages are written (<c>Sms:PickupDirectory</c>, default <c>.data/sms</c>) until a gateway is plugged in.</summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";

    public string PickupDirectory { get; set; } = string.Empty;
}

public sealed class PickupSmsTransport(IOptions<SmsOptions> options, IHostEnvironment environment) : ISmsTransport
{
    public string PickupDirectory => Path.GetFullPath(
        options.Value.PickupDirectory is { Length: > 0 } configured ? configured : Path.Combine("..", "..", ".data", "sms"),
        environment.ContentRootPath);

    public async Task SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(PickupDirectory);
        var path = Path.Combine(PickupDirectory, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(path, $"To: {message.ToPhone}\n\n{message.Text}\n", cancellationToken);
    }
}
