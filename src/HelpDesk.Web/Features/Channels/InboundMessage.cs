using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;

namespace HelpDesk.Web.Features.Channels;

/// <summary>
/// What every channel adapter (IMAP, the mail webhook, the IM gateway) turns what arrives into, so one slice
/// (<see cref="Receive"/>) decides who wrote, to which ticket, and whether at all. <see cref="ExternalId"/> is the
/// channel's own id (a mail's Message-ID, a gateway's message id): (channel, external id) is unique, so a message
/// delivered again is recognised. <see cref="Raw"/> is the original as it came (the .eml), kept for audit.
/// </summary>
public sealed record InboundMessage(
    Channel Channel,
    string ExternalId,
    IReadOnlyList<SenderIdentity> Senders,
    string? SenderName,
    string? Subject,
    string Text,
    ThreadHints Hints,
    byte[] Raw,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The HTML of the message after HtmlSanitizer (null for plain text); kept with the raw original.</summary>
    public string? SafeHtml { get; init; }

    public IReadOnlyList<Shared.Upload> Attachments { get; init; } = [];

    /// <summary>The sender's authentication as the receiving server judged it (spf/dkim/dmarc from Authentication-Results).</summary>
    public string? AuthResults { get; init; }

    /// <summary>Set by the adapter when the message must not reach a ticket (an auto-reply, our own mail come back).</summary>
    public string? DropReason { get; init; }

    /// <summary>Which mailbox or gateway it came through (audit).</summary>
    public string? Source { get; init; }

    /// <summary>The channel's own hourly cap per sender, where it differs from <c>PerSenderPerHour</c> (a chat is many short messages).</summary>
    public int? SenderCap { get; init; }
}

/// <summary>
/// One way the sender is known: an e-mail address, a phone number, a gateway's user id. <paramref name="Verified"/>:
/// the channel vouches for it (the mail's sender, a signed shop login, the gateway's own user id, the caller's
/// number); an unverified claim (a phone number a customer typed into an IM app) never links the message to the
/// customer holding it — it suggests a merge instead (<see cref="Receive"/>). Adapters list a verified identity first.
/// </summary>
public sealed record SenderIdentity(ContactKind Kind, string Value, bool Verified = true)
{
    public string Key => $"{Kind}:{CustomerContact.Normalize(Kind, Value)}".ToLowerInvariant();
}

/// <summary>
/// How the message may belong to a ticket, strongest first: ids and addresses we issued and signed, the channel's own
/// earlier message ids it refers to (In-Reply-To, References), a gateway's conversation id and a ticket number it names.
/// </summary>
public sealed record ThreadHints(IReadOnlyList<string> SignedTokens, IReadOnlyList<string> References, string? TicketNumber, string? Conversation = null)
{
    public static readonly ThreadHints None = new([], [], null);
}
