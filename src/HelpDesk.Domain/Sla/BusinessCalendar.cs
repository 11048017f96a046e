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
            if (interval.End <= interval.Start)
            {
                throw new DomainException("calendar.interval.empty");
            }
        }

        for (var i = 1; i < list.Count; i++)
        {
            if (list[i].Day == list[i - 1].Day && list[i].Start < list[i - 1].End)
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
