namespace HelpDesk.Domain.Analytics;

/// <summary>
/// Durations in business minutes folded into histogram buckets (issue 16: median and p90 of first response and
/// resolution from a rollup, fast at any volume). A bucket is named by its lower bound in whole minutes: every minute
/// below 2 hours (exact), then 5 minutes to 10 h, 30 minutes to 40 h, 2 h to 240 h, 10 h beyond. A percentile read from
/// the buckets is exact below 2 hours and within half a bucket (≤ 2.5 %) above: the bucket's middle is reported.
/// </summary>
public static class DurationBuckets
{
    private static readonly (int From, int Step)[] Steps = [(0, 1), (120, 5), (600, 30), (2_400, 120), (14_400, 600)];

    /// <summary>Business minutes (rounded to whole minutes, never negative) → the bucket's lower bound.</summary>
    public static int Bucket(decimal minutes)
    {
        var m = (int)Math.Min(int.MaxValue / 2, Math.Max(0, Math.Round(minutes, MidpointRounding.AwayFromZero)));
        var (from, step) = Steps.Last(s => s.From <= m);
        return from + ((m - from) / step * step);
    }

    /// <summary>The width of the bucket starting at <paramref name="bucket"/>.</summary>
    public static int Width(int bucket) => Steps.Last(s => s.From <= bucket).Step;

    /// <summary>What a bucket stands for: its value when one minute wide, else its middle.</summary>
    public static decimal Representative(int bucket) => Width(bucket) == 1 ? bucket : bucket + (Width(bucket) / 2m);
}

/// <summary>Percentiles by nearest rank: the p-th percentile is the smallest value with at least p % of values at or below it.</summary>
public static class Percentile
{
    /// <summary>The nearest-rank percentile of a histogram (value → count); null when it is empty.</summary>
    public static int? OfHistogram(IEnumerable<KeyValuePair<int, long>> histogram, int percent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        var sorted = histogram.Where(h => h.Value > 0).OrderBy(h => h.Key).ToList();
        var total = sorted.Sum(h => h.Value);
        if (total == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(total * percent / 100m);
        long seen = 0;
        foreach (var (value, count) in sorted)
        {
            seen += count;
            if (seen >= rank)
            {
                return value;
            }
        }

        return sorted[^1].Key;
    }

    /// <summary>The median of a list of numbers (the mean of the two middle ones for an even count); null when empty.</summary>
    public static decimal? Median(IEnumerable<decimal> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
