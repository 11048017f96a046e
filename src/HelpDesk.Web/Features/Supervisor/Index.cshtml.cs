using HelpDesk.Domain.Teams;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Sla;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Supervisor;

/// <summary>
/// The supervisor's start page: how many active tickets each service team has in each status, and the calendars
/// about to run out of known holidays (<see cref="CalendarHorizons"/>).
/// </summary>
public class IndexModel(TimeProvider clock) : SlicePageModel
{
    public Model Overview { get; private set; } = new([], []);

    public IReadOnlyList<CalendarHorizons.Row> Horizons { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Overview = await QueryAsync(new Query());
        Horizons = await QueryAsync(new CalendarHorizons.Query(clock.GetUtcNow()));
    }

    public sealed record Query : IQuery<Model>;

    /// <summary>One row per team (and one for tickets not routed to a team yet, Team = null).</summary>
    public sealed record Model(IReadOnlyList<TicketStatus> Statuses, IReadOnlyList<TeamRow> Teams);

    public sealed record TeamRow(string? Team, IReadOnlyDictionary<TicketStatus, int> Counts)
    {
        public int Total => Counts.Values.Sum();
    }

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, Model>
    {
        private static readonly TicketStatus[] Active = [.. Enum.GetValues<TicketStatus>().Where(TicketStatusRules.IsActive)];

        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var counts = await db.Tickets.AsNoTracking()
                .Where(t => Active.Contains(t.Status))
                .GroupBy(t => new { t.TeamId, t.Status })
                .Select(g => new { g.Key.TeamId, g.Key.Status, Count = g.Count() })
                .ToListAsync(cancellationToken);
            var teams = await db.Teams.AsNoTracking()
                .Where(t => t.Kind == TeamKind.Service)
                .OrderBy(t => t.Name)
                .Select(t => new { t.Id, t.Name })
                .ToListAsync(cancellationToken);

            TeamRow Row(int? teamId, string? name) => new(name, Active.ToDictionary(
                s => s,
                s => counts.Where(c => c.TeamId == teamId && c.Status == s).Sum(c => c.Count)));

            var rows = teams.Select(t => Row(t.Id, t.Name)).Append(Row(null, null)).ToList();
            return new Model(Active, rows);
        }
    }
}
