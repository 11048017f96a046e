using System.Collections.Concurrent;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace HelpDesk.Web.Features.Live;

/// <summary>
/// Live updates for the agent workspace (SignalR, in-process): who else is viewing or typing on a ticket, and a
/// signal when a ticket or the queue changed. Only tickets the user may see can be watched; the queue signal
/// carries no data (the page reloads its rows through the normal, access-checked query).
/// </summary>
[Authorize(Policy = Authentication.AgentArea)]
public sealed class TicketHub(HelpDeskDbContext db, Presence presence) : Hub
{
    public const string Path = "/hubs/tickets";
    public const string QueueGroup = "queue";

    public static string TicketGroup(string number) => "ticket:" + number.ToUpperInvariant();

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, QueueGroup);
        await base.OnConnectedAsync();
    }

    /// <summary>Starts watching a ticket: joins its group and tells the others who is here.</summary>
    public async Task Watch(string number)
    {
        var viewer = Viewer.From(Context.User!);
        if (await db.FindVisibleAsync(viewer, number, Context.ConnectionAborted) is null)
        {
            throw new HubException("not found");
        }

        var group = TicketGroup(number);
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
        await Clients.Group(group).SendAsync("presence", presence.Join(group, Context.ConnectionId, viewer.Id, viewer.Name));
    }

    /// <summary>The user is typing a reply: the others see it for a few seconds.</summary>
    public Task Typing(string number)
    {
        var group = TicketGroup(number);
        return presence.IsIn(group, Context.ConnectionId)
            ? Clients.OthersInGroup(group).SendAsync("typing", StaffClaims.NameOf(Context.User!))
            : Task.CompletedTask;
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        foreach (var (group, people) in presence.Leave(Context.ConnectionId))
        {
            await Clients.Group(group).SendAsync("presence", people);
        }

        await base.OnDisconnectedAsync(exception);
    }
}

/// <summary>Who is on which ticket, per connection (one process; scale-out would move this to PostgreSQL).</summary>
public sealed class Presence
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, (Guid Id, string Name)>> _groups = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Join(string group, string connection, Guid userId, string name)
    {
        _groups.GetOrAdd(group, _ => new())[connection] = (userId, name);
        return People(group);
    }

    public bool IsIn(string group, string connection) => _groups.TryGetValue(group, out var c) && c.ContainsKey(connection);

    public IEnumerable<(string Group, IReadOnlyList<string> People)> Leave(string connection)
    {
        foreach (var (group, connections) in _groups)
        {
            if (connections.TryRemove(connection, out _))
            {
                yield return (group, People(group));
            }
        }
    }

    private List<string> People(string group) =>
        _groups.TryGetValue(group, out var c) ? c.Values.DistinctBy(p => p.Id).Select(p => p.Name).Order(StringComparer.Ordinal).ToList() : [];
}

/// <summary>
/// Tells open screens what changed, from the domain events of any command (an agent's, the customer's, the SLA
/// monitor's): after the transaction commits, the watchers of each changed ticket hear who changed it, and every
/// queue that its rows changed. Nothing is announced for work that was rolled back.
/// </summary>
public sealed class Announcements(IHubContext<TicketHub> hub, TicketNumbers numbers, AfterCommit afterCommit) : IDomainEventHandler<ITicketActivity>
{
    private readonly Dictionary<long, (string Number, Actor By)> _changed = [];

    public async Task HandleAsync(ITicketActivity domainEvent, CancellationToken cancellationToken)
    {
        if (domainEvent.TicketId is not { } id)
        {
            return;
        }

        if (_changed.Count == 0)
        {
            afterCommit.Add(AnnounceAsync);
        }

        _changed[id] = (Ticket.FormatNumber(await numbers.OfAsync(id, cancellationToken)), domainEvent.By);
    }

    private async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        foreach (var (number, by) in _changed.Values)
        {
            await hub.Clients.Group(TicketHub.TicketGroup(number)).SendAsync("ticketChanged", number, by.StaffId, by.Name, cancellationToken);
        }

        _changed.Clear();
        await hub.Clients.Group(TicketHub.QueueGroup).SendAsync("queueChanged", cancellationToken);
    }
}
