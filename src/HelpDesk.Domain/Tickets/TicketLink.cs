using System.Security.Cryptography;
using System.Text;
using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Tickets;

/// <summary>
/// A customer's way into one ticket without a password (design.md §7): a 256-bit random token, of which only the
/// SHA-256 hash is stored, valid until it expires or is revoked. Whoever holds the link sees that ticket only.
/// </summary>
public class TicketLink
{
    private TicketLink()
    {
        TokenHash = string.Empty;
    }

    private TicketLink(long ticketId, string tokenHash, DateTimeOffset now, TimeSpan lifetime)
    {
        TicketId = ticketId;
        TokenHash = tokenHash;
        CreatedAt = now;
        ExpiresAt = now + lifetime;
    }

    public long Id { get; private set; }

    public long TicketId { get; private set; }

    /// <summary>Hex SHA-256 of the token; the token itself is only ever in the customer's hands.</summary>
    public string TokenHash { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>A new link: returns the entity to store and the token to send (URL-safe, 43 characters).</summary>
    public static (TicketLink Link, string Token) Issue(long ticketId, DateTimeOffset now, TimeSpan lifetime)
    {
        var token = NewToken();
        return (new TicketLink(ticketId, Hash(token), now, lifetime), token);
    }

    /// <summary>A fresh secret for a link that needs no password: 256 random bits, URL-safe base64 (43 characters); store only its <see cref="Hash"/>.</summary>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Cheap shape check before any database work: 43 URL-safe base64 characters.</summary>
    public static bool LooksLikeToken(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public bool IsValid(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;

    public void Revoke(DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            throw new DomainException("link.revoked");
        }

        RevokedAt = now;
    }
}
