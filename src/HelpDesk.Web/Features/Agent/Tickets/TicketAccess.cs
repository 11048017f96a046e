using System.Security.Claims;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>Who is looking: supervisors see every ticket, agents those of their teams (see <see cref="TicketAccess"/>).</summary>
public sealed record Viewer(Guid Id, bool IsSupervisor, string Name = "")
{
    public static Viewer From(ClaimsPrincipal user) => new(user.UserId(), user.IsInRole(Roles.Supervisor), StaffClaims.NameOf(user));
}

/// <summary>
/// Which tickets a member of staff may see. Supervisors: all. Agents: tickets of the teams they belong to, tickets
/// assigned to them, and tickets not yet routed to any team (the shared intake queue that somebody must triage).
/// </summary>
public static class TicketAccess
{
    /// <summary>The ticket with this number (HD-…), if it exists and the viewer may see it; tracked, for commands.</summary>
    public static async Task<Ticket?> FindVisibleAsync(this HelpDeskDbContext db, Viewer viewer, string number, CancellationToken cancellationToken) =>
        Ticket.TryParseNumber(number, out var n)
            ? await db.Tickets.VisibleTo(db, viewer).SingleOrDefaultAsync(t => t.Number == n, cancellationToken)
            : null;

    public static IQueryable<Ticket> VisibleTo(this IQueryable<Ticket> tickets, HelpDeskDbContext db, Viewer viewer) =>
        viewer.IsSupervisor
            ? tickets
            : tickets.Where(t => t.TeamId == null
                || t.AssigneeId == viewer.Id
                || db.TeamMembers.Any(m => m.TeamId == t.TeamId && m.UserId == viewer.Id));
}
