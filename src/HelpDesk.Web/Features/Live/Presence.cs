using System.Collections.Concurrent;
using HelpDesk.Web.Infrastructure;
using StackExchange.Redis;

namespace HelpDesk.Web.Features.Live;

/// <summary>
/// Who is on which ticket (per hub connection) and who is typing there. <see cref="InProcessPresence"/> for one
/// instance; <see cref="RedisPresence"/> when Redis is configured, so every instance sees everyone and the users of
/// an instance that died without saying goodbye disappear when their entries expire.
/// </summary>
public interface IPresence
{
    /// <summary>Records the connection on the ticket's group; returns the names of everyone there now.</summary>
    Task<IReadOnlyList<string>> JoinAsync(string group, string connection, Guid userId, string name);

    /// <summary>Whether this connection (of this instance) is watching the group.</summary>
    bool IsIn(string group, string connection);

    /// <summary>Records that the connection's user is typing on the group for a few seconds; false if they are not watching it.</summary>
    Task<bool> TypingAsync(string group, string connection);

    /// <summary>Who is typing on the group now.</summary>
    Task<IReadOnlyList<string>> TypingNowAsync(string group);

    /// <summary>Forgets the connection everywhere; returns each group it was in with the people left there.</summary>
    Task<IReadOnlyList<(string Group, IReadOnlyList<string> People)>> LeaveAsync(string connection);
}

/// <summary>One instance: everything in this process's memory (as before scale-out).</summary>
public sealed class InProcessPresence(TimeProvider clock) : IPresence
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, (Guid Id, string Name)>> _groups = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Group, Guid User), (string Name, DateTimeOffset Until)> _typing = new();

    public Task<IReadOnlyList<string>> JoinAsync(string group, string connection, Guid userId, string name)
    {
        _groups.GetOrAdd(group, _ => new())[connection] = (userId, name);
        return Task.FromResult<IReadOnlyList<string>>(People(group));
    }

    public bool IsIn(string group, string connection) => _groups.TryGetValue(group, out var c) && c.ContainsKey(connection);

    public Task<bool> TypingAsync(string group, string connection)
    {
        if (!_groups.TryGetValue(group, out var c) || !c.TryGetValue(connection, out var who))
        {
            return Task.FromResult(false);
        }

        _typing[(group, who.Id)] = (who.Name, clock.GetUtcNow() + PresenceTimes.Typing);
        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<string>> TypingNowAsync(string group)
    {
        var now = clock.GetUtcNow();
        foreach (var (key, value) in _typing.Where(t => t.Value.Until <= now))
        {
            _typing.TryRemove(key, out _);
        }

        return Task.FromResult<IReadOnlyList<string>>(_typing.Where(t => t.Key.Group == group).Select(t => t.Value.Name).Order(StringComparer.Ordinal).ToList());
    }

    public Task<IReadOnlyList<(string Group, IReadOnlyList<string> People)>> LeaveAsync(string connection)
    {
        var left = new List<(string, IReadOnlyList<string>)>();
        foreach (var (group, connections) in _groups)
        {
            if (connections.TryRemove(connection, out _))
            {
                left.Add((group, People(group)));
            }
        }

        return Task.FromResult<IReadOnlyList<(string, IReadOnlyList<string>)>>(left);
    }

    private List<string> People(string group) =>
        _groups.TryGetValue(group, out var c) ? c.Values.DistinctBy(p => p.Id).Select(p => p.Name).Order(StringComparer.Ordinal).ToList() : [];
}

public static class PresenceTimes
{
    /// <summary>How long "X is typing" lasts after the last keystroke signal (the page sends one every 2 s while typing).</summary>
    public static readonly TimeSpan Typing = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Several instances: per ticket group a sorted set in Redis, one member per connection ("connection|user|name"),
/// scored by when it expires. This instance renews its own connections' members (<see cref="LiveOverRedis"/>), so
/// the members of an instance that crashed stop being renewed, drop out after <see cref="RedisOptions.PresenceSeconds"/>,
/// and the instances still watching that ticket announce the new list. Typing is a second sorted set per group
/// (member "user|name", a few seconds). Which groups a connection is in stays here: the connection lives here.
/// While Redis is away, the lists show this instance's viewers only; nothing fails.
/// </summary>
public sealed class RedisPresence(RedisConnection redis, TimeProvider clock, Microsoft.Extensions.Options.IOptions<RedisOptions> options, ILogger<RedisPresence> logger) : IPresence
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, (Guid Id, string Name)>> _connections = new(StringComparer.Ordinal);

    private TimeSpan Lifetime => TimeSpan.FromSeconds(options.Value.PresenceSeconds);

    public async Task<IReadOnlyList<string>> JoinAsync(string group, string connection, Guid userId, string name)
    {
        _connections.GetOrAdd(connection, _ => new(StringComparer.Ordinal))[group] = (userId, name);
        return await TryAsync(async db =>
        {
            var key = PresenceKey(group);
            await db.SortedSetAddAsync(key, Member(connection, userId, name), Until(Lifetime));
            await db.KeyExpireAsync(key, Lifetime * 2);
            return await PeopleAsync(group);
        }, () => LocalPeople(group));
    }

    public bool IsIn(string group, string connection) => _connections.TryGetValue(connection, out var groups) && groups.ContainsKey(group);

    public async Task<bool> TypingAsync(string group, string connection)
    {
        if (!_connections.TryGetValue(connection, out var groups) || !groups.TryGetValue(group, out var who))
        {
            return false;
        }

        await TryAsync(async db =>
        {
            var key = TypingKey(group);
            await db.SortedSetAddAsync(key, who.Id + "|" + who.Name, Until(PresenceTimes.Typing));
            await db.KeyExpireAsync(key, PresenceTimes.Typing * 2);
            return true;
        }, () => false);
        return true;
    }

    public Task<IReadOnlyList<string>> TypingNowAsync(string group) => TryAsync<IReadOnlyList<string>>(async db =>
    {
        var members = await db.SortedSetRangeByScoreAsync(TypingKey(group), Now(), double.PositiveInfinity);
        return members.Select(m => m.ToString().Split('|', 2)[1]).Order(StringComparer.Ordinal).ToList();
    }, () => []);

    public async Task<IReadOnlyList<(string Group, IReadOnlyList<string> People)>> LeaveAsync(string connection)
    {
        if (!_connections.TryRemove(connection, out var groups))
        {
            return [];
        }

        var left = new List<(string, IReadOnlyList<string>)>();
        foreach (var (group, who) in groups)
        {
            left.Add((group, await TryAsync(async db =>
            {
                await db.SortedSetRemoveAsync(PresenceKey(group), Member(connection, who.Id, who.Name));
                return await PeopleAsync(group);
            }, () => LocalPeople(group))));
        }

        return left;
    }

    /// <summary>
    /// Renews this instance's members (and writes them again after Redis lost them), then drops expired members of
    /// the groups watched here; returns the groups whose list changed, with the list, for the caller to announce.
    /// </summary>
    public async Task<IReadOnlyList<(string Group, IReadOnlyList<string> People)>> RenewAsync()
    {
        var db = redis.Database;
        var until = Until(Lifetime);
        var watched = new HashSet<string>(StringComparer.Ordinal);
        var writes = new List<Task>();
        foreach (var (connection, groups) in _connections)
        {
            foreach (var (group, who) in groups)
            {
                watched.Add(group);
                writes.Add(db.SortedSetAddAsync(PresenceKey(group), Member(connection, who.Id, who.Name), until));
            }
        }

        writes.AddRange(watched.Select(g => db.KeyExpireAsync(PresenceKey(g), Lifetime * 2)));
        await Task.WhenAll(writes);

        var changed = new List<(string, IReadOnlyList<string>)>();
        foreach (var group in watched)
        {
            if (await db.SortedSetRemoveRangeByScoreAsync(PresenceKey(group), double.NegativeInfinity, Now(), Exclude.Stop) > 0)
            {
                changed.Add((group, await PeopleAsync(group)));
            }
        }

        return changed;
    }

    private async Task<IReadOnlyList<string>> PeopleAsync(string group)
    {
        var members = await redis.Database.SortedSetRangeByScoreAsync(PresenceKey(group), Now(), double.PositiveInfinity);
        return members.Select(m => m.ToString().Split('|', 3)).Where(p => p.Length == 3)
            .DistinctBy(p => p[1]).Select(p => p[2]).Order(StringComparer.Ordinal).ToList();
    }

    private List<string> LocalPeople(string group) => _connections.Values
        .SelectMany(g => g.Where(e => e.Key == group).Select(e => e.Value)).DistinctBy(p => p.Id).Select(p => p.Name).Order(StringComparer.Ordinal).ToList();

    private async Task<T> TryAsync<T>(Func<IDatabase, Task<T>> action, Func<T> fallback)
    {
        try
        {
            return await action(redis.Database);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Presence kept on this instance only: Redis is not answering ({Error})", ex.GetType().Name);
            return fallback();
        }
    }

    private static string Member(string connection, Guid userId, string name) => connection + "|" + userId + "|" + name;

    private RedisKey PresenceKey(string group) => redis.Key("presence:" + group);

    private RedisKey TypingKey(string group) => redis.Key("typing:" + group);

    private double Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private double Until(TimeSpan lifetime) => (clock.GetUtcNow() + lifetime).ToUnixTimeMilliseconds();
}
