using System.Security.Claims;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Shared;

/// <summary>Who is looking: supervisors see every ticket, agents those of their teams (see <see cref="TicketAccess"/>).</summary>
public sealed record Viewer(Guid Id, bool IsSupervisor, string Name = "")
{
    public static Viewer From(ClaimsPrincipal user) => new(user.UserId(), user.IsInRole(Roles.Supervisor), StaffClaims.NameOf(user));

    /// <summary>The viewer as the one who does something (audit trail, live notices).</summary>
    public Actor Actor => Actor.Staff(Id, Name);
}

/// <summary>A request made by a member of staff; <see cref="SupervisorsOnlyAttribute"/> and the slices read who.</summary>
public interface IStaffRequest
{
    Viewer Viewer { get; }
}

/// <summary>Only supervisors may send this request; others are refused with <see cref="Key"/> before the handler runs.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SupervisorsOnlyAttribute(string key) : Attribute
{
    public string Key { get; } = key;
}

/// <summary>Reads <see cref="SupervisorsOnlyAttribute"/>: authorization is declared on the request, not checked inside handlers.</summary>
public sealed class AuthorizationBehavior<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly SupervisorsOnlyAttribute? SupervisorsOnly =
        (SupervisorsOnlyAttribute?)Attribute.GetCustomAttribute(typeof(TRequest), typeof(SupervisorsOnlyAttribute));

    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next) =>
        SupervisorsOnly is { } rule && request is IStaffRequest { Viewer.IsSupervisor: false }
            ? throw new ForbiddenException(rule.Key)
            : next();
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

    /// <summary>The ticket the viewer may see, or <see cref="NotFoundException"/> (a 404 for pages and the API alike).</summary>
    public static async Task<Ticket> GetVisibleAsync(this HelpDeskDbContext db, Viewer viewer, string number, CancellationToken cancellationToken) =>
        await db.FindVisibleAsync(viewer, number, cancellationToken) ?? throw new NotFoundException("ticket.not_found");

    public static IQueryable<Ticket> VisibleTo(this IQueryable<Ticket> tickets, HelpDeskDbContext db, Viewer viewer) =>
        viewer.IsSupervisor
            ? tickets
            : tickets.Where(t => t.TeamId == null
                || t.AssigneeId == viewer.Id
                || db.TeamMembers.Any(m => m.TeamId == t.TeamId && m.UserId == viewer.Id));
}

public static class StaffDirectory
{
    /// <summary>The active staff members with the supervisor role (who gets a notice no single team's supervisor takes).</summary>
    public static IQueryable<Guid> ActiveSupervisorIds(this HelpDeskDbContext db) =>
        (from u in db.Users
         where u.IsActive
         join ur in db.UserRoles on u.Id equals ur.UserId
         join r in db.Roles on ur.RoleId equals r.Id
         where r.Name == Roles.Supervisor
         select u.Id).Distinct();
}
