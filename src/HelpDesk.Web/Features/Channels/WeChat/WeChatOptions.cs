using System.ComponentModel.DataAnnotations;

namespace HelpDesk.Web.Features.Channels.WeChat;

/// <summary>
/// "HelpDesk:Channels:WeChat": the Official Account. The credentials here are the fallback; what an admin saves on
/// /admin/channels (stored encrypted) wins. No token: the WeChat endpoint is off (404).
/// </summary>
public sealed class WeChatOptions
{
    /// <summary>The account's AppID (<c>wx…</c>).</summary>
    public string AppId { get; set; } = string.Empty;

    /// <summary>The AppSecret, for the access token of the customer-service message API.</summary>
    public string AppSecret { get; set; } = string.Empty;

    /// <summary>The Token of the server configuration (signs every request WeChat sends).</summary>
    public string Token { get; set; } = string.Empty;

    /// <summary>The EncodingAESKey (43 characters); set: safe mode, plain messages are refused.</summary>
    public string EncodingAesKey { get; set; } = string.Empty;

    /// <summary>Where the WeChat API is (tests point it at a fake on loopback).</summary>
    [Required]
    [Url]
    public string ApiBase { get; set; } = "https://api.weixin.qq.com";

    /// <summary>WeChat takes customer-service messages only this long after the customer's last message.</summary>
    [Range(1, 48)]
    public int ReplyWindowHours { get; set; } = 48;

    [Range(1024, 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;
}

/// <summary>The credentials in force (stored over appsettings).</summary>
public sealed record WeChatAccount(string AppId, string AppSecret, string Token, string EncodingAesKey, string ApiBase)
{
    public bool Enabled => Token.Length > 0;

    public bool SafeMode => EncodingAesKey.Length > 0;
}
