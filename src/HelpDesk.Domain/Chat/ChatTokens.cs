using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HelpDesk.Domain.Chat;

/// <summary>
/// The live chat's bearer tokens: a visitor token (who this browser is, kept by the widget) and a session token (one
/// chat), each <c>{kind}1.{guid:N}.{HMAC-SHA256 of kind and id, 128 bits, hex}</c>, compared in constant time. Nobody
/// can make one up for a visitor or a chat they do not know.
/// </summary>
public sealed class ChatTokens
{
    public const string VisitorKind = "v";
    public const string SessionKind = "s";
    private const int SignatureChars = 32;
    private readonly byte[] _key;

    public ChatTokens(byte[] key)
    {
        if (key.Length < 16)
        {
            throw new ArgumentException("The chat key needs at least 16 bytes.", nameof(key));
        }

        _key = key;
    }

    public string Issue(string kind, Guid id) => $"{kind}1.{id:N}.{Signature(kind, id)}";

    /// <summary>The id in a token of this kind, or null when it is not one we issued.</summary>
    public Guid? Read(string kind, string? token)
    {
        var parts = (token ?? string.Empty).Split('.');
        if (parts.Length != 3 || parts[0] != kind + "1" || !Guid.TryParseExact(parts[1], "N", out var id) || parts[2].Length != SignatureChars)
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(parts[2]), Encoding.ASCII.GetBytes(Signature(kind, id))) ? id : null;
    }

    private string Signature(string kind, Guid id) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"chat.{kind}.{id:N}")))[..SignatureChars];
}

/// <summary>
/// A shopper the shop's login vouches for: the shop's server signs <c>"{userId}\n{email}\n{name}\n{timestamp}"</c>
/// with the shared secret (HMAC-SHA256, hex) and renders it into the widget's tag. A signature that does not match,
/// an empty secret, or a timestamp older than the allowed age (or more than five minutes ahead) proves nothing.
/// </summary>
public sealed record ShopIdentity(string UserId, string? Email, string? Name, long Timestamp, string Signature)
{
    public static string Payload(string userId, string? email, string? name, long timestamp) =>
        string.Join('\n', userId, email ?? string.Empty, name ?? string.Empty, timestamp.ToString(CultureInfo.InvariantCulture));

    public static string Sign(string secret, string userId, string? email, string? name, long timestamp) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(Payload(userId, email, name, timestamp))));

    public bool IsValid(string secret, DateTimeOffset now, TimeSpan maxAge)
    {
        if (secret.Length < 16 || string.IsNullOrWhiteSpace(UserId) || UserId.Length > 100 || Email?.Length > 200 || Name?.Length > 100)
        {
            return false;
        }

        var at = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(Timestamp, 0, 253402300799));
        if (at < now - maxAge || at > now.AddMinutes(5))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, UserId, Email, Name, Timestamp));
        var given = Encoding.ASCII.GetBytes((Signature ?? string.Empty).Trim().ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}

/// <summary>Where a chat stands.</summary>
public enum ChatState
{
    /// <summary>Opened by the widget; the customer has not written yet.</summary>
    Waiting,

    /// <summary>An agent has it in their console.</summary>
    Active,

    /// <summary>Agents of the chat team are online but all at capacity: it waits in line for the first free one.</summary>
    Queued,

    /// <summary>No agent online (or the wait in line ran out): it became a ticket for the team, acknowledged with the answer time.</summary>
    Ticketed,

    /// <summary>The agent ended it (its ticket stays).</summary>
    Ended,
}
