using System.ComponentModel.DataAnnotations;
using HelpDesk.Domain.Tickets;

namespace HelpDesk.Web.Features.Channels;

/// <summary>"HelpDesk:Channels": the channels; secrets and WeChat credentials saved on /admin/channels override these (ChannelSecrets).</summary>
public sealed class ChannelOptions
{
    public const string Section = "HelpDesk:Channels";

    /// <summary>The HMAC key of signed Message-IDs and reply addresses (≥ 16 characters); empty: a random key kept in the database (<c>channel_keys</c>).</summary>
    public string SigningKey { get; set; } = string.Empty;

    /// <summary>The category a ticket opened from a channel starts with (agents reclassify).</summary>
    public TicketCategory DefaultCategory { get; set; } = TicketCategory.OrderInquiry;

    /// <summary>More messages than this from one sender within an hour are dropped (a loop, a flood).</summary>
    [Range(1, 100_000)]
    public int PerSenderPerHour { get; set; } = 30;

    /// <summary>Webhook timestamps older or newer than this are refused (a replay).</summary>
    [Range(10, 3600)]
    public int ReplayWindowSeconds { get; set; } = 300;

    /// <summary>A new message from a customer within this many minutes of their last one joins their open ticket (0: off).</summary>
    [Range(0, 10_080)]
    public int JoinOpenTicketMinutes { get; set; } = 30;

    public MailChannelOptions Mail { get; set; } = new();

    public ImChannelOptions Im { get; set; } = new();

    public WeChat.WeChatOptions WeChat { get; set; } = new();

    /// <summary>How long a rotated webhook secret is still accepted beside the new one (admin, /admin/channels).</summary>
    [Range(0, 720)]
    public int SecretGraceHours { get; set; } = 24;
}

public sealed class MailChannelOptions
{
    /// <summary>Secret of <c>POST /api/v1/channels/mail</c> (HMAC-SHA256 of "timestamp.body"); empty: the webhook is off.</summary>
    public string WebhookSecret { get; set; } = string.Empty;

    /// <summary>The largest raw message taken (webhook and IMAP), in bytes.</summary>
    [Range(1024, 50 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 10 * 1024 * 1024;

    [Range(1, 3600)]
    public int PollSeconds { get; set; } = 30;

    /// <summary>
    /// Keep a connection per mailbox in IMAP IDLE where the server offers it, so new mail is read within a second
    /// instead of at the next poll (which still runs, as the safety net); false: polling only.
    /// </summary>
    public bool Idle { get; set; } = true;

    /// <summary>At most this many new mails per mailbox and tick (one transaction).</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    public List<MailboxOptions> Mailboxes { get; set; } = [];
}

/// <summary>One IMAP mailbox the desk reads.</summary>
public sealed class MailboxOptions
{
    [Required]
    [RegularExpression("^[a-z0-9-]{1,50}$")]
    public string Name { get; set; } = string.Empty;

    /// <summary>Its address (<c>service@shop.cn</c>): mail from it is our own, replies are signed with it.</summary>
    [Required]
    [EmailAddress]
    public string Address { get; set; } = string.Empty;

    [Required]
    public string Host { get; set; } = string.Empty;

    [Range(1, 65535)]
    public int Port { get; set; } = 993;

    /// <summary>"SslOnConnect" (993), "StartTls" (143) or "None" (loopback test servers only).</summary>
    public string Security { get; set; } = "SslOnConnect";

    public string User { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    public string Folder { get; set; } = "INBOX";

    /// <summary>Connects and signs in to this mailbox's server (the poller, the IDLE watcher and the admin's test-connection).</summary>
    public async Task SignInAsync(MailKit.Net.Imap.ImapClient imap, CancellationToken cancellationToken)
    {
        await imap.ConnectAsync(Host, Port, Enum.Parse<MailKit.Security.SecureSocketOptions>(Security, ignoreCase: true), cancellationToken);
        await imap.AuthenticateAsync(User, Password, cancellationToken);
    }
}

public sealed class ImChannelOptions
{
    /// <summary>Secret of <c>POST /api/v1/channels/im/{gateway}</c>; empty: the IM webhook is off.</summary>
    public string WebhookSecret { get; set; } = string.Empty;

    /// <summary>Where each gateway takes the agents' replies (<c>Im:Gateways:douyin:ReplyUrl</c>); a gateway without one gets none.</summary>
    public Dictionary<string, ImGatewayOptions> Gateways { get; set; } = new(StringComparer.Ordinal);
}

public sealed class ImGatewayOptions
{
    /// <summary>The gateway's endpoint for outbound replies (POST, JSON, signed like the inbound webhook).</summary>
    [Url]
    public string ReplyUrl { get; set; } = string.Empty;
}
