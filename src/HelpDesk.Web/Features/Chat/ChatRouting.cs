using HelpDesk.Domain.Chat;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Teams;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Chat;

/// <summary>
/// Who answers a new chat: an agent of the chat team (admin setting; any agent without one) who is available in the
/// console (heartbeat within 90 s) and holds fewer active chats than the capacity, the one waiting longest since their
/// last chat first (<see cref="RoundRobin"/>). The ticket is assigned to them. Nobody free: the chat becomes a ticket
/// of the team with the same after-hours aware acknowledgement as every channel (the answer time from the ticket's
/// first-response clock), shown in the widget and, for a shopper whose e-mail the shop vouched for, mailed.
/// Concurrent routings are serialized by a transaction-scoped advisory lock, so capacity is never exceeded.
/// </summary>
public sealed class ChatRouting(HelpDeskDbContext db, Customers.CustomerLinks links, Channels.Mail.ChannelMail mail, IStringLocalizer<Strings> l)
{
    public static readonly Actor Router = new(null, "system:chat");

    public async Task RouteAsync(ChatSession session, Ticket ticket, bool opened, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext('helpdesk.chat.routing'))", cancellationToken);
        var settings = await ChatSettingsCache.LoadAsync(db, cancellationToken);
        var seen = now - ChatAgent.Timeout;
        var agents = db.Set<ChatAgent>().Where(a => a.Available && a.SeenAt > seen)
            .Where(a => db.UserRoles.Any(r => r.UserId == a.UserId && db.Roles.Any(x => x.Id == r.RoleId && x.Name == Roles.Agent)));
        if (settings.TeamId is { } team)
        {
            agents = agents.Where(a => db.TeamMembers.Any(m => m.UserId == a.UserId && m.TeamId == team));
        }

        var candidates = await agents.Select(a => new
        {
            a.UserId,
            a.LastAssignedAt,
            Active = db.Set<ChatSession>().Count(s => s.AgentId == a.UserId && s.State == ChatState.Active),
        }).ToListAsync(cancellationToken);
        var chosen = RoundRobin.Pick(candidates.Select(c => new AssignmentCandidate(c.UserId, true, c.Active, settings.ChatsPerAgent, c.LastAssignedAt)));
        if (chosen is { } agentId)
        {
            var teamId = settings.TeamId ?? ticket.TeamId ?? await db.TeamMembers.Where(m => m.UserId == agentId).OrderBy(m => m.TeamId).Select(m => (int?)m.TeamId).FirstOrDefaultAsync(cancellationToken);
            if (teamId is not null)
            {
                ticket.AssignTo(teamId, agentId, Router, now);
            }

            session.AssignTo(agentId);
            (await db.Set<ChatAgent>().SingleAsync(a => a.UserId == agentId, cancellationToken)).LastAssignedAt = now;
            return;
        }

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
