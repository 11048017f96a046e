using HelpDesk.Domain.Common;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Live;

/// <summary>
/// Live updates for the agent workspace (SignalR): who else is viewing or typing on a ticket, and a signal when a
/// ticket or the queue changed. Only tickets the user may see can be watched; the queue signal carries no data (the
/// page reloads its rows through the normal, access-checked query). With Redis configured the messages reach the
/// connections of every instance (the SignalR Redis backplane) and presence is shared (<see cref="IPresence"/>).
/// </summary>
[Authorize(Policy = Authentication.AgentArea)]
public sealed class TicketHub(HelpDeskDbContext db, IPresence presence, LiveConnections connections) : Hub
{
    public const string Path = "/hubs/tickets";
    public const string QueueGroup = "queue";

    public static string TicketGroup(string number) => "ticket:" + number.ToUpperInvariant();

    /// <summary>The ticket's latest change (its newest audit entry), for a page that reconnects to see whether it missed one.</summary>
    public sealed record LastChange(long Id, Guid? ById, string? By);

    public override async Task OnConnectedAsync()
    {
        connections.Add(Context.ConnectionId);
        await Groups.AddToGroupAsync(Context.ConnectionId, QueueGroup);
        await base.OnConnectedAsync();
    }

    /// <summary>
    /// Starts watching a ticket: joins its group, tells the others who is here and the caller who is typing, and
    /// returns the ticket's latest change, so a page that was away (a reconnect) knows whether it is out of date.
    /// </summary>
    public async Task<LastChange> Watch(string number)
    {
        var viewer = Viewer.From(Context.User!);
        if (await db.FindVisibleAsync(viewer, number, Context.ConnectionAborted) is not { } ticket)
        {
            throw new HubException("not found");
        }

        var group = TicketGroup(number);
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
        await Clients.Group(group).SendAsync("presence", await presence.JoinAsync(group, Context.ConnectionId, viewer.Id, viewer.Name));
        foreach (var typist in (await presence.TypingNowAsync(group)).Where(n => n != viewer.Name))
        {
            await Clients.Caller.SendAsync("typing", typist);
        }

        return await db.AuditEntries.AsNoTracking()
            .Where(a => a.TicketId == ticket.Id)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Select(a => new LastChange(a.Id, a.ActorId, a.ActorName))
            .FirstOrDefaultAsync(Context.ConnectionAborted) ?? new LastChange(0, null, null);
    }

    /// <summary>The user is typing a reply: the others see it for a few seconds.</summary>
    public async Task Typing(string number)
    {
        var group = TicketGroup(number);
        if (await presence.TypingAsync(group, Context.ConnectionId))
        {
            await Clients.OthersInGroup(group).SendAsync("typing", StaffClaims.NameOf(Context.User!));
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context.ConnectionId);
        foreach (var (group, people) in await presence.LeaveAsync(Context.ConnectionId))
        {
            await Clients.Group(group).SendAsync("presence", people);
        }

        await base.OnDisconnectedAsync(exception);
    }
}

/// <summary>
/// Tells open screens what changed, from the domain events of any command (an agent's, the customer's, the SLA
/// monitor's): after the transaction commits, the watchers of each changed ticket hear who changed it, and every
/// queue that its rows changed. Nothing is announced for work that was rolled back.
/// </summary>
public sealed class Announcements(IHubContext<TicketHub> hub, TicketNumbers numbers, AfterCommit afterCommit, LiveConnections connections, ILogger<Announcements> logger) : IDomainEventHandler<ITicketActivity>
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
        try
        {
            foreach (var (number, by) in _changed.Values)
            {
                await hub.Clients.Group(TicketHub.TicketGroup(number)).SendAsync("ticketChanged", number, by.StaffId, by.Name, cancellationToken);
            }

            await hub.Clients.Group(TicketHub.QueueGroup).SendAsync("queueChanged", cancellationToken);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            // The work is committed; the screens catch up when Redis is back (LiveOverRedis, live.js).
            connections.Missed();
            logger.LogWarning("Live announcement not sent: Redis is not answering ({Error})", ex.GetType().Name);
        }
        finally
        {
            _changed.Clear();
        }
    }
}
