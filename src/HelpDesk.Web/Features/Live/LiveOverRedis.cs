using System.Collections.Concurrent;
using HelpDesk.Web.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace HelpDesk.Web.Features.Live;

/// <summary>The hub connections of this instance (their ids), so they can be told to catch up.</summary>
public sealed class LiveConnections
{
    private readonly ConcurrentDictionary<string, byte> _connections = new(StringComparer.Ordinal);
    private int _missed;

    public IReadOnlyCollection<string> Ids => (IReadOnlyCollection<string>)_connections.Keys;

    public void Add(string connectionId) => _connections[connectionId] = 0;

    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);

    /// <summary>An announcement of this instance could not be sent (Redis away): when Redis is back, every page must catch up.</summary>
    public void Missed() => Interlocked.Exchange(ref _missed, 1);

    public bool TakeMissed() => Interlocked.Exchange(ref _missed, 0) == 1;
}

/// <summary>
/// With Redis configured: every third of <see cref="RedisOptions.PresenceSeconds"/> renews this instance's presence
/// entries and announces the lists that lost someone (the users of a crashed instance). When Redis comes back after
/// an outage (a restart, a failover), whatever the backplane carried meanwhile is lost: every connection of this
/// instance is sent "resync" (directly: a message to a local connection never goes through Redis), on which the page
/// asks what changed since it last knew and reads its queue again (live.js) — no reload. If announcements of this
/// instance were lost meanwhile, every connection of every instance is told instead. The backplane's own
/// subscriptions come back by themselves (StackExchange.Redis subscribes again on reconnect).
/// </summary>
public sealed class LiveOverRedis(
    RedisConnection redis,
    RedisPresence presence,
    LiveConnections connections,
    IHubContext<TicketHub> hub,
    Microsoft.Extensions.Options.IOptions<RedisOptions> options,
    ILogger<LiveOverRedis> logger) : BackgroundService
{
    private int _lost;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        redis.Multiplexer.ConnectionFailed += OnFailed;
        redis.Multiplexer.ConnectionRestored += OnRestored;
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.PresenceSeconds) / 3);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    foreach (var (group, people) in await presence.RenewAsync())
                    {
                        await hub.Clients.Group(group).SendAsync("presence", people, stoppingToken);
                    }
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    logger.LogWarning("Presence not renewed: Redis is not answering ({Error})", ex.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            redis.Multiplexer.ConnectionFailed -= OnFailed;
            redis.Multiplexer.ConnectionRestored -= OnRestored;
        }
    }

    private void OnFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            Interlocked.Exchange(ref _lost, 1);
            logger.LogWarning("Redis subscription lost ({Failure}): live updates from other instances pause", e.FailureType);
        }
    }

    private void OnRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription && Interlocked.Exchange(ref _lost, 0) == 1)
        {
            _ = ResyncAsync();
        }
    }

    private async Task ResyncAsync()
    {
        if (connections.TakeMissed())
        {
            // Announcements of this instance were lost meanwhile; pages on instances that got their Redis back
            // earlier would never know: all of them catch up (through the backplane, which works again).
            try
            {
                await hub.Clients.All.SendAsync("resync");
                logger.LogWarning("Redis is back: every live connection asked to catch up (announcements were lost)");
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                connections.Missed();
            }
        }

        var ids = connections.Ids.ToList();
        logger.LogWarning("Redis is back: {Count} live connections asked to catch up", ids.Count);
        foreach (var id in ids)
        {
            try
            {
                await hub.Clients.Client(id).SendAsync("resync");
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                logger.LogWarning("Live connection not told to catch up ({Error})", ex.GetType().Name);
            }
        }
    }
}

public static class LiveSetup
{
    /// <summary>The hub and presence: in this process without Redis; with it, the Redis backplane and shared presence.</summary>
    public static IServiceCollection AddHelpDeskLive(this IServiceCollection services, RedisConnection? redis)
    {
        services.AddSingleton<LiveConnections>();
        var signalR = services.AddSignalR();
        if (redis is null)
        {
            services.AddSingleton<IPresence, InProcessPresence>();
            return services;
        }

        signalR.AddStackExchangeRedis(o =>
        {
            o.Configuration.ChannelPrefix = RedisChannel.Literal(redis.Key("live").ToString());
            o.ConnectionFactory = _ => Task.FromResult(redis.Multiplexer);
        });
        services.AddSingleton<RedisPresence>();
        services.AddSingleton<IPresence>(sp => sp.GetRequiredService<RedisPresence>());
        services.AddHostedService<LiveOverRedis>();
        return services;
    }
}
