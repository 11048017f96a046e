namespace HelpDesk.Domain.Analytics;

/// <summary>What the complaint-rate rule says about one product, supplier or category in a period.</summary>
public enum ComplaintRateVerdict
{
    /// <summary>Fewer units sold than the minimum volume: no rate is shown ("not enough orders").</summary>
    NotEnoughOrders,

    /// <summary>A rate at or below the threshold.</summary>
    Normal,

    /// <summary>A rate above the threshold: a quality alert is due.</summary>
    AboveThreshold,
}

/// <summary>
/// Complaints ÷ units sold (issue 16 item 2): shown only from <see cref="MinimumUnits"/> units on; above
/// <see cref="Threshold"/> (a fraction, 0.05 = 5 %) it raises a quality alert.
/// </summary>
public sealed record ComplaintRateRule(int MinimumUnits, decimal Threshold)
{
    public ComplaintRateRule Validate()
    {
        if (MinimumUnits < 1 || Threshold <= 0 || Threshold >= 1)
        {
            throw new ArgumentException("MinimumUnits must be ≥ 1 and Threshold between 0 and 1 (exclusive).");
        }

        return this;
    }

    /// <summary>The rate (a fraction, 4 decimals) or null below the minimum volume, and the verdict.</summary>
    public (decimal? Rate, ComplaintRateVerdict Verdict) Evaluate(long complaints, long units)
    {
        if (units < MinimumUnits)
        {
            return (null, ComplaintRateVerdict.NotEnoughOrders);
        }

        var rate = Math.Round((decimal)complaints / units, 4);
        return (rate, (decimal)complaints / units > Threshold ? ComplaintRateVerdict.AboveThreshold : ComplaintRateVerdict.Normal);
    }
}
