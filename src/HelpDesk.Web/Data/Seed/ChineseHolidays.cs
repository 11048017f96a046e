namespace HelpDesk.Web.Data.Seed;

/// <summary>
/// China's official public holidays and make-up workdays (调休上班) for 2026, as announced by the General Office of
/// the State Council on 4 November 2025.
/// </summary>
public static class ChineseHolidays
{
    public static readonly IReadOnlyList<DateOnly> Holidays2026 =
    [
        .. Range(2026, 1, 1, 3),    // 元旦
        .. Range(2026, 2, 15, 9),   // 春节
        .. Range(2026, 4, 4, 3),    // 清明节
        .. Range(2026, 5, 1, 5),    // 劳动节
        .. Range(2026, 6, 19, 3),   // 端午节
        .. Range(2026, 9, 25, 3),   // 中秋节
        .. Range(2026, 10, 1, 7),   // 国庆节
    ];

    public static readonly IReadOnlyList<DateOnly> MakeUpWorkdays2026 =
    [
        new(2026, 1, 4), new(2026, 2, 14), new(2026, 2, 28), new(2026, 5, 9), new(2026, 9, 20), new(2026, 10, 10),
    ];

    private static IEnumerable<DateOnly> Range(int year, int month, int day, int count) =>
        Enumerable.Range(0, count).Select(i => new DateOnly(year, month, day).AddDays(i));
}
