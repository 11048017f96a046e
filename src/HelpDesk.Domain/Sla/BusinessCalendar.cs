using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Sla;

/// <summary>
/// When a team works: a time zone, working intervals per weekday (several per day, so a lunch break is a gap),
/// holidays, and make-up workdays (a weekend day worked instead of a holiday, as in China's schedule) — or 24×7.
/// SLA targets are counted in the business minutes of a calendar (R7).
/// </summary>
public class BusinessCalendar
{
    public const string DefaultTimeZone = "Asia/Shanghai";

    private BusinessCalendar()
    {
        Name = TimeZoneId = string.Empty;
    }

    public BusinessCalendar(string name, string timeZoneId, bool is24x7)
    {
        Name = Guard.NotBlank(name, "calendar.name", 100);
        TimeZoneId = ValidTimeZone(timeZoneId);
        Is24x7 = is24x7;
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    public string TimeZoneId { get; private set; }

    public bool Is24x7 { get; private set; }

    public List<WorkingInterval> WorkingIntervals { get; private set; } = [];

    public List<DateOnly> Holidays { get; private set; } = [];

    public List<DateOnly> MakeUpWorkdays { get; private set; } = [];

    public void SetWorkingIntervals(IEnumerable<WorkingInterval> intervals)
    {
        var list = intervals.OrderBy(i => i.Day).ThenBy(i => i.Start).ToList();
        foreach (var interval in list)
        {
            // An end of 00:00 means midnight at the end of the day.
            if (interval.End <= interval.Start && interval.End != TimeOnly.MinValue)
            {
                throw new DomainException("calendar.interval.empty");
            }
        }

        for (var i = 1; i < list.Count; i++)
        {
            if (list[i].Day == list[i - 1].Day && (list[i - 1].End == TimeOnly.MinValue || list[i].Start < list[i - 1].End))
            {
                throw new DomainException("calendar.interval.overlap");
            }
        }

        if (!Is24x7 && list.Count == 0)
        {
            throw new DomainException("calendar.no_working_time");
        }

        WorkingIntervals = list;
    }

    public void SetHolidays(IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> makeUpWorkdays)
    {
        Holidays = holidays.Distinct().Order().ToList();
        MakeUpWorkdays = makeUpWorkdays.Distinct().Order().ToList();
        if (Holidays.Intersect(MakeUpWorkdays).Any())
        {
            throw new DomainException("calendar.holiday_and_workday");
        }
    }

    public void Rename(string name) => Name = Guard.NotBlank(name, "calendar.name", 100);

    /// <summary>Changes zone, round-the-clock flag and hours together, so the calendar is never left without working time.</summary>
    public void Configure(string timeZoneId, bool is24x7, IEnumerable<WorkingInterval> intervals)
    {
        var zone = ValidTimeZone(timeZoneId);
        var wasAllDay = Is24x7;
        Is24x7 = is24x7;
        try
        {
            SetWorkingIntervals(intervals);
        }
        catch (DomainException)
        {
            Is24x7 = wasAllDay;
            throw;
        }

        TimeZoneId = zone;
    }

    private TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    /// <summary>Is this local date a working day? A make-up workday always is, a holiday never is.</summary>
    public bool IsWorkingDay(DateOnly date) => Is24x7 || IntervalsOn(date).Any();

    /// <summary>
    /// The working periods from <paramref name="from"/> on, in order, as UTC instants (the first one clipped to
    /// start at <paramref name="from"/>). Intervals are local to the calendar's zone, so daylight saving is honoured.
    /// </summary>
    public IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> WorkingPeriods(DateTimeOffset from)
    {
        if (Is24x7)
        {
            yield return (from, DateTimeOffset.MaxValue);
            yield break;
        }

        var zone = Zone;
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime);
        for (var day = -1; day < 3 * 366; day++)
        {
            var date = first.AddDays(day);
            foreach (var interval in IntervalsOn(date))
            {
                var start = ToInstant(date, interval.Start, zone);
                var end = interval.End == TimeOnly.MinValue ? ToInstant(date.AddDays(1), TimeOnly.MinValue, zone) : ToInstant(date, interval.End, zone);
                if (end > from)
                {
                    yield return (start > from ? start : from, end);
                }
            }
        }

        throw new DomainException("calendar.no_working_time");
    }

    /// <summary>The first working instant at or after <paramref name="at"/>: when a clock started then really starts.</summary>
    public DateTimeOffset NextWorkingInstant(DateTimeOffset at) => WorkingPeriods(at).First().Start;

    /// <summary>The instant <paramref name="minutes"/> business minutes after <paramref name="from"/>.</summary>
    public DateTimeOffset AddBusinessMinutes(DateTimeOffset from, double minutes)
    {
        var remaining = TimeSpan.FromMinutes(Math.Max(0, minutes));
        foreach (var (start, end) in WorkingPeriods(from))
        {
            var length = end - start;
            if (remaining <= length)
            {
                return start + remaining;
            }

            remaining -= length;
        }

        throw new DomainException("calendar.no_working_time");
    }

    /// <summary>Business time between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public TimeSpan BusinessTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var total = TimeSpan.Zero;
        if (to <= from)
        {
            return total;
        }

        foreach (var (start, end) in WorkingPeriods(from))
        {
            if (start >= to)
            {
                break;
            }

            total += (end < to ? end : to) - start;
        }

        return total;
    }

    /// <summary>The working hours of a local date (none on a day off); round the clock: the whole day.</summary>
    public IReadOnlyList<WorkingInterval> HoursOn(DateOnly date) =>
        Is24x7 ? [new WorkingInterval(date.DayOfWeek, TimeOnly.MinValue, TimeOnly.MinValue)] : [.. IntervalsOn(date)];

    /// <summary>The next working day strictly after <paramref name="date"/>.</summary>
    public DateOnly NextWorkingDay(DateOnly date)
    {
        for (var d = date.AddDays(1); d < date.AddDays(3 * 366); d = d.AddDays(1))
        {
            if (IsWorkingDay(d))
            {
                return d;
            }
        }

        throw new DomainException("calendar.no_working_time");
    }

    /// <summary>A local date and time of this calendar's zone as an instant.</summary>
    public DateTimeOffset At(DateOnly date, TimeOnly time) => ToInstant(date, time, Zone);

    /// <summary>The local date of an instant in this calendar's zone.</summary>
    public DateOnly LocalDate(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    /// <summary>
    /// The working intervals of a local date. A make-up workday (调休上班) works the hours of a normal weekday
    /// (Monday's, or the first weekday that has any).
    /// </summary>
    private IEnumerable<WorkingInterval> IntervalsOn(DateOnly date)
    {
        if (MakeUpWorkdays.Contains(date))
        {
            var standard = Enumerable.Range(1, 5).Select(d => (DayOfWeek)d).FirstOrDefault(d => WorkingIntervals.Any(i => i.Day == d));
            return WorkingIntervals.Where(i => i.Day == standard);
        }

        return Holidays.Contains(date) ? [] : WorkingIntervals.Where(i => i.Day == date.DayOfWeek);
    }

    /// <summary>A local wall-clock time as an instant: a time skipped by daylight saving moves to the end of the gap.</summary>
    private static DateTimeOffset ToInstant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time);
        for (var i = 0; i < 8 && zone.IsInvalidTime(local); i++)
        {
            local = local.AddMinutes(15);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static string ValidTimeZone(string id)
    {
        var trimmed = Guard.NotBlank(id, "calendar.time_zone", 64);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(trimmed, out _))
        {
            throw new DomainException("calendar.time_zone.unknown", trimmed);
        }

        return trimmed;
    }
}

/// <summary>A stretch of working time on one weekday, local to the calendar's time zone.</summary>
public sealed record WorkingInterval(DayOfWeek Day, TimeOnly Start, TimeOnly End);
