using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace HelpDesk.Domain.Sla;

public enum ScheduleDayKind
{
    /// <summary>A day off (放假).</summary>
    Holiday,

    /// <summary>A make-up workday (调休上班, 补班): a weekend day worked instead of a holiday.</summary>
    Workday,
}

/// <summary>One day of an official schedule, read from line <see cref="Line"/> of the file.</summary>
public sealed record ScheduleDay(DateOnly Date, ScheduleDayKind Kind, string? Name, int Line);

/// <summary>What is wrong with line <see cref="Line"/> of a file (0: the file as a whole); <see cref="Key"/> is a localization key.</summary>
public sealed record ScheduleError(int Line, string Key, IReadOnlyList<string> Arguments);

/// <summary>
/// A year's official holiday schedule as an admin imports it, read from a simple file: CSV or iCalendar (ICS).
/// <para>CSV: one day per line, <c>date,kind,name</c> — a date as 2027-10-01 (or 2027/10/1, or a range
/// 2027-10-01..2027-10-07); kind "holiday"/"休"/"放假" or "workday"/"班"/"补班"/"上班"; an optional name. A header line,
/// blank lines and lines starting with # are skipped; comma, full-width comma or tab separate; quotes as in CSV.</para>
/// <para>ICS: every all-day VEVENT (DTSTART;VALUE=DATE, DTEND exclusive, or a DURATION of days) is a holiday, unless it
/// is a make-up workday: its SUMMARY contains "补班" or "上班", or its CATEGORIES include WORKDAY, 补班 or 上班.
/// Cancelled events are skipped; timed and repeating events are refused.</para>
/// Every problem is reported with its line, and a schedule with any problem imports nothing.
/// </summary>
public sealed partial class HolidaySchedule
{
    /// <summary>Longest file read, in characters.</summary>
    public const int MaxLength = 256 * 1024;

    /// <summary>Most years one file may cover.</summary>
    public const int MaxYears = 5;

    /// <summary>Longest run one line or event may give (the longest official break is 9 days).</summary>
    public const int MaxRun = 31;

    public const int MaxName = 100;

    private readonly List<ScheduleDay> _days = [];
    private readonly Dictionary<DateOnly, ScheduleDay> _byDate = [];
    private readonly List<ScheduleError> _errors = [];

    private HolidaySchedule(string format) => Format = format;

    /// <summary>"csv" or "ics".</summary>
    public string Format { get; }

    public IReadOnlyList<ScheduleDay> Days => _days;

    public IReadOnlyList<ScheduleError> Errors => _errors;

    /// <summary>The years the schedule covers: importing replaces exactly these years of a calendar.</summary>
    public IReadOnlyList<int> Years => [.. _days.Select(d => d.Date.Year).Distinct().Order()];

    public bool IsValid => _errors.Count == 0 && _days.Count > 0;

    [GeneratedRegex(@"^\s*BEGIN:VCALENDAR", RegexOptions.IgnoreCase)]
    private static partial Regex IcsStart();

    [GeneratedRegex(@"^(holiday|holidays|off|rest|休|假|休息|放假|节假日|法定假日|假日)$", RegexOptions.IgnoreCase)]
    private static partial Regex HolidayWords();

    [GeneratedRegex(@"^(workday|work|working|makeup|make-up|make-up workday|班|上班|补班|调休上班|调休|工作日)$", RegexOptions.IgnoreCase)]
    private static partial Regex WorkdayWords();

    [GeneratedRegex(@"^(date|day|日期)$", RegexOptions.IgnoreCase)]
    private static partial Regex Header();

    [GeneratedRegex(@"补班|上班")]
    private static partial Regex WorkdaySummary();

    [GeneratedRegex(@"^(WORKDAY|MAKEUP|MAKE-UP|补班|上班)$", RegexOptions.IgnoreCase)]
    private static partial Regex WorkdayCategory();

    [GeneratedRegex(@"^P(?<n>\d{1,3})D$", RegexOptions.IgnoreCase)]
    private static partial Regex DaysDuration();

    /// <summary>Reads a CSV or ICS file (told apart by its first line).</summary>
    public static HolidaySchedule Parse(string? content)
    {
        var text = (content ?? string.Empty).TrimStart('\uFEFF');
        var schedule = new HolidaySchedule(IcsStart().IsMatch(text) ? "ics" : "csv");
        if (text.Length > MaxLength)
        {
            schedule.Fail(0, "calendar.import.too_large", (MaxLength / 1024).ToString(CultureInfo.InvariantCulture));
            return schedule;
        }

        var lines = text.Split(["\r\n", "\n", "\r"], StringSplitOptions.None);
        if (schedule.Format == "ics")
        {
            schedule.ReadIcs(lines);
        }
        else
        {
            schedule.ReadCsv(lines);
        }

        schedule.Check();
        return schedule;
    }

    private void ReadCsv(string[] lines)
    {
        var first = true;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = i + 1;
            var raw = lines[i].Trim();
            if (raw.Length == 0 || raw.StartsWith('#'))
            {
                continue;
            }

            var fields = Fields(raw);
            if (first && Header().IsMatch(fields[0]))
            {
                first = false;
                continue;
            }

            first = false;
            if (fields.Count is < 2 or > 3)
            {
                Fail(line, "calendar.import.columns");
                continue;
            }

            var kind = Kind(fields[1]);
            if (kind is null)
            {
                Fail(line, "calendar.import.kind", fields[1]);
            }

            var name = fields.Count == 3 && fields[2].Length > 0 ? fields[2] : null;
            if (name?.Length > MaxName)
            {
                Fail(line, "calendar.import.name_too_long", MaxName.ToString(CultureInfo.InvariantCulture));
                continue;
            }

            var ends = fields[0].Split("..", StringSplitOptions.TrimEntries);
            if (ends.Length > 2 || !TryDate(ends[0], out var from) || !TryDate(ends[^1], out var to))
            {
                Fail(line, "calendar.import.date", fields[0]);
                continue;
            }

            if (kind is { } k)
            {
                AddRun(line, from, to, k, name);
            }
        }
    }

    private void ReadIcs(string[] physical)
    {
        // Unfold: a line starting with a space or tab continues the one before (RFC 5545 §3.1).
        var lines = new List<(int Line, string Text)>();
        for (var i = 0; i < physical.Length; i++)
        {
            if (physical[i].Length > 0 && (physical[i][0] == ' ' || physical[i][0] == '\t') && lines.Count > 0)
            {
                lines[^1] = (lines[^1].Line, lines[^1].Text + physical[i][1..]);
            }
            else if (physical[i].Trim().Length > 0)
            {
                lines.Add((i + 1, physical[i].Trim()));
            }
        }

        Dictionary<string, (int Line, string Parameters, string Value)>? vevent = null;
        var eventLine = 0;
        var nested = 0;
        foreach (var (line, text) in lines)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            var head = colon < 0 ? text : text[..colon];
            var value = colon < 0 ? string.Empty : text[(colon + 1)..];
            var semicolon = head.IndexOf(';', StringComparison.Ordinal);
            var name = (semicolon < 0 ? head : head[..semicolon]).ToUpperInvariant();
            var parameters = semicolon < 0 ? string.Empty : head[(semicolon + 1)..].ToUpperInvariant();
            if (name == "BEGIN" && value.Equals("VEVENT", StringComparison.OrdinalIgnoreCase))
            {
                if (vevent is not null)
                {
                    Fail(eventLine, "calendar.import.ics.unclosed");
                }

                vevent = [];
                eventLine = line;
                nested = 0;
            }
            else if (vevent is not null && name == "BEGIN")
            {
                nested++;
            }
            else if (vevent is not null && name == "END" && nested > 0)
            {
                nested--;
            }
            else if (vevent is not null && name == "END" && value.Equals("VEVENT", StringComparison.OrdinalIgnoreCase))
            {
                Event(eventLine, vevent);
                vevent = null;
            }
            else if (vevent is not null && nested == 0)
            {
                vevent.TryAdd(name, (line, parameters, value.Trim()));
            }
        }

        if (vevent is not null)
        {
            Fail(eventLine, "calendar.import.ics.unclosed");
        }
    }

    private void Event(int line, Dictionary<string, (int Line, string Parameters, string Value)> e)
    {
        if (e.TryGetValue("STATUS", out var status) && status.Value.Equals("CANCELLED", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (e.ContainsKey("RRULE") || e.ContainsKey("RDATE"))
        {
            Fail(e.GetValueOrDefault("RRULE", e.GetValueOrDefault("RDATE")).Line, "calendar.import.ics.repeating");
            return;
        }

        if (!e.TryGetValue("DTSTART", out var start))
        {
            Fail(line, "calendar.import.ics.no_start");
            return;
        }

        if (!AllDay(start, out var from))
        {
            Fail(start.Line, "calendar.import.ics.not_all_day", start.Value);
            return;
        }

        var to = from;
        if (e.TryGetValue("DTEND", out var end))
        {
            if (!AllDay(end, out var exclusive))
            {
                Fail(end.Line, "calendar.import.ics.not_all_day", end.Value);
                return;
            }

            to = exclusive > from ? exclusive.AddDays(-1) : from;
        }
        else if (e.TryGetValue("DURATION", out var duration))
        {
            if (DaysDuration().Match(duration.Value) is not { Success: true } d || int.Parse(d.Groups["n"].Value, CultureInfo.InvariantCulture) is < 1 or > MaxRun)
            {
                Fail(duration.Line, "calendar.import.range", duration.Value);
                return;
            }

            to = from.AddDays(int.Parse(d.Groups["n"].Value, CultureInfo.InvariantCulture) - 1);
        }

        var summary = Unescape(e.GetValueOrDefault("SUMMARY").Value ?? string.Empty);
        var categories = Unescape(e.GetValueOrDefault("CATEGORIES").Value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries);
        var kind = WorkdaySummary().IsMatch(summary) || categories.Any(c => WorkdayCategory().IsMatch(c)) ? ScheduleDayKind.Workday : ScheduleDayKind.Holiday;
        AddRun(start.Line, from, to, kind, summary.Length == 0 ? null : summary[..Math.Min(summary.Length, MaxName)]);
    }

    /// <summary>An all-day date: VALUE=DATE, or a bare yyyyMMdd.</summary>
    private static bool AllDay((int Line, string Parameters, string Value) property, out DateOnly date)
    {
        date = default;
        return (property.Parameters.Contains("VALUE=DATE", StringComparison.Ordinal) && !property.Parameters.Contains("VALUE=DATE-TIME", StringComparison.Ordinal)
                || property.Value.Length == 8)
            && DateOnly.TryParseExact(property.Value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    private void AddRun(int line, DateOnly from, DateOnly to, ScheduleDayKind kind, string? name)
    {
        if (to < from || to.DayNumber - from.DayNumber >= MaxRun)
        {
            Fail(line, "calendar.import.range", $"{from:yyyy-MM-dd}..{to:yyyy-MM-dd}");
            return;
        }

        for (var d = from; d <= to; d = d.AddDays(1))
        {
            if (d.Year is < 2000 or > 2099)
            {
                Fail(line, "calendar.import.year", d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                return;
            }

            if (!_byDate.TryGetValue(d, out var earlier))
            {
                _days.Add(_byDate[d] = new ScheduleDay(d, kind, name, line));
            }
            else if (earlier.Kind != kind)
            {
                // The same day cannot be off and worked.
                Fail(line, "calendar.import.conflict", d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), earlier.Line.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    private void Check()
    {
        _days.Sort((a, b) => a.Date.CompareTo(b.Date));
        if (_days.Count == 0 && _errors.Count == 0)
        {
            Fail(0, "calendar.import.empty");
        }

        if (Years.Count > MaxYears)
        {
            Fail(0, "calendar.import.years", MaxYears.ToString(CultureInfo.InvariantCulture));
        }

        _errors.Sort((a, b) => a.Line.CompareTo(b.Line));
    }

    private void Fail(int line, string key, params string[] arguments) => _errors.Add(new ScheduleError(line, key, arguments));

    private static ScheduleDayKind? Kind(string text) =>
        HolidayWords().IsMatch(text) ? ScheduleDayKind.Holiday : WorkdayWords().IsMatch(text) ? ScheduleDayKind.Workday : null;

    private static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, ["yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>The fields of a CSV line: comma, full-width comma or tab separate; double quotes quote ("" is a quote).</summary>
    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c is ',' or '，' or '\t')
            {
                fields.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString().Trim());
        return fields;
    }

    private static string Unescape(string value) =>
        value.Replace("\\n", " ", StringComparison.OrdinalIgnoreCase).Replace("\\,", ",", StringComparison.Ordinal).Replace("\\;", ";", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal).Trim();
}
