using System.Security.Claims;
using HelpDesk.Domain.Teams;
using HelpDesk.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Infrastructure;

/// <summary>
/// Who may open the knowledge base's editor (<see cref="Authentication.KnowledgeArea"/>): supervisors and admins, and
/// the liaisons of the departments — agents who are members of a department team, read from the database at each
/// request (so a liaison removed from the team loses it at once). What a liaison may edit is decided per article.
/// </summary>
public sealed class KnowledgeEditorRequirement : IAuthorizationRequirement;

public sealed class KnowledgeEditorHandler(HelpDeskDbContext db) : AuthorizationHandler<KnowledgeEditorRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, KnowledgeEditorRequirement requirement)
    {
        var user = context.User;
        if (user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Admin)
            || (user.IsInRole(Roles.Agent) && (await db.DepartmentTeamsOf(user.UserId()).AnyAsync())))
        {
            context.Succeed(requirement);
        }
    }
}

public static class KnowledgeEditors
{
    /// <summary>Supervisors and admins edit every article, set departments and manage synonyms.</summary>
    public static bool IsFullEditor(this ClaimsPrincipal user) => user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Admin);

    /// <summary>The ids of the department teams the user is a member of (served by the index on team_members.user_id).</summary>
    public static IQueryable<int> DepartmentTeamsOf(this HelpDeskDbContext db, Guid userId) =>
        from m in db.TeamMembers
        join t in db.Teams on m.TeamId equals t.Id
        where m.UserId == userId && t.Kind == TeamKind.Department
        select t.Id;
}
