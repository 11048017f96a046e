using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Admin;

/// <summary>The admin's start page: every member of staff with roles, teams and whether the account is locked.</summary>
public class IndexModel(TimeProvider clock) : SlicePageModel
{
    public IReadOnlyList<StaffRow> Staff { get; private set; } = [];

    public async Task OnGetAsync() => Staff = await QueryAsync(new Query(clock.GetUtcNow()));

    public sealed record Query(DateTimeOffset Now) : IQuery<IReadOnlyList<StaffRow>>;

    public sealed record StaffRow(string DisplayName, string Email, IReadOnlyList<string> Roles, IReadOnlyList<string> Teams, bool LockedOut, bool OnDuty);

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, IReadOnlyList<StaffRow>>
    {
        public async Task<IReadOnlyList<StaffRow>> Handle(Query request, CancellationToken cancellationToken)
        {
            var staff = await db.Users.AsNoTracking()
                .OrderBy(u => u.Email)
                .Select(u => new
                {
                    u.DisplayName,
                    u.Email,
                    u.LockoutEnd,
                    u.IsOnDuty,
                    Roles = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
                    Teams = db.TeamMembers.Where(m => m.UserId == u.Id).Join(db.Teams, m => m.TeamId, t => t.Id, (_, t) => t.Name).ToList(),
                })
                .AsSplitQuery()
                .ToListAsync(cancellationToken);
            return staff.Select(u => new StaffRow(u.DisplayName, u.Email ?? string.Empty, u.Roles, u.Teams, u.LockoutEnd > request.Now, u.IsOnDuty)).ToList();
        }
    }
}
