using HelpDesk.Domain.Analytics;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Analytics;

/// <summary>
/// Agent performance (issue 16 item 2) for the last 7/30/90 days or a range of at most 90 business dates, optionally
/// one team: per team and per agent (within a team) first response and resolution in business time (median, p90),
/// tickets handled, reopen rate, CSAT and promises kept on time, each agent's number with the team median beside it;
/// every number links to the tickets behind it. Reads <c>report_histogram</c> only. Export: CSV or .xlsx.
/// </summary>
public class AgentsModel(TimeProvider clock, BusinessTime time) : ReportPageModel(clock, time)
{
    [BindProperty(SupportsGet = true)]
    public string? Team { get; set; }

    public Model? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await ReadAsync() is not { } query)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Report = await QueryAsync(query);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(string? format)
    {
        var file = ReadFormat(format);
        if (await ReadAsync() is not { } query || file is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var report = await QueryAsync(query);
        return AgentsExport.Table(report, L).ToResult(file.Value);
    }

    private async Task<Query?> ReadAsync()
    {
        var period = ReadPeriod();
        int? team = null;
        if (!string.IsNullOrWhiteSpace(Team))
        {
            if (int.TryParse(Team, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var t) && t > 0)
            {
                team = t;
            }
            else
            {
                Error ??= L["performance.team_invalid"];
            }
        }

        if (Error is not null || period is null)
        {
            Choices = await QueryAsync(new TeamChoices.Query());
            return null;
        }

        return new Query(period, team);
    }

    public IReadOnlyList<(int Id, string Name)> Choices { get; private set; } = [];

    public sealed record Query(ReportPeriod Period, int? Team) : IQuery<Model>;

    public sealed record AgentRow(int TeamId, string Team, Guid AgentId, string Agent, AgentMetrics Metrics);

    public sealed record TeamRow(int TeamId, string Team, AgentMetrics Metrics, AgentMetrics AgentMedians);

    public sealed record Model(ReportPeriod Period, int? Team, IReadOnlyList<TeamRow> Teams, IReadOnlyList<AgentRow> Agents, IReadOnlyList<(int Id, string Name)> Choices)
    {
        public AgentMetrics MedianFor(int teamId) => Teams.First(t => t.TeamId == teamId).AgentMedians;
    }

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var (from, to, team) = (request.Period.From, request.Period.To, request.Team ?? 0);
            var rows = await db.Database.SqlQuery<HistogramRow>($"""
                SELECT team_id, agent_id, kind, bucket, sum(facts)::bigint AS facts
                FROM report_histogram
                WHERE business_date BETWEEN {from} AND {to} AND ({team} = 0 OR team_id = {team})
                GROUP BY 1, 2, 3, 4
                """).ToListAsync(cancellationToken);
            var agentIds = rows.Select(r => r.AgentId).Distinct().ToList();
            var names = await db.Users.AsNoTracking().Where(u => agentIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
            var choices = await TeamChoices.LoadAsync(db, cancellationToken);
            var teamNames = choices.ToDictionary(c => c.Id, c => c.Name);
            string TeamName(int id) => id == 0 ? "—" : teamNames.GetValueOrDefault(id, "?");

            var agents = rows.GroupBy(r => (r.TeamId, r.AgentId))
                .Select(g => new AgentRow(g.Key.TeamId, TeamName(g.Key.TeamId), g.Key.AgentId, g.Key.AgentId == Guid.Empty ? "—" : names.GetValueOrDefault(g.Key.AgentId, "?"), AgentMetrics.From(g)))
                .OrderBy(a => a.Team, StringComparer.Ordinal).ThenByDescending(a => a.Metrics.Handled).ThenBy(a => a.Agent, StringComparer.Ordinal).ToList();
            var teams = rows.GroupBy(r => r.TeamId)
                .Select(g => new TeamRow(g.Key, TeamName(g.Key), AgentMetrics.From(g), AgentMetrics.MedianOf(agents.Where(a => a.TeamId == g.Key).Select(a => a.Metrics).ToList())))
                .OrderBy(t => t.Team, StringComparer.Ordinal).ToList();
            return new Model(request.Period, request.Team, teams, agents, choices);
        }
    }
}

/// <summary>The service teams to filter by, by name.</summary>
public static class TeamChoices
{
    public sealed record Query : IQuery<IReadOnlyList<(int Id, string Name)>>;

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, IReadOnlyList<(int Id, string Name)>>
    {
        public Task<IReadOnlyList<(int Id, string Name)>> Handle(Query request, CancellationToken cancellationToken) => LoadAsync(db, cancellationToken);
    }

    public static async Task<IReadOnlyList<(int Id, string Name)>> LoadAsync(HelpDeskDbContext db, CancellationToken cancellationToken) =>
            (await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(cancellationToken)).Select(t => (t.Id, t.Name)).ToList();
}
