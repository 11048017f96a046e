using HelpDesk.Domain.Common;
using HelpDesk.Domain.Teams;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>
/// Assignment: "assign to me" (the agent must be in the ticket's team; an unrouted ticket joins the agent's first
/// team), and automatic round-robin within the ticket's team among agents on duty and under their capacity
/// (<see cref="RoundRobin"/>). Concurrent automatic assignments in one team are serialized by a row lock.
/// </summary>
public static class Assign
{
    public sealed record ToMe(Viewer Viewer, string Number) : ICommand<Unit>;

    public sealed record Automatically(Viewer Viewer, string Number) : ICommand<Guid>;

    public sealed class ToMeHandler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<ToMe, Unit>
    {
        public async Task<Unit> Handle(ToMe request, CancellationToken cancellationToken)
        {
            var ticket = await db.GetVisibleAsync(request.Viewer, request.Number, cancellationToken);
            var myTeams = await db.TeamMembers.Where(m => m.UserId == request.Viewer.Id).Select(m => m.TeamId).OrderBy(t => t).ToListAsync(cancellationToken);
            var team = ticket.TeamId is { } t && myTeams.Contains(t) ? t : myTeams.Cast<int?>().FirstOrDefault() ?? throw new DomainException("ticket.assignee.not_in_team");
            ticket.AssignTo(team, request.Viewer.Id, request.Viewer.Actor, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }

    public sealed class AutomaticallyHandler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<Automatically, Guid>
    {
        public async Task<Guid> Handle(Automatically request, CancellationToken cancellationToken)
        {
            var ticket = await db.GetVisibleAsync(request.Viewer, request.Number, cancellationToken);
            var teamId = ticket.TeamId ?? throw new DomainException("ticket.auto_assign.no_team");
            var members = await db.TeamMembers
                .FromSql($"SELECT * FROM team_members WHERE team_id = {teamId} FOR UPDATE")
                .ToListAsync(cancellationToken);
            var ids = members.Select(m => m.UserId).ToList();
            var users = await db.Users.Where(u => ids.Contains(u.Id))
                .Join(db.UserRoles, u => u.Id, r => r.UserId, (u, r) => new { u.Id, u.IsOnDuty, u.MaxOpenTickets, r.RoleId })
                .Join(db.Roles.Where(r => r.Name == Roles.Agent), x => x.RoleId, r => r.Id, (x, _) => new { x.Id, x.IsOnDuty, x.MaxOpenTickets })
                .ToListAsync(cancellationToken);
            var load = await db.Tickets
                .Where(t => t.AssigneeId != null && ids.Contains(t.AssigneeId.Value) && t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed)
                .GroupBy(t => t.AssigneeId!.Value)
                .Select(g => new { UserId = g.Key, Open = g.Count() })
                .ToDictionaryAsync(x => x.UserId, x => x.Open, cancellationToken);

            var chosen = RoundRobin.Pick(users.Select(u => new AssignmentCandidate(
                u.Id, u.IsOnDuty, load.GetValueOrDefault(u.Id), u.MaxOpenTickets, members.Single(m => m.UserId == u.Id).LastAssignedAt)))
                ?? throw new DomainException("ticket.auto_assign.nobody");
            var now = clock.GetUtcNow();
            members.Single(m => m.UserId == chosen).MarkAssigned(now);
            ticket.AssignTo(teamId, chosen, request.Viewer.Actor, now);
            await db.SaveChangesAsync(cancellationToken);
            return chosen;
        }
    }
}
