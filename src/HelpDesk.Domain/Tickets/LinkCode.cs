using System.Security.Cryptography;
using System.Text;

namespace HelpDesk.Domain.Tickets;

/// <summary>
/// A one-time code by SMS for a customer who gave only a mobile number: "find my ticket" opens a challenge (always, so
/// the page says nothing about whether the details matched), the code goes to the phone only when they did, and the
/// right code within <see cref="Lifetime"/> and <see cref="MaxAttempts"/> tries gives a new link to the ticket.
/// Only the code's hash is kept.
/// </summary>
public class LinkCode
{
    public const int MaxAttempts = 5;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private LinkCode()
    {
        Id = CodeHash = string.Empty;
    }

    private LinkCode(string id, long? ticketId, string codeHash, DateTimeOffset now)
    {
        Id = id;
        TicketId = ticketId;
        CodeHash = codeHash;
        CreatedAt = now;
        ExpiresAt = now + Lifetime;
    }

    /// <summary>The challenge's name in the URL: 128 random bits, URL-safe.</summary>
    public string Id { get; private set; }

    /// <summary>The ticket the code opens; none when the details did not match (no code was sent).</summary>
    public long? TicketId { get; private set; }

    public string CodeHash { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset? UsedAt { get; private set; }

    /// <summary>A new challenge and its six-digit code (to send by SMS when <paramref name="ticketId"/> is known).</summary>
    public static (LinkCode Challenge, string Code) Issue(long? ticketId, DateTimeOffset now)
    {
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        return (new LinkCode(id, ticketId, Hash(id, code), now), code);
    }

    /// <summary>Counts the try; the ticket when the code is right, unused, in time and within the tries; else nothing.</summary>
    public long? Redeem(string? code, DateTimeOffset now)
    {
        Attempts++;
        if (UsedAt is not null || now >= ExpiresAt || Attempts > MaxAttempts || TicketId is null
            || code is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(Id, code.Trim())), Encoding.ASCII.GetBytes(CodeHash)))
        {
            return null;
        }

        UsedAt = now;
        return TicketId;
    }

    public static bool LooksLikeId(string? id) => id is { Length: 22 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Hash(string id, string code) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id + ":" + code)));
}
