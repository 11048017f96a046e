using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Sla;

/// <summary>Where calendar arithmetic lands, and whether that is beyond the known calendar (see <see cref="BusinessCalendar.KnownUntil"/>).</summary>
public readonly record struct CalendarPoint(DateTimeOffset At, bool BeyondKnownCalendar);

/// <summary>
/// When a team works: a time zone, working intervals per weekday (several per day, so a lunch break is a gap),
/// holidays, and make-up workdays (a weekend day worked instead of a holiday, as in China's schedule) — or 24×7.
/// SLA targets are counted in the business minutes of a calendar (R7). A calendar's holidays are known up to its
/// <see cref="HorizonYear"/>, the last year with a schedule; past it the arithmetic goes on with the weekly hours alone
/// and says so (<see cref="Reach"/>), and never throws.
/// </summary>
public class BusinessCalendar
{
    public const string DefaultTimeZone = "Asia/Shanghai";

    /// <summary>How far ahead arithmetic looks before it gives up and answers "beyond the known calendar".</summary>
    public const int ScanYears = 10;

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

    /// <summary>The horizon year supervisors were last warned about (once per calendar and horizon).</summary>
    public int? HorizonWarnedFor { get; private set; }

    /// <summary>
    /// The last year with a holiday schedule (holidays or make-up workdays); null when the calendar keeps none
    /// (24×7, or no holidays entered): then its weekly hours are all there is to know.
    /// </summary>
    public int? HorizonYear => Is24x7 || (Holidays.Count == 0 && MakeUpWorkdays.Count == 0)
        ? null
        : Math.Max(Holidays.Count > 0 ? Holidays.Max().Year : 0, MakeUpWorkdays.Count > 0 ? MakeUpWorkdays.Max().Year : 0);

    /// <summary>The last day whose holidays are known (31 December of <see cref="HorizonYear"/>), or null when there is no horizon.</summary>
    public DateOnly? KnownUntil => HorizonYear is { } year ? new DateOnly(year, 12, 31) : null;

    /// <summary>Whether an instant lies past the last day with known holidays.</summary>
    public bool IsBeyondKnownCalendar(DateTimeOffset at) => KnownUntil is { } last && (at > DateTimeOffset.MaxValue.AddDays(-2) || LocalDate(at) > last);

    /// <summary>Days from <paramref name="now"/>'s local date to the last known day (negative once past it); null without a horizon.</summary>
    public int? DaysLeft(DateTimeOffset now) => KnownUntil is { } last ? last.DayNumber - LocalDate(now).DayNumber : null;

    /// <summary>Supervisors must hear of this calendar's horizon: it is <paramref name="days"/> days away or less, and they have not yet.</summary>
    public bool NeedsHorizonWarning(DateTimeOffset now, int days) => DaysLeft(now) is { } left && left <= days && HorizonWarnedFor != HorizonYear;

    public void MarkHorizonWarned() => HorizonWarnedFor = HorizonYear;

    /// <summary>
    /// Takes a year's official schedule: for every year the schedule covers, that year's holidays and make-up workdays
    /// are replaced by the schedule's; other years stay. All or nothing: a schedule with errors changes nothing.
    /// </summary>
    public void ImportSchedule(HolidaySchedule schedule)
    {
        if (!schedule.IsValid)
        {
            throw new DomainException("calendar.import.invalid", schedule.Errors.Count);
        }

        var years = schedule.Years.ToHashSet();
        SetHolidays(
            Holidays.Where(d => !years.Contains(d.Year)).Concat(schedule.Days.Where(d => d.Kind == ScheduleDayKind.Holiday).Select(d => d.Date)),
            MakeUpWorkdays.Where(d => !years.Contains(d.Year)).Concat(schedule.Days.Where(d => d.Kind == ScheduleDayKind.Workday).Select(d => d.Date)));
    }

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
        var days = holidays.Distinct().Order().ToList();
        var workdays = makeUpWorkdays.Distinct().Order().ToList();
        if (days.Intersect(workdays).Any())
        {
            throw new DomainException("calendar.holiday_and_workday");
        }

        Holidays = days;
        MakeUpWorkdays = workdays;
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
        var last = first.Year + ScanYears < DateOnly.MaxValue.Year ? first.AddYears(ScanYears) : DateOnly.MaxValue.AddDays(-1);
        for (var date = first.AddDays(-1); date <= last; date = date.AddDays(1))
        {
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
    }

    /// <summary>The first working instant at or after <paramref name="at"/>: when a clock started then really starts.</summary>
    public DateTimeOffset NextWorkingInstant(DateTimeOffset at) => WorkingPeriods(at).Select(p => p.Start).DefaultIfEmpty(at).First();

    /// <summary>The instant <paramref name="minutes"/> business minutes after <paramref name="from"/> (see <see cref="Reach"/>).</summary>
    public DateTimeOffset AddBusinessMinutes(DateTimeOffset from, double minutes) => Reach(from, minutes).At;

    /// <summary>
    /// Where <paramref name="minutes"/> business minutes after <paramref name="from"/> end, and whether that is beyond the
    /// known calendar: past <see cref="KnownUntil"/> the weekly hours are counted without holidays, an estimate that
    /// must not be relied on. Never throws: what lies more than <see cref="ScanYears"/> years ahead is
    /// <see cref="DateTimeOffset.MaxValue"/>, beyond.
    /// </summary>
    public CalendarPoint Reach(DateTimeOffset from, double minutes)
    {
        var remaining = TimeSpan.FromMinutes(Math.Clamp(double.IsNaN(minutes) ? 0 : minutes, 0, TimeSpan.MaxValue.TotalMinutes / 2));
        foreach (var (start, end) in WorkingPeriods(from))
        {
            var length = end - start;
            if (remaining <= length)
            {
                var at = start <= DateTimeOffset.MaxValue - remaining ? start + remaining : DateTimeOffset.MaxValue;
                return new CalendarPoint(at, IsBeyondKnownCalendar(at));
            }

            remaining -= length;
        }

        return new CalendarPoint(DateTimeOffset.MaxValue, true);
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
        var last = date.Year + ScanYears < DateOnly.MaxValue.Year ? date.AddYears(ScanYears) : DateOnly.MaxValue;
        for (var d = date.AddDays(1); d < last; d = d.AddDays(1))
        {
            if (IsWorkingDay(d))
            {
                return d;
            }
        }

        return date < DateOnly.MaxValue ? date.AddDays(1) : date;
    }

    /// <summary>A local date and time of this calendar's zone as an instant.</summary>
    public DateTimeOffset At(DateOnly date, TimeOnly time) => ToInstant(date, time, Zone);

    /// <summary>The local date of an instant in this calendar's zone.</summary>
    public DateOnly LocalDate(DateTimeOffset at) => DateOnly.FromDateTime(LocalTime(at));

    /// <summary>The local wall-clock time of an instant in this calendar's zone.</summary>
    public DateTime LocalTime(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone).DateTime;

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
