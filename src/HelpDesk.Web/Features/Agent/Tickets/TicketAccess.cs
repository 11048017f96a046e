using System.Security.Claims;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>Who is looking: supervisors see every ticket, agents those of their teams (see <see cref="TicketAccess"/>).</summary>
public sealed record Viewer(Guid Id, bool IsSupervisor)
{
    public static Viewer From(ClaimsPrincipal user) => new(user.UserId(), user.IsInRole(Roles.Supervisor));
}

/// <summary>
/// Which tickets a member of staff may see. Supervisors: all. Agents: tickets of the teams they belong to, tickets
/// assigned to them, and tickets not yet routed to any team (the shared intake queue that somebody must triage).
/// </summary>
public static class TicketAccess
{
    public static IQueryable<Ticket> VisibleTo(this IQueryable<Ticket> tickets, HelpDeskDbContext db, Viewer viewer) =>
        viewer.IsSupervisor
            ? tickets
            : tickets.Where(t => t.TeamId == null
                || t.AssigneeId == viewer.Id
                || db.TeamMembers.Any(m => m.TeamId == t.TeamId && m.UserId == viewer.Id));
}
