using HelpDesk.Domain.Feedback;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Agent.Departments;

/// <summary>
/// The quality alerts (issue 16 item 2) in the queues of the departments the user belongs to (supervisors: all),
/// newest first, with the numbers they were raised on; served by (department, raised_at).
/// </summary>
public static class QualityAlerts
{
    public sealed record Query(Viewer Viewer) : IQuery<IReadOnlyList<Row>>;

    public sealed record Row(long Id, string Department, QualityAlertScope Scope, string Subject, string Label, DateOnly PeriodStart, DateOnly PeriodEnd,
        long Complaints, long Units, decimal Rate, decimal Threshold, DateTimeOffset RaisedAt);

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            var mine = db.TeamMembers.Where(m => m.UserId == request.Viewer.Id).Select(m => m.TeamId);
            return await (
                from a in db.QualityAlerts.AsNoTracking()
                where request.Viewer.IsSupervisor || mine.Contains(a.DepartmentTeamId)
                join d in db.Teams on a.DepartmentTeamId equals d.Id
                orderby a.RaisedAt descending, a.Id descending
                select new Row(a.Id, d.Name, a.Scope, a.Subject, a.Label, a.PeriodStart, a.PeriodEnd, a.Complaints, a.Units, a.Rate, a.Threshold, a.RaisedAt))
                .Take(50)
                .ToListAsync(cancellationToken);
        }
    }
}
