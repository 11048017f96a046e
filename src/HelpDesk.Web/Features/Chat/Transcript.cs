using HelpDesk.Domain.Chat;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Chat;

/// <summary>
/// What the widget shows: the chat's public messages after the last one it has (<c>After</c>, a message id; 0 for
/// all), oldest first, at most 200 a time — so a widget that was away (a reconnect, a reload) asks from its last id
/// and misses nothing. Internal notes and calls are never in it. The agent's console reads the same lines (<see cref="ForAgent"/>).
/// </summary>
public static class Transcript
{
    public const int Page = 200;

    public sealed record Query(string? Session, long After) : IQuery<Lines>;

    public sealed record Line(long Id, bool FromCustomer, string Author, string Body, DateTimeOffset At, IReadOnlyList<long> Photos);

    /// <summary>The chat's state, what the customer was told, their place in the line while queued (1: next), and the lines.</summary>
    public sealed record Lines(string State, string? Acknowledgement, int? Place, IReadOnlyList<Line> Items);

    public sealed class Handler(HelpDeskDbContext db, ChatKeys keys) : IRequestHandler<Query, Lines>
    {
        public async Task<Lines> Handle(Query request, CancellationToken cancellationToken)
        {
            var session = await Start.SessionAsync(db, keys, request.Session, cancellationToken) ?? throw new NotFoundException("chat.not_found");
            var place = session.State == ChatState.Queued
                ? await db.Set<ChatSession>().CountAsync(s => s.State == ChatState.Queued && s.Id <= session.Id, cancellationToken)
                : (int?)null;
            return new Lines(session.State.ToString(), session.Acknowledgement, place, await LinesAsync(db, session.TicketId, request.After, cancellationToken));
        }
    }

    /// <summary>The agent's console: the lines of one of their chats (another agent's chat is not found).</summary>
    public sealed record ForAgent(Viewer Viewer, Guid Chat, long After) : IQuery<Lines>;

    public sealed class ForAgentHandler(HelpDeskDbContext db) : IRequestHandler<ForAgent, Lines>
    {
        public async Task<Lines> Handle(ForAgent request, CancellationToken cancellationToken)
        {
            var session = await db.Set<ChatSession>().AsNoTracking()
                .SingleOrDefaultAsync(s => s.PublicId == request.Chat && (s.AgentId == request.Viewer.Id || request.Viewer.IsSupervisor), cancellationToken)
                ?? throw new NotFoundException("chat.not_found");
            return new Lines(session.State.ToString(), session.Acknowledgement, null, await LinesAsync(db, session.TicketId, request.After, cancellationToken));
        }
    }

    private static async Task<IReadOnlyList<Line>> LinesAsync(HelpDeskDbContext db, long? ticketId, long after, CancellationToken cancellationToken)
    {
        if (ticketId is null)
        {
            return [];
        }

        var messages = await db.Set<TicketMessage>().AsNoTracking()
            .Where(m => m.TicketId == ticketId && m.Id > after && (m.Kind == MessageKind.Customer || m.Kind == MessageKind.PublicReply))
            .OrderBy(m => m.Id).Take(Page)
            .Select(m => new { m.Id, m.Kind, m.AuthorName, m.Body, m.CreatedAt }).ToListAsync(cancellationToken);
        var ids = messages.Select(m => m.Id).ToList();
        var photos = await db.Attachments.AsNoTracking().Where(a => a.MessageId != null && ids.Contains(a.MessageId.Value) && a.ContentType.StartsWith("image/"))
            .Select(a => new { a.Id, MessageId = a.MessageId!.Value }).ToListAsync(cancellationToken);
        return messages.Select(m => new Line(m.Id, m.Kind == MessageKind.Customer, m.AuthorName, m.Body, m.CreatedAt,
            photos.Where(p => p.MessageId == m.Id).Select(p => p.Id).Order().ToList())).ToList();
    }

    /// <summary>A photo of the chat's ticket, for the widget (its token) — null when the token does not reach it.</summary>
    public sealed record Photo(string? Session, long Id) : IQuery<(string ContentType, byte[] Data)?>;

    public sealed class PhotoHandler(HelpDeskDbContext db, ChatKeys keys) : IRequestHandler<Photo, (string ContentType, byte[] Data)?>
    {
        public async Task<(string ContentType, byte[] Data)?> Handle(Photo request, CancellationToken cancellationToken)
        {
            var session = await Start.SessionAsync(db, keys, request.Session, cancellationToken);
            if (session?.TicketId is not { } ticketId)
            {
                return null;
            }

            var file = await db.Attachments.AsNoTracking().Where(a => a.Id == request.Id && a.TicketId == ticketId && a.ContentType.StartsWith("image/"))
                .Select(a => new { a.ContentType, Data = db.AttachmentContents.Where(c => c.AttachmentId == a.Id).Select(c => c.Data).Single() })
                .SingleOrDefaultAsync(cancellationToken);
            return file is null ? null : (file.ContentType, file.Data);
        }
    }
}
