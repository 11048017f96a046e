using System.Threading.RateLimiting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace HelpDesk.Web.Infrastructure;

/// <summary>
/// "Redis" (or <c>ConnectionStrings:Redis</c>): optional. Configured, several instances share the live hub's fan-out,
/// presence and typing, and the rate limits through it; absent, one instance keeps them in its own memory as before.
/// PostgreSQL stays the system of record: nothing in Redis has to survive a Redis restart.
/// </summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string ("redis:6379", "host:port,password=…,ssl=true").</summary>
    public string Configuration { get; set; } = string.Empty;

    /// <summary>Prefix of every key and channel, so several deployments can share one Redis.</summary>
    public string Prefix { get; set; } = "helpdesk";

    /// <summary>How long a viewer's presence lives without its instance renewing it (a crashed instance's users go after this).</summary>
    [System.ComponentModel.DataAnnotations.Range(2, 3600)]
    public int PresenceSeconds { get; set; } = 30;

    public static string? ConfigurationFrom(IConfiguration configuration) =>
        configuration.GetConnectionString("Redis") is { Length: > 0 } s ? s
        : configuration["Redis:Configuration"] is { Length: > 0 } c ? c
        : null;
}

/// <summary>The one connection to Redis of this instance (backplane, presence, rate limits, health), when configured.</summary>
public sealed class RedisConnection(IConnectionMultiplexer multiplexer, string prefix)
{
    public IConnectionMultiplexer Multiplexer { get; } = multiplexer;

    public IDatabase Database => Multiplexer.GetDatabase();

    public RedisKey Key(string name) => $"{prefix}:{name}";

    public static RedisConnection Connect(string configuration, string prefix, TextWriter? log = null)
    {
        var options = ConfigurationOptions.Parse(configuration);
        // Start and go on without Redis (it reconnects by itself), and fail at once while it is away instead of
        // queueing commands: a reply must not wait for the live hub, a rate limit falls back to this instance.
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        return new RedisConnection(ConnectionMultiplexer.Connect(options, log), prefix);
    }
}

public static class RedisSetup
{
    /// <summary>Registers <see cref="RedisConnection"/> and its readiness check when Redis is configured; returns it (or null).</summary>
    public static RedisConnection? AddHelpDeskRedis(this WebApplicationBuilder builder)
    {
        builder.Services.AddHelpDeskOptions<RedisOptions>(RedisOptions.Section);
        if (RedisOptions.ConfigurationFrom(builder.Configuration) is not { } configuration)
        {
            return null;
        }

        var prefix = builder.Configuration.GetSection(RedisOptions.Section).Get<RedisOptions>()?.Prefix ?? "helpdesk";
        var redis = RedisConnection.Connect(configuration, prefix);
        builder.Services.AddSingleton(redis);
        builder.Services.AddSingleton(redis.Multiplexer);
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        return redis;
    }
}

/// <summary>Ready only while Redis answers a PING (when it is configured).</summary>
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var rtt = await redis.Database.PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy($"PING {rtt.TotalMilliseconds:0.#} ms");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer", ex);
        }
    }
}

/// <summary>
/// A fixed-window limit counted in Redis (one INCR per request, the window's expiry set by the first), so every
/// instance counts against one number. While Redis is away it counts in this instance (never an error, never open).
/// </summary>
public sealed class RedisFixedWindowRateLimiter(RedisConnection redis, string key, int permitLimit, TimeSpan window, ILogger logger) : RateLimiter
{
    private const string Script = """
        local n = redis.call('INCR', KEYS[1])
        local ttl = redis.call('PTTL', KEYS[1])
        if n == 1 or ttl < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          ttl = tonumber(ARGV[1])
        end
        return {n, ttl}
        """;

    private readonly FixedWindowRateLimiter _fallback = new(new FixedWindowRateLimiterOptions { PermitLimit = permitLimit, Window = window });
    private long _lastUsed = Environment.TickCount64;

    public override TimeSpan? IdleDuration => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => _fallback.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => AcquireAsyncCore(permitCount, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastUsed, Environment.TickCount64);
        try
        {
            var result = (RedisResult[])(await redis.Database.ScriptEvaluateAsync(Script, [redis.Key("rate:" + key)], [(long)window.TotalMilliseconds]))!;
            var count = (long)result[0];
            return count <= permitLimit ? Lease.Granted : new Lease(TimeSpan.FromMilliseconds((long)result[1]));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Rate limit {Key} counted on this instance only: Redis is not answering ({Error})", key, ex.GetType().Name);
            return await _fallback.AcquireAsync(permitCount, cancellationToken);
        }
    }

    protected override void Dispose(bool disposing)
    {
        _fallback.Dispose();
        base.Dispose(disposing);
    }

    private sealed class Lease(TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(null);

        public override bool IsAcquired => retryAfter is null;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}

/// <summary>Fixed-window limiters for the rate-limit policies: shared through Redis when it is configured, else this instance's.</summary>
public sealed class RateLimits(IServiceProvider services)
{
    private readonly RedisConnection? _redis = services.GetService<RedisConnection>();
    private readonly ILogger _logger = services.GetRequiredService<ILogger<RateLimits>>();

    public bool Shared => _redis is not null;

    public RateLimitPartition<string> FixedWindow(string key, int permitLimit, TimeSpan window) => _redis is { } redis
        ? RateLimitPartition.Get(key, k => new RedisFixedWindowRateLimiter(redis, k, permitLimit, window, _logger))
        : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permitLimit, Window = window });
}
