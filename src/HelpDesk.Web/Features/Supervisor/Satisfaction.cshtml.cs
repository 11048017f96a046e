using HelpDesk.Domain.Surveys;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Supervisor;

/// <summary>
/// CSAT per agent and per team for a period of business dates (answers received then): average, count, % satisfied
/// (4–5), plus the period's NPS; a row opens the answers behind it (ticket, score, comment), latest first, 50 a page
/// with keyset links. Reads answered surveys through (kind, answered_at).
/// </summary>
public class SatisfactionModel(TimeProvider clock, BusinessTime time) : SlicePageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Agent { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Team { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public Model Report { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        var today = DateOnly.FromDateTime(time.ToLocal(clock.GetUtcNow()).DateTime);
        var to = To ?? today;
        var from = From is { } f && f <= to ? f : to.AddDays(-29);
        Report = await QueryAsync(new Query(from, to, Agent, Team, TimeCursor.Parse(After)));
    }

    public sealed record Query(DateOnly From, DateOnly To, Guid? Agent = null, int? Team = null, TimeCursor? After = null) : IQuery<Model>;

    public sealed record Model(
        DateOnly From, DateOnly To, Row Total, IReadOnlyList<Row> Agents, IReadOnlyList<Row> Teams, int NpsAnswers, double? Nps,
        string? DrillLabel, IReadOnlyList<Answer> Answers, TimeCursor? Older);

    /// <summary>One agent's or team's CSAT; <c>Key</c> is the agent id or team id ("" when none).</summary>
    public sealed record Row(string Key, string Label, int Count, double Average, int Satisfied)
    {
        public double SatisfiedPercent => Count == 0 ? 0 : Math.Round(100.0 * Satisfied / Count, 1);
    }

    public sealed record Answer(long Id, string Number, int Score, string? Comment, DateTimeOffset AnsweredAt, string? Agent, int Resolution);

    public sealed class Handler(HelpDeskDbContext db, BusinessTime time) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var (start, end) = (time.StartOfDay(request.From), time.StartOfDay(request.To.AddDays(1)));
            var answered = db.Surveys.AsNoTracking().Where(s => s.AnsweredAt >= start && s.AnsweredAt < end);
            var csat = answered.Where(s => s.Kind == SurveyKind.Csat);

            var byAgent = await csat.GroupBy(s => s.AgentId)
                .Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(s => s.Score!.Value), Satisfied = g.Count(s => s.Score >= 4) })
                .ToListAsync(cancellationToken);
            var byTeam = await csat.GroupBy(s => s.TeamId)
                .Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(s => s.Score!.Value), Satisfied = g.Count(s => s.Score >= 4) })
                .ToListAsync(cancellationToken);
            var agentIds = byAgent.Where(a => a.Key != null).Select(a => a.Key!.Value).ToList();
            var names = await db.Users.Where(u => agentIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
            var teamNames = await db.Teams.ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
            var nps = await answered.Where(s => s.Kind == SurveyKind.Nps).Select(s => s.Score!.Value).ToListAsync(cancellationToken);

            static Row RowOf(string key, string label, int count, int sum, int satisfied) => new(key, label, count, count == 0 ? 0 : Math.Round((double)sum / count, 2), satisfied);
            var agents = byAgent.Select(a => RowOf(a.Key?.ToString() ?? string.Empty, a.Key is { } id ? names.GetValueOrDefault(id, "?") : string.Empty, a.Count, a.Sum, a.Satisfied))
                .OrderByDescending(r => r.Count).ThenBy(r => r.Label, StringComparer.Ordinal).ToList();
            var teams = byTeam.Select(t => RowOf(t.Key?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, t.Key is { } id ? teamNames.GetValueOrDefault(id, "?") : string.Empty, t.Count, t.Sum, t.Satisfied))
                .OrderByDescending(r => r.Count).ThenBy(r => r.Label, StringComparer.Ordinal).ToList();
            var total = RowOf(string.Empty, string.Empty, byAgent.Sum(a => a.Count), byAgent.Sum(a => a.Sum), byAgent.Sum(a => a.Satisfied));

            string? drill = null;
            List<Answer> answers = [];
            TimeCursor? older = null;
            if (request.Agent is not null || request.Team is not null)
            {
                drill = request.Agent is { } a ? names.GetValueOrDefault(a, "?") : teamNames.GetValueOrDefault(request.Team!.Value, "?");
                var rows = csat.Where(s => request.Agent == null || s.AgentId == request.Agent).Where(s => request.Team == null || s.TeamId == request.Team);
                if (request.After is { } after)
                {
                    rows = rows.Where(s => s.AnsweredAt < after.At || (s.AnsweredAt == after.At && s.Id < after.Id));
                }

                var page = await rows.OrderByDescending(s => s.AnsweredAt).ThenByDescending(s => s.Id).Take(PageSize + 1)
                    .Join(db.Tickets, s => s.TicketId, t => t.Id, (s, t) => new { s.Id, t.Number, s.Score, s.Comment, s.AnsweredAt, s.AgentId, s.Resolution })
                    .ToListAsync(cancellationToken);
                page = page.OrderByDescending(r => r.AnsweredAt).ThenByDescending(r => r.Id).ToList();
                answers = page.Take(PageSize).Select(r => new Answer(r.Id, Ticket.FormatNumber(r.Number), r.Score!.Value, r.Comment, r.AnsweredAt!.Value,
                    r.AgentId is { } id ? names.GetValueOrDefault(id) : null, r.Resolution ?? 0)).ToList();
                older = page.Count > PageSize ? new TimeCursor(answers[^1].AnsweredAt, answers[^1].Id) : null;
            }

            return new Model(request.From, request.To, total, agents, teams, nps.Count, SurveyScores.NetPromoterScore(nps), drill, answers, older);
        }
    }
}
