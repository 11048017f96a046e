using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HelpDesk.Web.Features.Channels.WeChat;

/// <summary>
/// The part of the WeChat API the desk calls, at the configurable base: the access token
/// (<c>GET /cgi-bin/token?grant_type=client_credential</c>, cached until shortly before it expires, fetched anew on
/// 40001/42001/40014) and the customer-service message (<c>POST /cgi-bin/message/custom/send?access_token=</c>, JSON
/// text). One instance per app; a token is per account, so it is cached by AppID and API base.
/// </summary>
public sealed class WeChatApi(IHttpClientFactory clients, TimeProvider clock) : IDisposable
{
    public const string Client = "wechat";
    private static readonly int[] TokenErrors = [40001, 40014, 42001];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Key, string Token, DateTimeOffset Until)? _token;

    public void Dispose() => _gate.Dispose();

    /// <summary>Sends <paramref name="text"/> to <paramref name="openId"/>; throws <see cref="Outbound.DeliveryException"/> when WeChat refuses or fails.</summary>
    public async Task SendTextAsync(WeChatAccount account, string openId, string text, CancellationToken cancellationToken)
    {
        var payload = new { touser = openId, msgtype = "text", text = new { content = text } };
        for (var attempt = 0; ; attempt++)
        {
            var token = await TokenAsync(account, refresh: attempt > 0, cancellationToken);
            var answer = await CallAsync(c => c.PostAsJsonAsync($"{account.ApiBase}/cgi-bin/message/custom/send?access_token={Uri.EscapeDataString(token)}", payload, cancellationToken), cancellationToken);
            if (answer.ErrCode == 0)
            {
                return;
            }

            if (TokenErrors.Contains(answer.ErrCode) && attempt == 0)
            {
                continue;
            }

            // -1: WeChat is busy (try later); 45015 (out of the 48-hour window), 45047, 40003 (unknown openid) and the rest: final.
            throw new Outbound.DeliveryException($"WeChat {answer.ErrCode}: {answer.ErrMsg}", final: answer.ErrCode != -1);
        }
    }

    private async Task<string> TokenAsync(WeChatAccount account, bool refresh, CancellationToken cancellationToken)
    {
        var key = account.ApiBase + "|" + account.AppId + "|" + account.AppSecret.GetHashCode(StringComparison.Ordinal);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!refresh && _token is { } cached && cached.Key == key && cached.Until > clock.GetUtcNow())
            {
                return cached.Token;
            }

            var url = $"{account.ApiBase}/cgi-bin/token?grant_type=client_credential&appid={Uri.EscapeDataString(account.AppId)}&secret={Uri.EscapeDataString(account.AppSecret)}";
            var answer = await CallAsync(c => c.GetAsync(url, cancellationToken), cancellationToken);
            if (answer.ErrCode != 0 || string.IsNullOrEmpty(answer.AccessToken))
            {
                throw new Outbound.DeliveryException($"WeChat token {answer.ErrCode}: {answer.ErrMsg}", final: answer.ErrCode is 40013 or 40125 or 40164);
            }

            // Fetched again a little before WeChat lets it expire (7200 s), so no send carries a token in its last minute.
            var lifetime = TimeSpan.FromSeconds(answer.ExpiresIn > 300 ? answer.ExpiresIn - 120 : Math.Max(30, answer.ExpiresIn / 2));
            _token = (key, answer.AccessToken, clock.GetUtcNow() + lifetime);
            return answer.AccessToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Answer> CallAsync(Func<HttpClient, Task<HttpResponseMessage>> call, CancellationToken cancellationToken)
    {
        using var response = await call(clients.CreateClient(Client));
        if (response.StatusCode >= HttpStatusCode.InternalServerError || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
        {
            throw new Outbound.DeliveryException($"WeChat HTTP {(int)response.StatusCode}", final: false);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new Outbound.DeliveryException($"WeChat HTTP {(int)response.StatusCode}", final: true);
        }

        try
        {
            return await response.Content.ReadFromJsonAsync<Answer>(cancellationToken) ?? throw new JsonException("empty");
        }
        catch (JsonException ex)
        {
            throw new Outbound.DeliveryException("WeChat answered no JSON: " + ex.Message, final: false);
        }
    }

    private sealed record Answer(
        [property: JsonPropertyName("errcode")] int ErrCode,
        [property: JsonPropertyName("errmsg")] string? ErrMsg,
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
