using HelpDesk.Domain.Chat;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Teams;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Chat;

/// <summary>
/// Who answers a chat: an agent of the chat team (admin setting; any agent without one) who is available in the
/// console (heartbeat within 90 s) and holds fewer active chats than the capacity, the one waiting longest since their
/// last chat first (<see cref="RoundRobin"/>); the ticket is assigned to them. When agents are online but all at
/// capacity the chat joins the line (<see cref="ChatState.Queued"/>, served oldest first: a new chat never passes one
/// that waits) and the widget shows its place; <see cref="DrainAsync"/> hands the line to agents as they free up —
/// when an agent ends a chat or comes online, and every few seconds from <c>Jobs/ChatQueueJob</c>. With nobody online,
/// or after <c>HelpDesk:Chat:QueueMinutes</c> in line, the chat becomes a ticket of the team with the same
/// after-hours aware acknowledgement as every channel (the answer time from the ticket's first-response clock), shown
/// in the widget and, for a shopper whose e-mail the shop vouched for, mailed. All of it runs under one
/// transaction-scoped advisory lock, so capacity is never exceeded and the line keeps its order.
/// </summary>
public sealed class ChatRouting(
    HelpDeskDbContext db, Customers.CustomerLinks links, Channels.Mail.ChannelMail mail, IOptions<ChatOptions> options, IHubContext<ChatHub> hub, AfterCommit afterCommit,
    IStringLocalizer<Strings> l, ILogger<ChatRouting> logger)
{
    public static readonly Actor Router = new(null, "system:chat");

    /// <summary>The most chats handed out (or turned into tickets) in one pass.</summary>
    public const int Batch = 100;

    /// <summary>A chat's first message: it joins the line (and is served at once when an agent is free) or, with nobody online, becomes a ticket.</summary>
    public async Task RouteAsync(ChatSession session, Ticket ticket, bool opened, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await LockAsync(cancellationToken);
        var settings = await ChatSettingsCache.LoadAsync(db, cancellationToken);
        var agents = await AgentsAsync(settings, now, cancellationToken);
        if (options.Value.QueueMinutes > 0 && agents.Count > 0)
        {
            session.Queue(now);
            await db.SaveChangesAsync(cancellationToken);
            await ServeAsync(settings, agents, now, cancellationToken);
            return;
        }

        await TicketAsync(session, ticket, settings, opened, now, cancellationToken);
    }

    /// <summary>Hands the line to the agents who are free now, oldest chat first; turns chats that waited too long, or whose agents all left, into tickets.</summary>
    public async Task<int> DrainAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await db.Set<ChatSession>().AnyAsync(s => s.State == ChatState.Queued, cancellationToken))
        {
            return 0;
        }

        await LockAsync(cancellationToken);
        var settings = await ChatSettingsCache.LoadAsync(db, cancellationToken);
        return await ServeAsync(settings, await AgentsAsync(settings, now, cancellationToken), now, cancellationToken);
    }

    /// <summary>
    /// An agent hands a chat they hold to a colleague who is online for the chat team and has a free place (a chat
    /// the first cannot answer, a shift ending); the ticket follows, on the timeline as a reassignment by them.
    /// </summary>
    public async Task TransferAsync(ChatSession session, Guid to, Viewer by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await LockAsync(cancellationToken);
        var settings = await ChatSettingsCache.LoadAsync(db, cancellationToken);
        var colleague = (await AgentsAsync(settings, now, cancellationToken)).SingleOrDefault(a => a.UserId == to && a.UserId != session.AgentId)
            ?? throw new DomainException("chat.transfer.unavailable");
        if (colleague.Active >= settings.ChatsPerAgent)
        {
            throw new DomainException("chat.transfer.full");
        }

        var ticket = await db.Tickets.SingleAsync(t => t.Id == session.TicketId, cancellationToken);
        ticket.AssignTo(settings.TeamId ?? ticket.TeamId, to, by.Actor, now);
        session.AssignTo(to);
    }

    /// <summary>The agents online for the chat team now, with how many chats each holds.</summary>
    public async Task<IReadOnlyList<(Guid UserId, int Active)>> OnlineAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        [.. (await AgentsAsync(await ChatSettingsCache.LoadAsync(db, cancellationToken), now, cancellationToken)).Select(a => (a.UserId, a.Active))];

    private Task<int> LockAsync(CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext('helpdesk.chat.routing'))", cancellationToken);

    private async Task<int> ServeAsync(ChatSettings settings, List<Candidate> agents, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var line = await db.Set<ChatSession>().Where(s => s.State == ChatState.Queued).OrderBy(s => s.Id).Take(Batch).ToListAsync(cancellationToken);
        var ids = line.Select(s => s.TicketId).OfType<long>().ToList();
        var tickets = await db.Tickets.Include(t => t.Messages).Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        var served = 0;
        foreach (var session in line)
        {
            if (session.TicketId is not { } ticketId || !tickets.TryGetValue(ticketId, out var ticket))
            {
                session.End(now); // its ticket is gone
                continue;
            }

            var agentId = RoundRobin.Pick(agents.Select(a => new AssignmentCandidate(a.UserId, true, a.Active, settings.ChatsPerAgent, a.LastAssignedAt)));
            if (agentId is { } chosen)
            {
                var teamId = settings.TeamId ?? ticket.TeamId ?? await db.TeamMembers.Where(m => m.UserId == chosen).OrderBy(m => m.TeamId).Select(m => (int?)m.TeamId).FirstOrDefaultAsync(cancellationToken);
                if (teamId is not null)
                {
                    ticket.AssignTo(teamId, chosen, Router, now);
                }

                session.AssignTo(chosen);
                (await db.Set<ChatAgent>().SingleAsync(a => a.UserId == chosen, cancellationToken)).LastAssignedAt = now;
                var agent = agents.Single(a => a.UserId == chosen);
                agent.Active++;
                agent.LastAssignedAt = now;
                served++;
            }
            else if (agents.Count == 0 || now - session.QueuedAt >= TimeSpan.FromMinutes(options.Value.QueueMinutes))
            {
                await TicketAsync(session, ticket, settings, ticket.Channel == Channel.Chat && ticket.CreatedAt >= session.StartedAt, now, cancellationToken);
                served++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (served > 0)
        {
            // Every widget in line reads where it stands now (served, a ticket, or a place further up); each agent
            // who got a chat sees it in the console.
            var widgets = line.Select(s => s.PublicId).ToList();
            var consoles = line.Where(s => s.State == ChatState.Active).Select(s => (s.AgentId!.Value, s.PublicId)).ToList();
            afterCommit.Add(async ct =>
            {
                try
                {
                    foreach (var chat in widgets)
                    {
                        await hub.Clients.Group(ChatHub.ChatGroup(chat)).SendAsync("changed", ct);
                    }

                    foreach (var (agent, chat) in consoles)
                    {
                        await hub.Clients.Group(ChatHub.AgentGroup(agent)).SendAsync("changed", chat.ToString(), ct);
                    }
                }
                catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
                {
                    // Committed; widgets and consoles read the lines again when they reconnect or resync.
                    logger.LogWarning("Chat line notice not sent: Redis is not answering ({Error})", ex.GetType().Name);
                }
            });
        }

        return served;
    }

    private sealed class Candidate
    {
        public Guid UserId { get; init; }

        public DateTimeOffset? LastAssignedAt { get; set; }

        public int Active { get; set; }
    }

    /// <summary>The agents of the chat team online now, with the chats they hold.</summary>
    private async Task<List<Candidate>> AgentsAsync(ChatSettings settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var seen = now - ChatAgent.Timeout;
        var agents = db.Set<ChatAgent>().Where(a => a.Available && a.SeenAt > seen)
            .Where(a => db.UserRoles.Any(r => r.UserId == a.UserId && db.Roles.Any(x => x.Id == r.RoleId && x.Name == Roles.Agent)));
        if (settings.TeamId is { } team)
        {
            agents = agents.Where(a => db.TeamMembers.Any(m => m.UserId == a.UserId && m.TeamId == team));
        }

        return await agents.Select(a => new Candidate
        {
            UserId = a.UserId,
            LastAssignedAt = a.LastAssignedAt,
            Active = db.Set<ChatSession>().Count(s => s.AgentId == a.UserId && s.State == ChatState.Active),
        }).ToListAsync(cancellationToken);
    }

    private async Task TicketAsync(ChatSession session, Ticket ticket, ChatSettings settings, bool opened, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (settings.TeamId is { } queue && ticket.TeamId is null)
        {
            ticket.AssignTo(queue, null, Router, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        var calendar = await db.BusinessCalendars.AsNoTracking().SingleOrDefaultAsync(c => c.Id == ticket.Sla.CalendarId, cancellationToken);
        var answer = ticket.Sla.FirstResponse.DueAt is { } due && calendar is not null ? links.AnswerTime(due, calendar, now) : l["answer.unknown"].Value;
        session.BecameTicket(l["chat.ack", ticket.DisplayNumber, answer]);
        if (opened && session.Email is { } email)
        {
            await mail.AcknowledgeAsync(ticket, ticket.Messages.OrderBy(m => m.Id).First(), email, session.CustomerName, now, cancellationToken);
        }
    }
}

/// <summary>The job's tick: serves the chats in line (<see cref="ChatRouting.DrainAsync"/>). Returns how many left the line.</summary>
public static class ServeLine
{
    public sealed record Command(DateTimeOffset Now) : ICommand<int>;

    public sealed class Handler(ChatRouting routing) : MediatR.IRequestHandler<Command, int>
    {
        public Task<int> Handle(Command request, CancellationToken cancellationToken) => routing.DrainAsync(request.Now, cancellationToken);
    }
}
