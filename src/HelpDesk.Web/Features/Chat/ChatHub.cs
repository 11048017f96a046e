using HelpDesk.Domain.Chat;
using HelpDesk.Domain.Common;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Chat;

/// <summary>
/// The live chat over SignalR (the Redis backplane when configured, like <see cref="Live.TicketHub"/>). Two kinds of
/// connection: the widget's, which names its chat with the session token (<c>?session=…</c>; no cookies, so it works
/// embedded on the shop's origin, which CORS limits to the allowed origins), and an agent's console (signed in).
/// A widget's connection reaches only its own chat; the agent methods need the agent area. Messages are not carried
/// by the hub's push: it only says "changed" and the page asks for the lines after its last id
/// (<see cref="Transcript"/>), so nothing is lost while a connection is away.
/// </summary>
public sealed class ChatHub(IMediator mediator, HelpDeskDbContext db, ChatKeys keys) : Hub
{
    public const string Path = "/hubs/chat";
    private const string ChatKey = "chat";

    public static string ChatGroup(Guid chat) => "chat:" + chat.ToString("N");

    public static string AgentGroup(Guid agent) => "chat-agent:" + agent.ToString("N");

    public override async Task OnConnectedAsync()
    {
        var token = Context.GetHttpContext()?.Request.Query["session"].ToString();
        if (!string.IsNullOrEmpty(token))
        {
            if (await Start.SessionAsync(db, keys, token, Context.ConnectionAborted) is not { } session)
            {
                Context.Abort();
                return;
            }

            Context.Items[ChatKey] = new Caller(session.PublicId, token);
            await Groups.AddToGroupAsync(Context.ConnectionId, ChatGroup(session.PublicId));
        }
        else if (Context.User is { } user && (user.IsInRole(Roles.Agent) || user.IsInRole(Roles.Supervisor)))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, AgentGroup(user.UserId()));
        }
        else
        {
            Context.Abort();
            return;
        }

        await base.OnConnectedAsync();
    }

    /// <summary>The customer writes; <paramref name="clientId"/> is the widget's id for the message (sent again after a reconnect, it lands once).</summary>
    public async Task<Send.Sent> Send(string clientId, string text)
    {
        var result = await mediator.Send(new Send.Command(Customer().Token, clientId, text));
        if (result is { MessageId: null })
        {
            throw new HubException("dropped");
        }

        return result;
    }

    /// <summary>The customer's lines after <paramref name="after"/> (their last message id).</summary>
    public Task<Transcript.Lines> Since(long after) => mediator.Send(new Transcript.Query(Customer().Token, after));

    public async Task Typing()
    {
        var chat = Customer().Chat;
        var agent = await db.Set<ChatSession>().AsNoTracking().Where(s => s.PublicId == chat).Select(s => s.AgentId).SingleOrDefaultAsync(Context.ConnectionAborted);
        if (agent is { } id)
        {
            await Clients.Group(AgentGroup(id)).SendAsync("typing", chat.ToString());
        }
    }

    /// <summary>The agent answers in the console: a public reply on the chat's ticket (the same slice as the ticket page).</summary>
    [Authorize(Policy = Authentication.AgentArea)]
    public Task<long> Reply(Guid chat, string text) => mediator.Send(new AgentSide.Reply(Viewer.From(Context.User!), chat, text));

    [Authorize(Policy = Authentication.AgentArea)]
    public Task<Transcript.Lines> Lines(Guid chat, long after) => mediator.Send(new Transcript.ForAgent(Viewer.From(Context.User!), chat, after));

    [Authorize(Policy = Authentication.AgentArea)]
    public async Task AgentTyping(Guid chat)
    {
        var viewer = Viewer.From(Context.User!);
        if (await db.Set<ChatSession>().AnyAsync(s => s.PublicId == chat && s.AgentId == viewer.Id, Context.ConnectionAborted))
        {
            await Clients.Group(ChatGroup(chat)).SendAsync("typing", viewer.Name);
        }
    }

    /// <summary>The console is open: its agent stays reachable for new chats (90 s without a heartbeat: offline).</summary>
    [Authorize(Policy = Authentication.AgentArea)]
    public Task<bool> Heartbeat() => mediator.Send(new AgentSide.Heartbeat(Viewer.From(Context.User!)));

    private Caller Customer() =>
        Context.Items.TryGetValue(ChatKey, out var value) && value is Caller known ? known : throw new HubException("not a chat");

    private sealed record Caller(Guid Chat, string Token);
}

/// <summary>
/// After any command that changed a ticket with an open chat (the customer's message, an agent's reply from the
/// console or the ticket page, a routing): the widget and the chat's agent hear "changed" and read the new lines.
/// </summary>
public sealed class ChatAnnouncements(HelpDeskDbContext db, IHubContext<ChatHub> hub, AfterCommit afterCommit, ILogger<ChatAnnouncements> logger) : IDomainEventHandler<ITicketActivity>
{
    private readonly HashSet<long> _changed = [];

    public Task HandleAsync(ITicketActivity domainEvent, CancellationToken cancellationToken)
    {
        if (domainEvent.TicketId is { } id && _changed.Add(id) && _changed.Count == 1)
        {
            afterCommit.Add(AnnounceAsync);
        }

        return Task.CompletedTask;
    }

    private async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var ids = _changed.ToList();
            var chats = await db.Set<ChatSession>().AsNoTracking()
                .Where(s => s.TicketId != null && ids.Contains(s.TicketId.Value) && s.State != ChatState.Ended)
                .Select(s => new { s.PublicId, s.AgentId }).ToListAsync(cancellationToken);
            foreach (var chat in chats)
            {
                await hub.Clients.Group(ChatHub.ChatGroup(chat.PublicId)).SendAsync("changed", cancellationToken);
                if (chat.AgentId is { } agent)
                {
                    await hub.Clients.Group(ChatHub.AgentGroup(agent)).SendAsync("changed", chat.PublicId.ToString(), cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            // Committed; the widget and the console ask for the lines after their last id when they reconnect or resync.
            logger.LogWarning("Chat notice not sent: Redis is not answering ({Error})", ex.GetType().Name);
        }
        finally
        {
            _changed.Clear();
        }
    }
}
