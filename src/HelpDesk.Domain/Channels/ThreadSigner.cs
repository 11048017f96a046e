using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace HelpDesk.Domain.Channels;

/// <summary>
/// The strong link between a ticket and the mail about it: every Message-ID and reply address the desk issues carries
/// the ticket's id and an HMAC-SHA256 of it (80 bits, compared in constant time), so a reply that quotes one of them
/// can be threaded without trusting anything else, and nobody can make one up for a ticket they do not know.
/// Message-ID <c>&lt;hd.{ticket}.{part}.{sig}@domain&gt;</c>; reply address <c>local+hd-{ticket}-{sig}@domain</c>.
/// </summary>
public sealed partial class ThreadSigner
{
    private const int SignatureChars = 20;
    private readonly byte[] _key;

    public ThreadSigner(byte[] key)
    {
        if (key.Length < 16)
        {
            throw new ArgumentException("The threading key needs at least 16 bytes.", nameof(key));
        }

        _key = key;
    }

    /// <summary>A Message-ID (without angle brackets) for an e-mail about <paramref name="ticketId"/>; <paramref name="part"/> makes it unique (letters and digits).</summary>
    public string MessageId(long ticketId, string part, string domain)
    {
        var payload = Invariant(ticketId) + "." + part;
        return $"hd.{payload}.{Sign("msg:" + payload)}@{domain}";
    }

    /// <summary>The signed reply address of a ticket on a mailbox (<c>service@shop.cn</c> → <c>service+hd-100001-…@shop.cn</c>).</summary>
    public string ReplyAddress(long ticketId, string mailbox)
    {
        var at = mailbox.LastIndexOf('@');
        return $"{mailbox[..at]}+hd-{Invariant(ticketId)}-{Sign("addr:" + Invariant(ticketId))}{mailbox[at..]}";
    }

    /// <summary>The ticket a Message-ID we issued belongs to; null when it is not ours or its signature is wrong.</summary>
    public long? TicketOfMessageId(string? messageId)
    {
        var match = messageId is null ? Match.Empty : MessageIdShape().Match(messageId);
        return match.Success && Verify("msg:" + match.Groups[1].Value + "." + match.Groups[2].Value, match.Groups[3].Value)
            ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>The ticket a signed reply address points at; null when it is not one or its signature is wrong.</summary>
    public long? TicketOfAddress(string? address)
    {
        var match = address is null ? Match.Empty : AddressShape().Match(address);
        return match.Success && Verify("addr:" + match.Groups[1].Value, match.Groups[2].Value)
            ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : null;
    }

    private string Sign(string payload) =>
        Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(payload)))[..SignatureChars].ToLowerInvariant();

    private bool Verify(string payload, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(payload)), Encoding.ASCII.GetBytes(signature.ToLowerInvariant()));

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^<?hd\.([0-9]{1,18})\.([0-9a-z]{1,30})\.([0-9a-f]{20})@[^>\s]+>?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex MessageIdShape();

    [GeneratedRegex(@"\+hd-([0-9]{1,18})-([0-9a-f]{20})@", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AddressShape();
}
