using HelpDesk.Domain.Teams;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Knowledge;

/// <summary>
/// Who edits and what: supervisors and admins edit every article (<see cref="Departments"/> is null); a department's
/// liaison edits only the articles of the department teams they belong to. Read from the database per request, like
/// the <see cref="Authentication.KnowledgeArea"/> policy; every knowledge slice checks each article against it.
/// </summary>
public sealed record Editor(Guid Id, string Name, IReadOnlyList<int>? Departments)
{
    public bool IsFull => Departments is null;

    /// <summary>Whether the editor may open and change an article owned by <paramref name="departmentId"/> (none: full editors only).</summary>
    public bool MayEdit(int? departmentId) => Departments is null || (departmentId is { } d && Departments.Contains(d));

    /// <summary>The editor who sends the page's request.</summary>
    public static Task<Editor> OfAsync(IMediator mediator, System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken) =>
        mediator.Send(new Query(user.UserId(), StaffClaims.NameOf(user), user.IsFullEditor()), cancellationToken);

    public sealed record Query(Guid UserId, string Name, bool Full) : IQuery<Editor>;

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, Editor>
    {
        public async Task<Editor> Handle(Query request, CancellationToken cancellationToken) => request.Full
            ? new Editor(request.UserId, request.Name, null)
            : new Editor(request.UserId, request.Name, await db.DepartmentTeamsOf(request.UserId).OrderBy(id => id).ToListAsync(cancellationToken));
    }

    /// <summary>The department teams an editor may give an article to (all of them for supervisors and admins).</summary>
    public sealed record DepartmentsQuery(Editor Editor) : IQuery<IReadOnlyList<Choice>>;

    public sealed record Choice(int Id, string Name);

    public sealed class DepartmentsHandler(HelpDeskDbContext db) : IRequestHandler<DepartmentsQuery, IReadOnlyList<Choice>>
    {
        public async Task<IReadOnlyList<Choice>> Handle(DepartmentsQuery request, CancellationToken cancellationToken)
        {
            var teams = db.Teams.AsNoTracking().Where(t => t.Kind == TeamKind.Department);
            if (request.Editor.Departments is { } mine)
            {
                teams = teams.Where(t => mine.Contains(t.Id));
            }

            return await teams.OrderBy(t => t.Name).Select(t => new Choice(t.Id, t.Name)).ToListAsync(cancellationToken);
        }
    }

    /// <summary>Whether the signed-in agent is a liaison (the menu shows them the knowledge base).</summary>
    public sealed record IsLiaison(Guid UserId) : IQuery<bool>;

    public sealed class IsLiaisonHandler(HelpDeskDbContext db) : IRequestHandler<IsLiaison, bool>
    {
        public Task<bool> Handle(IsLiaison request, CancellationToken cancellationToken) => db.DepartmentTeamsOf(request.UserId).AnyAsync(cancellationToken);
    }
}
