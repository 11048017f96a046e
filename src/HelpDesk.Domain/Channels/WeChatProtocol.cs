using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace HelpDesk.Domain.Channels;

/// <summary>
/// The WeChat Official Account message protocol, written with the BCL (no SDK): the SHA-1 signature of the sorted
/// token/timestamp/nonce (and, in safe mode, the encrypted message: <c>msg_signature</c>), and safe mode's
/// AES-256-CBC with the EncodingAESKey (key = Base64(EncodingAESKey + "="), IV = its first 16 bytes, PKCS#7 padding to
/// 32-byte blocks) over <c>random(16) ‖ length(4, big-endian) ‖ xml ‖ appid</c>. Message XML is read flat
/// (<c>&lt;xml&gt;&lt;Name&gt;value&lt;/Name&gt;…</c>) with DTDs refused.
/// </summary>
public static class WeChatProtocol
{
    public const int EncodingAesKeyLength = 43;
    private const int Block = 32;

    /// <summary>Lower-case hex SHA-1 of the parts sorted (ordinal) and joined, as WeChat signs.</summary>
    public static string Signature(params string[] parts)
    {
        var sorted = parts.Order(StringComparer.Ordinal);
#pragma warning disable CA5350 // WeChat's protocol mandates SHA-1 here; it is WeChat's signature, not ours to choose.
        return Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(sorted)))).ToLowerInvariant();
#pragma warning restore CA5350
    }

    /// <summary>True when <paramref name="given"/> is the signature of <paramref name="parts"/> (constant time).</summary>
    public static bool Verify(string? given, params string[] parts) =>
        !string.IsNullOrEmpty(given) && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Signature(parts)), Encoding.ASCII.GetBytes(given.Trim().ToLowerInvariant()));

    /// <summary>The 32-byte AES key of an EncodingAESKey (43 Base64 characters); null when it is not one.</summary>
    public static byte[]? Key(string? encodingAesKey)
    {
        if (encodingAesKey is not { Length: EncodingAesKeyLength })
        {
            return null;
        }

        try
        {
            var key = Convert.FromBase64String(encodingAesKey + "=");
            return key.Length == 32 ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Encrypts <paramref name="xml"/> for <paramref name="appId"/> (Base64), as WeChat and a passive reply do.</summary>
    public static string Encrypt(string encodingAesKey, string appId, string xml, byte[]? random = null)
    {
        var key = Key(encodingAesKey) ?? throw new ArgumentException("Not an EncodingAESKey.", nameof(encodingAesKey));
        var message = Encoding.UTF8.GetBytes(xml);
        var app = Encoding.UTF8.GetBytes(appId);
        var plain = new List<byte>(random ?? RandomNumberGenerator.GetBytes(16));
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, message.Length);
        plain.AddRange(length);
        plain.AddRange(message);
        plain.AddRange(app);
        var pad = Block - (plain.Count % Block);
        plain.AddRange(Enumerable.Repeat((byte)pad, pad));
        using var aes = Aes.Create();
        aes.Key = key;
        return Convert.ToBase64String(aes.EncryptCbc(plain.ToArray(), key.AsSpan(0, 16), PaddingMode.None));
    }

    /// <summary>The XML inside a safe-mode message; null when it does not decrypt, is malformed or is for another app id.</summary>
    public static string? Decrypt(string encodingAesKey, string appId, string encrypted)
    {
        var key = Key(encodingAesKey);
        byte[] cipher;
        try
        {
            cipher = Convert.FromBase64String(encrypted);
        }
        catch (FormatException)
        {
            return null;
        }

        if (key is null || cipher.Length == 0 || cipher.Length % 16 != 0)
        {
            return null;
        }

        using var aes = Aes.Create();
        aes.Key = key;
        var plain = aes.DecryptCbc(cipher, key.AsSpan(0, 16), PaddingMode.None);
        var pad = plain[^1];
        if (pad is < 1 or > Block || pad > plain.Length || plain.Length < 20 + pad)
        {
            return null;
        }

        var body = plain.AsSpan(0, plain.Length - pad);
        var length = BinaryPrimitives.ReadInt32BigEndian(body.Slice(16, 4));
        if (length < 0 || 20 + length > body.Length)
        {
            return null;
        }

        var from = Encoding.UTF8.GetString(body[(20 + length)..]);
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(from), Encoding.UTF8.GetBytes(appId))
            ? Encoding.UTF8.GetString(body.Slice(20, length))
            : null;
    }

    /// <summary>The child elements of the <c>&lt;xml&gt;</c> root as name → text; null when it is not such XML (DTDs refused).</summary>
    public static IReadOnlyDictionary<string, string>? Fields(string xml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 1_000_000, IgnoreComments = true };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            var root = System.Xml.Linq.XDocument.Load(reader).Root;
            return root is null || root.Name.LocalName != "xml"
                ? null
                : root.Elements().GroupBy(e => e.Name.LocalName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>WeChat's own message XML (CDATA text), for tests and passive replies.</summary>
    public static string Xml(IEnumerable<KeyValuePair<string, string>> fields) =>
        "<xml>" + string.Concat(fields.Select(f => $"<{f.Key}><![CDATA[{f.Value.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal)}]]></{f.Key}>")) + "</xml>";
}
