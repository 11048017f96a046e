using HelpDesk.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Analytics;

/// <summary>The agent performance table as a file: one row per team (agent column "—"), then one per agent; minutes and percentages as numbers.</summary>
public static class AgentsExport
{
    public static TableFile Table(AgentsModel.Model report, IStringLocalizer l)
    {
        string[] columns = ["team", "agent", "first_responses", "first_response_median", "first_response_p90", "handled", "resolution_median", "resolution_p90",
            "reopened", "reopen_rate", "csat_answers", "csat_average", "csat_satisfied", "promises_due", "promises_kept_on_time", "promises_on_time"];
        static object?[] Cells(string team, string agent, AgentMetrics m) =>
        [
            team, agent, m.FirstResponses, m.FirstResponseMedian, m.FirstResponseP90, m.Handled, m.ResolutionMedian, m.ResolutionP90,
            m.Reopened, m.ReopenRate, m.CsatAnswers, m.CsatAverage, m.CsatSatisfied, m.PromisesDue, m.PromisesKeptOnTime, m.PromisesOnTime,
        ];
        var rows = report.Teams.Select(t => (IReadOnlyList<object?>)Cells(t.Team, "—", t.Metrics))
            .Concat(report.Agents.Select(a => (IReadOnlyList<object?>)Cells(a.Team, a.Agent, a.Metrics))).ToList();
        var name = $"agent-performance-{report.Period.From:yyyyMMdd}-{report.Period.To:yyyyMMdd}";
        return new TableFile(name, [.. columns.Select(c => l[$"performance.col.{c}"].Value)], rows);
    }
}
