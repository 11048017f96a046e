using System.Security.Cryptography;
using System.Text;

namespace HelpDesk.Web.Infrastructure;

/// <summary>A machine client's key (the shop system): only its SHA-256 hash is stored (design.md §7).</summary>
public class ApiKey
{
    private ApiKey()
    {
        Name = KeyHash = string.Empty;
    }

    private ApiKey(string name, string keyHash, DateTimeOffset now)
    {
        Name = name;
        KeyHash = keyHash;
        CreatedAt = now;
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    public string KeyHash { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public static (ApiKey Key, string Secret) Create(string name, DateTimeOffset now)
    {
        var secret = "hdk_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        return (new ApiKey(name, Hash(secret), now), secret);
    }

    /// <summary>A key with a secret chosen elsewhere (the demo shop's well-known key).</summary>
    public static ApiKey FromSecret(string name, string secret, DateTimeOffset now) => new(name, Hash(secret), now);

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
