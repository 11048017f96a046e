using System.Globalization;

namespace HelpDesk.Domain.Analytics;

/// <summary>
/// The period of an analytics page: the last 7, 30 or 90 days up to today (the page's default, else 30), or a range of business
/// dates of at most <see cref="MaxDays"/> days given as yyyy-MM-dd. A refusal is a message key (and its field).
/// </summary>
public sealed record ReportPeriod(DateOnly From, DateOnly To)
{
    public const int MaxDays = 90;

    public static readonly int[] Presets = [7, 30, 90];

    public int Days => To.DayNumber - From.DayNumber + 1;

    public static (ReportPeriod? Period, string? Field, string? Error) Parse(string? days, string? from, string? to, DateOnly today, int defaultDays = 30)
    {
        if (!string.IsNullOrWhiteSpace(from) || !string.IsNullOrWhiteSpace(to))
        {
            if (!TryDate(from, out var f))
            {
                return (null, "from", "performance.period.from_invalid");
            }

            if (!TryDate(to, out var t))
            {
                return (null, "to", "performance.period.to_invalid");
            }

            if (t < f)
            {
                return (null, "to", "performance.period.reversed");
            }

            return t.DayNumber - f.DayNumber + 1 > MaxDays ? (null, "to", "performance.period.too_long") : (new ReportPeriod(f, t), null, null);
        }

        var n = defaultDays;
        if (!string.IsNullOrWhiteSpace(days) && !(int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out n) && Presets.Contains(n)))
        {
            return (null, "days", "performance.period.days_invalid");
        }

        return (new ReportPeriod(today.AddDays(1 - n), today), null, null);
    }

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
