namespace HelpDesk.Domain.Knowledge;

/// <summary>What one variant's settled uses came to (<see cref="AnswerUse"/>).</summary>
public sealed record VariantOutcomes(int VariantId, int Uses, int Good, int Reopened, int WroteAgain, int Complained, double? MedianHoursToResolution, double? AverageEditDistance, int Rated = 0, double? AverageCsat = null)
{
    public double GoodRate => Uses == 0 ? 0 : (double)Good / Uses;

    /// <summary>The Wilson lower bound (95 %) on the good-outcome rate.</summary>
    public double LowerBound => Wilson.LowerBound(Good, Uses);
}

public sealed record RankedVariant(VariantOutcomes Outcomes, int Rank, bool EnoughData, bool IsWinner);

/// <summary>
/// Ranks an intent's variants by the Wilson lower bound of their good-outcome rate. Below <see cref="MinimumUses"/>
/// settled uses a variant has "not enough data": it is listed after the others and never the winner. The winner is the
/// variant with enough data and the highest lower bound (ties: more uses, then the lower id); with no variant having
/// enough data there is none.
/// </summary>
public static class VariantRanking
{
    public const int MinimumUses = 30;

    public static IReadOnlyList<RankedVariant> Rank(IEnumerable<VariantOutcomes> variants, int minimumUses = MinimumUses)
    {
        var ordered = variants
            .OrderByDescending(v => v.Uses >= minimumUses)
            .ThenByDescending(v => v.LowerBound)
            .ThenByDescending(v => v.Uses)
            .ThenBy(v => v.VariantId)
            .ToList();
        return [.. ordered.Select((v, i) => new RankedVariant(v, i + 1, v.Uses >= minimumUses, i == 0 && v.Uses >= minimumUses))];
    }
}
