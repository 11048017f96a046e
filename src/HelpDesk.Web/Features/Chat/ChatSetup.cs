using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using HelpDesk.Domain.Chat;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Channels;
using HelpDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Chat;

/// <summary>"HelpDesk:Chat": the secrets and limits of the live chat (its widget settings are on /admin/chat).</summary>
public sealed class ChatOptions
{
    public const string Section = "HelpDesk:Chat";

    /// <summary>The secret the shop's server signs a logged-in shopper's identity with (≥ 16 characters); empty: every visitor is anonymous.</summary>
    public string IdentitySecret { get; set; } = string.Empty;

    /// <summary>A signed identity older than this is not believed (the shop renders a fresh one with each page).</summary>
    [Range(1, 10_080)]
    public int IdentityMaxAgeMinutes { get; set; } = 1440;

    /// <summary>The largest photo a customer may send, in bytes (never more than a ticket attachment).</summary>
    [Range(1024, Domain.Tickets.Attachment.MaxBytes)]
    public int PhotoMaxBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>More messages than this from one chat visitor within an hour are dropped (a flood).</summary>
    [Range(1, 100_000)]
    public int PerVisitorPerHour { get; set; } = 300;

    /// <summary>
    /// How long a chat waits in line while every online agent of the chat team is at capacity before it becomes a
    /// ticket with the acknowledgement (0: no line, straight to a ticket).
    /// </summary>
    [Range(0, 120)]
    public int QueueMinutes { get; set; } = 5;
}

/// <summary>The key of the chat's tokens: a random key made once in <c>channel_keys</c> (every instance signs alike). Cached.</summary>
public sealed class ChatKeys
{
    private ChatTokens? _tokens;

    public async Task<ChatTokens> TokensAsync(HelpDeskDbContext db, CancellationToken cancellationToken)
    {
        if (_tokens is not null)
        {
            return _tokens;
        }

        var fresh = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        await db.Database.ExecuteSqlAsync($"INSERT INTO channel_keys (name, value) VALUES ('chat', {fresh}) ON CONFLICT (name) DO NOTHING", cancellationToken);
        var key = await db.Set<ChannelKey>().AsNoTracking().Where(k => k.Name == "chat").Select(k => k.Value).SingleAsync(cancellationToken);
        return _tokens = new ChatTokens(Convert.FromHexString(key));
    }
}

/// <summary>The widget settings as the hub's CORS check reads them: from the database, kept 15 seconds (saving clears it here).</summary>
public sealed class ChatSettingsCache(IServiceScopeFactory scopes, TimeProvider clock)
{
    private (ChatSettings Settings, DateTimeOffset Until)? _cached;

    public async Task<ChatSettings> GetAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } c && c.Until > clock.GetUtcNow())
        {
            return c.Settings;
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpDeskDbContext>();
        var settings = await LoadAsync(db, cancellationToken);
        _cached = (settings, clock.GetUtcNow().AddSeconds(15));
        return settings;
    }

    public void Clear() => _cached = null;

    public static async Task<ChatSettings> LoadAsync(HelpDeskDbContext db, CancellationToken cancellationToken) =>
        await db.Set<ChatSettings>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == 1, cancellationToken) ?? new ChatSettings();
}

public static class ChatSetup
{
    public static IServiceCollection AddHelpDeskChat(this IServiceCollection services)
    {
        services.AddHelpDeskOptions<ChatOptions>(ChatOptions.Section);
        services.AddSingleton<ChatKeys>();
        services.AddSingleton<ChatSettingsCache>();
        services.AddScoped<ChatRouting>();
        return services;
    }

    /// <summary>
    /// CORS for the widget's calls (<c>/hubs/chat</c>, <c>/api/v1/chat</c>): a page of an allowed origin (admin setting)
    /// or of the desk itself may call; any other origin is refused with 403 before anything runs. No credentials
    /// (cookies) cross origins: the widget carries its tokens itself.
    /// </summary>
    public static IApplicationBuilder UseHelpDeskChatCors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (!(path.StartsWithSegments(ChatHub.Path, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(ChatApi.Prefix, StringComparison.OrdinalIgnoreCase))
            || context.Request.Headers.Origin is not [{ Length: > 0 } origin])
        {
            await next();
            return;
        }

        var own = $"{context.Request.Scheme}://{context.Request.Host}";
        var settings = await context.RequestServices.GetRequiredService<ChatSettingsCache>().GetAsync(context.RequestAborted);
        if (!string.Equals(origin, own, StringComparison.OrdinalIgnoreCase) && !settings.AllowedOrigins.Contains(origin.TrimEnd('/').ToLowerInvariant()))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = origin;
        headers.Vary = "Origin";
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            headers.AccessControlAllowMethods = "GET, POST";
            headers.AccessControlAllowHeaders = "Content-Type, X-Requested-With, X-SignalR-User-Agent, X-Chat-Session";
            headers.AccessControlMaxAge = "600";
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        await next();
    });

    /// <summary>An allowed origin as stored: scheme, host and port, lower case, no path; null when it is not one.</summary>
    public static string? NormalizeOrigin(string value)
    {
        var trimmed = value.Trim().TrimEnd('/');
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.PathAndQuery != "/" || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0 || trimmed.Count(c => c == '/') != 2)
        {
            return null;
        }

        return uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
    }
}
