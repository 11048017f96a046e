namespace HelpDesk.Domain.Analytics;

/// <summary>
/// When a topic term is "rising" (issue 16 item 2): in the period it was mentioned by at least
/// <see cref="MinimumTickets"/> tickets, and by at least <see cref="Factor"/> times its baseline — the average of the
/// <see cref="BaselinePeriods"/> periods of the same length just before. A term new this period (baseline 0) rises as
/// soon as it reaches the minimum. The minimum keeps a word two customers used from flickering up as "+100 %".
/// </summary>
public sealed record RisingTopicRule(int MinimumTickets = 5, decimal Factor = 2m, int BaselinePeriods = 4)
{
    public RisingTopicRule Validate()
    {
        if (MinimumTickets < 1 || Factor <= 1 || BaselinePeriods < 1)
        {
            throw new ArgumentException("MinimumTickets must be ≥ 1, Factor > 1 and BaselinePeriods ≥ 1.");
        }

        return this;
    }

    /// <summary>The first business date of the baseline before a period: <see cref="BaselinePeriods"/> periods of its length.</summary>
    public DateOnly BaselineFrom(ReportPeriod period) => period.From.AddDays(-period.Days * BaselinePeriods);

    /// <summary>The baseline (tickets per period, 2 decimals) from the tickets of all baseline periods together, and whether the term rises.</summary>
    public (decimal Baseline, bool Rising) Evaluate(long tickets, long baselineTickets)
    {
        if (tickets < 0 || baselineTickets < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tickets), "Counts are never negative.");
        }

        var baseline = (decimal)baselineTickets / BaselinePeriods;
        return (Math.Round(baseline, 2), tickets >= MinimumTickets && tickets >= Factor * baseline);
    }
}
