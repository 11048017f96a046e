using System.Globalization;

namespace HelpDesk.Web.Infrastructure;

/// <summary>
/// A keyset position for lists ordered by a time, then an id (both descending): the last row of the previous page,
/// in URLs as "unix-ms.id". Anything else parses as no position (the first page), never as an error.
/// </summary>
public sealed record TimeCursor(DateTimeOffset At, long Id)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{At.ToUnixTimeMilliseconds()}.{Id}");

    public static TimeCursor? Parse(string? text) =>
        text?.Split('.') is [var ms, var id] && long.TryParse(ms, CultureInfo.InvariantCulture, out var m) && long.TryParse(id, CultureInfo.InvariantCulture, out var i)
        && m is >= 0 and <= 253402300799999
            ? new TimeCursor(DateTimeOffset.FromUnixTimeMilliseconds(m), i)
            : null;
}
