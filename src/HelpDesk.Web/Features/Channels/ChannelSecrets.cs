using System.Security.Cryptography;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Channels.WeChat;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Channels;

/// <summary>
/// One channel setting an admin stored on /admin/channels (<c>channel_secrets</c>), encrypted with ASP.NET Core Data
/// Protection (key ring in <c>data_protection_keys</c>), never shown again. A rotated webhook secret keeps the one
/// before it, accepted until <see cref="PreviousUntil"/> (the grace period), then refused.
/// </summary>
public class ChannelSecret
{
    private ChannelSecret()
    {
        Name = Protected = string.Empty;
    }

    public ChannelSecret(string name) : this() => Name = name;

    public string Name { get; private set; }

    public string Protected { get; private set; }

    public string? PreviousProtected { get; private set; }

    public DateTimeOffset? PreviousUntil { get; private set; }

    public DateTimeOffset ChangedAt { get; private set; }

    public void Set(string protectedValue, DateTimeOffset now)
    {
        Protected = protectedValue;
        ChangedAt = now;
    }

    /// <summary>A new value; the old one (<paramref name="previousProtected"/>) stays accepted until <paramref name="until"/>.</summary>
    public void Rotate(string protectedValue, string? previousProtected, DateTimeOffset until, DateTimeOffset now)
    {
        PreviousProtected = previousProtected;
        PreviousUntil = previousProtected is null ? null : until;
        Set(protectedValue, now);
    }
}

/// <summary>
/// The channel settings in force: what an admin stored (decrypted here, nowhere else) over appsettings, which stays the
/// fallback. Names: <see cref="ImWebhook"/>, <see cref="MailWebhook"/> and the WeChat credentials.
/// </summary>
public sealed class ChannelSecrets(HelpDeskDbContext db, IDataProtectionProvider protection, IOptions<ChannelOptions> options, TimeProvider clock)
{
    public const string ImWebhook = "im-webhook";
    public const string MailWebhook = "mail-webhook";
    public const string WeChatAppId = "wechat-app-id";
    public const string WeChatAppSecret = "wechat-app-secret";
    public const string WeChatToken = "wechat-token";
    public const string WeChatAesKey = "wechat-aes-key";

    public static readonly string[] Rotatable = [ImWebhook, MailWebhook];

    public static readonly string[] WeChatNames = [WeChatAppId, WeChatAppSecret, WeChatToken, WeChatAesKey];

    private IDataProtector Protector => protection.CreateProtector("HelpDesk.Channels.Secrets.v1");

    public string Protect(string value) => Protector.Protect(value);

    /// <summary>The secrets a signed webhook may use now: the current one and, within its grace period, the one before; empty: off.</summary>
    public async Task<IReadOnlyList<string>> AcceptedAsync(string name, CancellationToken cancellationToken)
    {
        var stored = await db.Set<ChannelSecret>().AsNoTracking().SingleOrDefaultAsync(s => s.Name == name, cancellationToken);
        if (stored is null)
        {
            return Fallback(name) is { Length: > 0 } configured ? [configured] : [];
        }

        var accepted = new List<string> { Protector.Unprotect(stored.Protected) };
        if (stored.PreviousProtected is { } previous && stored.PreviousUntil > clock.GetUtcNow())
        {
            accepted.Add(Protector.Unprotect(previous));
        }

        return accepted;
    }

    /// <summary>The current value (outgoing signatures use it); empty when none.</summary>
    public async Task<string> CurrentAsync(string name, CancellationToken cancellationToken) =>
        await AcceptedAsync(name, cancellationToken) is { Count: > 0 } accepted ? accepted[0] : string.Empty;

    public async Task<WeChatAccount> WeChatAsync(CancellationToken cancellationToken)
    {
        var stored = await db.Set<ChannelSecret>().AsNoTracking().Where(s => WeChatNames.Contains(s.Name)).ToDictionaryAsync(s => s.Name, s => s.Protected, cancellationToken);
        string Value(string name) => stored.TryGetValue(name, out var p) ? Protector.Unprotect(p) : Fallback(name);
        return new WeChatAccount(Value(WeChatAppId), Value(WeChatAppSecret), Value(WeChatToken), Value(WeChatAesKey), options.Value.WeChat.ApiBase.TrimEnd('/'));
    }

    /// <summary>
    /// Replaces a webhook secret with a new random one, returned once; the one in force before (stored or from
    /// appsettings) stays accepted for <see cref="ChannelOptions.SecretGraceHours"/>. The caller saves.
    /// </summary>
    public async Task<string> RotateAsync(string name, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var stored = await db.Set<ChannelSecret>().SingleOrDefaultAsync(s => s.Name == name, cancellationToken);
        var previous = stored?.Protected ?? (Fallback(name) is { Length: > 0 } configured ? Protect(configured) : null);
        if (stored is null)
        {
            stored = new ChannelSecret(name);
            db.Add(stored);
        }

        stored.Rotate(Protect(fresh), previous, now.AddHours(options.Value.SecretGraceHours), now);
        return fresh;
    }

    /// <summary>Stores <paramref name="value"/> (encrypted) as the setting <paramref name="name"/>. The caller saves.</summary>
    public async Task SetAsync(string name, string value, CancellationToken cancellationToken)
    {
        var stored = await db.Set<ChannelSecret>().SingleOrDefaultAsync(s => s.Name == name, cancellationToken);
        if (stored is null)
        {
            stored = new ChannelSecret(name);
            db.Add(stored);
        }

        stored.Set(Protect(value), clock.GetUtcNow());
    }

    private string Fallback(string name) => name switch
    {
        ImWebhook => options.Value.Im.WebhookSecret,
        MailWebhook => options.Value.Mail.WebhookSecret,
        WeChatAppId => options.Value.WeChat.AppId,
        WeChatAppSecret => options.Value.WeChat.AppSecret,
        WeChatToken => options.Value.WeChat.Token,
        WeChatAesKey => options.Value.WeChat.EncodingAesKey,
        _ => string.Empty,
    };
}
