using HelpDesk.Domain.Analytics;
using HelpDesk.Web.Features.Reports;

namespace HelpDesk.Web.Features.Analytics;

/// <summary>One row of <c>report_histogram</c> summed over a period: a team's agent's facts of a kind in a bucket.</summary>
public sealed record HistogramRow(int TeamId, Guid AgentId, string Kind, int Bucket, long Facts);

/// <summary>
/// Agent performance numbers from histogram rows (issue 16 item 2): first response and resolution median and p90 in
/// business minutes (nearest rank over <see cref="DurationBuckets"/>), tickets handled (resolutions), reopen rate
/// (reopens ÷ resolutions), CSAT (average score, % 4–5) and promises kept on time (kept by their due time ÷ kept and
/// broken). Rates are percentages with one decimal; null where there is nothing to divide by.
/// </summary>
public sealed record AgentMetrics(
    long FirstResponses, decimal? FirstResponseMedian, decimal? FirstResponseP90,
    long Handled, decimal? ResolutionMedian, decimal? ResolutionP90,
    long Reopened, decimal? ReopenRate,
    long CsatAnswers, decimal? CsatAverage, decimal? CsatSatisfied,
    long PromisesDue, long PromisesKeptOnTime, decimal? PromisesOnTime)
{
    public static AgentMetrics From(IEnumerable<HistogramRow> rows)
    {
        var list = rows.ToList();
        Dictionary<int, long> Histogram(FactKind kind) => list.Where(r => r.Kind == kind.ToString()).GroupBy(r => r.Bucket).ToDictionary(g => g.Key, g => g.Sum(r => r.Facts));
        long Count(FactKind kind, int? bucket = null) => list.Where(r => r.Kind == kind.ToString() && (bucket == null || r.Bucket == bucket)).Sum(r => r.Facts);
        static decimal? At(Dictionary<int, long> h, int p) => Percentile.OfHistogram(h, p) is { } b ? DurationBuckets.Representative(b) : null;
        static decimal? Rate(long part, long whole) => whole == 0 ? null : Math.Round(100m * part / whole, 1);

        var first = Histogram(FactKind.FirstResponse);
        var resolved = Histogram(FactKind.Resolved);
        var csat = Histogram(FactKind.CsatAnswered);
        var answers = csat.Values.Sum();
        var handled = resolved.Values.Sum();
        var reopened = Count(FactKind.Reopened);
        var keptOnTime = Count(FactKind.PromiseKept, 0);
        var due = Count(FactKind.PromiseKept) + Count(FactKind.PromiseBroken);
        return new AgentMetrics(
            first.Values.Sum(), At(first, 50), At(first, 90),
            handled, At(resolved, 50), At(resolved, 90),
            reopened, Rate(reopened, handled),
            answers, answers == 0 ? null : Math.Round((decimal)csat.Sum(h => (long)h.Key * h.Value) / answers, 2), Rate(csat.Where(h => h.Key >= 4).Sum(h => h.Value), answers),
            due, keptOnTime, Rate(keptOnTime, due));
    }

    /// <summary>Each number the median of the agents' numbers (those that have one): the team median beside an agent.</summary>
    public static AgentMetrics MedianOf(IReadOnlyList<AgentMetrics> agents)
    {
        decimal? M(Func<AgentMetrics, decimal?> f) => Percentile.Median(agents.Select(f).Where(v => v is not null).Select(v => v!.Value));
        long C(Func<AgentMetrics, long> f) => (long)Math.Round(Percentile.Median(agents.Select(a => (decimal)f(a))) ?? 0, MidpointRounding.AwayFromZero);
        return new AgentMetrics(
            C(a => a.FirstResponses), M(a => a.FirstResponseMedian), M(a => a.FirstResponseP90),
            C(a => a.Handled), M(a => a.ResolutionMedian), M(a => a.ResolutionP90),
            C(a => a.Reopened), M(a => a.ReopenRate),
            C(a => a.CsatAnswers), M(a => a.CsatAverage), M(a => a.CsatSatisfied),
            C(a => a.PromisesDue), C(a => a.PromisesKeptOnTime), M(a => a.PromisesOnTime));
    }
}
