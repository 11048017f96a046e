namespace HelpDesk.Domain.Knowledge;

/// <summary>
/// The Wilson score interval's lower bound: the success rate we can be 95 % sure a variant reaches, given
/// <c>successes</c> out of <c>n</c>. Small samples are pulled down hard (1 of 1 → 0.21), so a lucky newcomer never
/// beats a proven answer.
/// </summary>
public static class Wilson
{
    /// <summary>The two-sided 95 % normal quantile.</summary>
    public const double Z95 = 1.959963984540054;

    public static double LowerBound(int successes, int n, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, n);
        if (n == 0)
        {
            return 0;
        }

        var p = (double)successes / n;
        var z2 = z * z;
        var centre = p + (z2 / (2 * n));
        var margin = z * Math.Sqrt(((p * (1 - p)) + (z2 / (4 * n))) / n);
        return Math.Max(0, (centre - margin) / (1 + (z2 / n)));
    }
}

/// <summary>
/// How much a sent reply differs from the filled variant it started from: the Levenshtein distance over characters
/// (a Chinese character is one edit, like a Latin letter) divided by the longer text's length — 0 sent as it was,
/// 1 nothing kept. Line endings and surrounding blanks do not count.
/// </summary>
public static class EditDistance
{
    public static double Normalised(string? from, string? to)
    {
        var a = Clean(from);
        var b = Clean(to);
        var longer = Math.Max(a.Length, b.Length);
        return longer == 0 ? 0 : (double)Levenshtein(a, b) / longer;
    }

    public static int Levenshtein(string a, string b)
    {
        if (a.Length < b.Length)
        {
            (a, b) = (b, a);
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static string Clean(string? text) => (text ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
}
