using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HelpDesk.Web.Features.Channels;

/// <summary>
/// The signature of every inbound webhook (design.md §7): <c>X-HelpDesk-Timestamp</c> (Unix seconds) and
/// <c>X-HelpDesk-Signature: sha256=</c> hex HMAC-SHA256 of <c>"{timestamp}." + body</c> with the channel's secret.
/// A timestamp outside the replay window is refused even with a good signature; within it, a replayed message is
/// recognised by its external id.
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "X-HelpDesk-Timestamp";
    public const string SignatureHeader = "X-HelpDesk-Signature";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var data = new byte[prefix.Length + body.Length];
        prefix.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data)).ToLowerInvariant();
    }

    /// <summary>Null when the request is signed and fresh; otherwise the problem's message key.</summary>
    public static string? Check(string secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, int windowSeconds)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || string.IsNullOrEmpty(signature))
        {
            return "webhook.unsigned";
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, seconds, body));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature.Trim().ToLowerInvariant())))
        {
            return "webhook.signature";
        }

        return Math.Abs(now.ToUnixTimeSeconds() - seconds) > windowSeconds ? "webhook.stale" : null;
    }

    /// <summary>
    /// As <see cref="Check"/> against each secret in force (a rotated secret's predecessor within its grace period):
    /// null when one of them signed it and it is fresh.
    /// </summary>
    public static string? CheckAny(IReadOnlyList<string> secrets, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, int windowSeconds)
    {
        string? refusal = "webhook.signature";
        foreach (var secret in secrets)
        {
            refusal = Check(secret, timestamp, signature, body, now, windowSeconds);
            if (refusal != "webhook.signature")
            {
                return refusal;
            }
        }

        return refusal;
    }

    /// <summary>Reads at most <paramref name="max"/> bytes; null when the body is larger (413).</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        if (request.ContentLength > max)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
