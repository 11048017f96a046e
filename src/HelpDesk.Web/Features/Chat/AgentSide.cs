using HelpDesk.Domain.Chat;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Chat;

/// <summary>
/// The agent's side of the chat (the console, <c>/agent/chat</c>): being available (a switch, kept alive by the
/// console's heartbeat), the chats they hold, answering one (a public reply through the ticket's own Reply slice, so
/// SLA clocks, audit and the timeline are the same as on the ticket page), handing one to a colleague with a free
/// place, and ending one (its ticket stays). Coming online, handing over and ending a chat serve the line at once
/// (<see cref="ChatRouting.DrainAsync"/>).
/// </summary>
public static class AgentSide
{
    public sealed record SetAvailable(Viewer Viewer, bool Available) : ICommand<Unit>;

    public sealed class SetAvailableHandler(HelpDeskDbContext db, ChatRouting routing, TimeProvider clock) : IRequestHandler<SetAvailable, Unit>
    {
        public async Task<Unit> Handle(SetAvailable request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO chat_agents (user_id, available, seen_at) VALUES ({request.Viewer.Id}, {request.Available}, {now})
                ON CONFLICT (user_id) DO UPDATE SET available = excluded.available, seen_at = excluded.seen_at
                """, cancellationToken);
            if (request.Available)
            {
                await routing.DrainAsync(now, cancellationToken); // the line's oldest chats are theirs
            }

            return Unit.Value;
        }
    }

    /// <summary>The console is open; true when its agent is available for chats.</summary>
    public sealed record Heartbeat(Viewer Viewer) : ICommand<bool>;

    public sealed class HeartbeatHandler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<Heartbeat, bool>
    {
        public async Task<bool> Handle(Heartbeat request, CancellationToken cancellationToken) =>
            await db.Database.ExecuteSqlAsync($"UPDATE chat_agents SET seen_at = {clock.GetUtcNow()} WHERE user_id = {request.Viewer.Id} AND available", cancellationToken) > 0;
    }

    public sealed record Reply(Viewer Viewer, Guid Chat, string? Text) : ICommand<long>;

    public sealed class ReplyHandler(HelpDeskDbContext db, IMediator mediator) : IRequestHandler<Reply, long>
    {
        public async Task<long> Handle(Reply request, CancellationToken cancellationToken)
        {
            var chat = await MineAsync(db, request.Viewer, request.Chat, cancellationToken);
            if (chat.State == ChatState.Ended || chat.TicketId is null)
            {
                throw new DomainException("chat.ended");
            }

            var number = await db.Tickets.Where(t => t.Id == chat.TicketId).Select(t => t.Number).SingleAsync(cancellationToken);
            return await mediator.Send(new Agent.Tickets.Reply.Command(request.Viewer, Ticket.FormatNumber(number), request.Text, false), cancellationToken);
        }
    }

    public sealed record End(Viewer Viewer, Guid Chat) : ICommand<Unit>;

    public sealed class EndHandler(HelpDeskDbContext db, ChatRouting routing, TimeProvider clock) : IRequestHandler<End, Unit>
    {
        public async Task<Unit> Handle(End request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            (await MineAsync(db, request.Viewer, request.Chat, cancellationToken)).End(now);
            await db.SaveChangesAsync(cancellationToken);
            await routing.DrainAsync(now, cancellationToken); // the freed place goes to the chat waiting longest
            return Unit.Value;
        }
    }

    /// <summary>Hands a chat to a colleague (<see cref="ChatRouting.TransferAsync"/>); the place it frees serves the line.</summary>
    public sealed record Transfer(Viewer Viewer, Guid Chat, Guid To) : ICommand<string>;

    public sealed class TransferHandler(HelpDeskDbContext db, ChatRouting routing, TimeProvider clock) : IRequestHandler<Transfer, string>
    {
        public async Task<string> Handle(Transfer request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var chat = await MineAsync(db, request.Viewer, request.Chat, cancellationToken);
            if (chat.State != ChatState.Active)
            {
                throw new DomainException("chat.ended");
            }

            await routing.TransferAsync(chat, request.To, request.Viewer, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await routing.DrainAsync(now, cancellationToken);
            return await db.Users.Where(u => u.Id == request.To).Select(u => u.DisplayName).SingleAsync(cancellationToken);
        }
    }

    public sealed record Row(Guid Chat, string Customer, bool Identified, string Ticket, DateTimeOffset StartedAt);

    /// <summary>A colleague a chat can be handed to: online for the chat team, with a free place.</summary>
    public sealed record Colleague(Guid Id, string Name, int Chats);

    public sealed record Console(bool Available, int Capacity, IReadOnlyList<Row> Chats, IReadOnlyList<Colleague> Colleagues);

    public sealed record Mine(Viewer Viewer) : IQuery<Console>;

    public sealed class MineHandler(HelpDeskDbContext db, ChatRouting routing, TimeProvider clock) : IRequestHandler<Mine, Console>
    {
        public async Task<Console> Handle(Mine request, CancellationToken cancellationToken)
        {
            var seen = clock.GetUtcNow() - ChatAgent.Timeout;
            var available = await db.Set<ChatAgent>().AnyAsync(a => a.UserId == request.Viewer.Id && a.Available && a.SeenAt > seen, cancellationToken);
            var settings = await ChatSettingsCache.LoadAsync(db, cancellationToken);
            var chats = await db.Set<ChatSession>().AsNoTracking()
                .Where(s => s.AgentId == request.Viewer.Id && s.State == ChatState.Active)
                .OrderBy(s => s.Id)
                .Select(s => new { s.PublicId, s.CustomerName, s.ShopUserId, Number = db.Tickets.Where(t => t.Id == s.TicketId).Select(t => t.Number).FirstOrDefault(), s.StartedAt })
                .ToListAsync(cancellationToken);
            var free = (await routing.OnlineAsync(clock.GetUtcNow(), cancellationToken)).Where(a => a.UserId != request.Viewer.Id && a.Active < settings.ChatsPerAgent).ToList();
            var ids = free.Select(a => a.UserId).ToList();
            var names = await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
            return new Console(
                available,
                settings.ChatsPerAgent,
                chats.Select(c => new Row(c.PublicId, c.CustomerName, c.ShopUserId is not null, Ticket.FormatNumber(c.Number), c.StartedAt)).ToList(),
                free.Select(a => new Colleague(a.UserId, names.GetValueOrDefault(a.UserId, string.Empty), a.Active)).OrderBy(c => c.Name, StringComparer.Ordinal).ToList());
        }
    }

    private static async Task<ChatSession> MineAsync(HelpDeskDbContext db, Viewer viewer, Guid chat, CancellationToken cancellationToken) =>
        await db.Set<ChatSession>().SingleOrDefaultAsync(s => s.PublicId == chat && (s.AgentId == viewer.Id || viewer.IsSupervisor), cancellationToken)
        ?? throw new NotFoundException("chat.not_found");
}
