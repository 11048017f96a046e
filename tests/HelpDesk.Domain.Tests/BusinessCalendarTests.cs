using HelpDesk.Domain.Sla;

namespace HelpDesk.Domain.Tests;

/// <summary>Business-time arithmetic: lunch breaks, interval ends, weekends, holidays, make-up workdays, DST.</summary>
public class BusinessCalendarTests
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    public static BusinessCalendar China2026()
    {
        var calendar = new BusinessCalendar("标准工作日", "Asia/Shanghai", is24x7: false);
        calendar.SetWorkingIntervals(Enumerable.Range(1, 5).SelectMany(d => new[]
        {
            new WorkingInterval((DayOfWeek)d, new TimeOnly(9, 0), new TimeOnly(12, 0)),
            new WorkingInterval((DayOfWeek)d, new TimeOnly(13, 30), new TimeOnly(18, 0)),
        }));
        calendar.SetHolidays(
            Days("2026-01-01", "2026-01-03").Concat(Days("2026-02-15", "2026-02-23")).Concat(Days("2026-04-04", "2026-04-06"))
                .Concat(Days("2026-05-01", "2026-05-05")).Concat(Days("2026-06-19", "2026-06-21")).Concat(Days("2026-09-25", "2026-09-27"))
                .Concat(Days("2026-10-01", "2026-10-07")),
            [D("2026-01-04"), D("2026-02-14"), D("2026-02-28"), D("2026-05-09"), D("2026-09-20"), D("2026-10-10")]);
        return calendar;
    }

    public static DateTimeOffset At(string local) => new(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), Shanghai);

    [Theory]
    [InlineData("2026-11-16 11:50", 20, "2026-11-16 13:40")] // across the lunch break
    [InlineData("2026-11-16 12:00", 0, "2026-11-16 13:30")]  // at an interval's end: the next working minute
    [InlineData("2026-11-16 09:00", 0, "2026-11-16 09:00")]
    [InlineData("2026-11-16 17:59", 1, "2026-11-16 18:00")]  // ends exactly at the end of the day
    [InlineData("2026-11-16 17:59", 2, "2026-11-17 09:01")]
    [InlineData("2026-11-20 17:30", 60, "2026-11-23 09:30")] // Friday evening → Monday
    [InlineData("2026-11-21 23:00", 30, "2026-11-23 09:30")] // opened on a Saturday night
    [InlineData("2026-09-30 17:00", 120, "2026-10-08 10:00")] // National Day holidays skipped
    [InlineData("2026-10-09 17:00", 120, "2026-10-10 10:00")] // Saturday 10 Oct is a make-up workday
    [InlineData("2026-09-19 10:00", 30, "2026-09-20 09:30")]  // Sunday 20 Sep is a make-up workday
    [InlineData("2026-02-13 17:30", 60, "2026-02-14 09:30")]  // Saturday before Spring Festival is worked
    [InlineData("2026-02-14 17:30", 60, "2026-02-24 09:30")]  // then nine days off
    public void Adding_business_minutes(string from, int minutes, string expected) =>
        Assert.Equal(At(expected), China2026().AddBusinessMinutes(At(from), minutes));

    [Theory]
    [InlineData("2026-11-16 11:00", "2026-11-16 14:00", 90)]
    [InlineData("2026-11-20 17:00", "2026-11-23 10:00", 120)]   // over a weekend and midnight
    [InlineData("2026-11-21 10:00", "2026-11-22 20:00", 0)]     // a weekend has no business time
    [InlineData("2026-10-01 09:00", "2026-10-07 18:00", 0)]     // nor a holiday
    [InlineData("2026-11-16 14:00", "2026-11-16 11:00", 0)]     // backwards is zero
    public void Business_time_between_two_instants(string from, string to, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), China2026().BusinessTimeBetween(At(from), At(to)));

    [Fact]
    public void Holidays_and_make_up_days_decide_working_days()
    {
        var calendar = China2026();
        Assert.False(calendar.IsWorkingDay(D("2026-10-01")));
        Assert.True(calendar.IsWorkingDay(D("2026-10-10")));
        Assert.False(calendar.IsWorkingDay(D("2026-11-21")));
        Assert.True(calendar.IsWorkingDay(D("2026-11-23")));
    }

    [Fact]
    public void A_round_the_clock_calendar_counts_every_minute()
    {
        var calendar = new BusinessCalendar("7×24", "Asia/Shanghai", is24x7: true);
        var from = At("2026-10-01 23:50");

        Assert.Equal(from.AddMinutes(90), calendar.AddBusinessMinutes(from, 90));
        Assert.Equal(TimeSpan.FromHours(50), calendar.BusinessTimeBetween(from, from.AddHours(50)));
    }

    [Fact]
    public void Daylight_saving_in_a_non_Chinese_zone_counts_real_time()
    {
        // Berlin, Sunday shift 01:00–05:00 local. 29 March 2026 loses an hour at 02:00, 25 October gains one at 03:00.
        var calendar = new BusinessCalendar("Berlin night shift", "Europe/Berlin", is24x7: false);
        calendar.SetWorkingIntervals([new WorkingInterval(DayOfWeek.Sunday, new TimeOnly(1, 0), new TimeOnly(5, 0))]);
        var springStart = new DateTimeOffset(2026, 3, 29, 0, 0, 0, TimeSpan.Zero); // 01:00 CET

        Assert.Equal(TimeSpan.FromHours(3), calendar.BusinessTimeBetween(springStart, springStart.AddDays(1)));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 2, 0, 0, TimeSpan.Zero), calendar.AddBusinessMinutes(springStart, 120)); // 04:00 CEST

        var autumnStart = new DateTimeOffset(2026, 10, 24, 23, 0, 0, TimeSpan.Zero); // 01:00 CEST
        Assert.Equal(TimeSpan.FromHours(5), calendar.BusinessTimeBetween(autumnStart, autumnStart.AddDays(1)));
    }

    [Fact]
    public void An_interval_ending_at_midnight_runs_to_the_end_of_the_day()
    {
        var calendar = new BusinessCalendar("晚班", "Asia/Shanghai", is24x7: false);
        calendar.SetWorkingIntervals([new WorkingInterval(DayOfWeek.Monday, new TimeOnly(18, 0), TimeOnly.MinValue)]);

        Assert.Equal(TimeSpan.FromHours(6), calendar.BusinessTimeBetween(At("2026-11-16 00:00"), At("2026-11-17 12:00")));
        Assert.Equal(At("2026-11-16 23:30"), calendar.AddBusinessMinutes(At("2026-11-16 10:00"), 330));
    }

    private static DateOnly D(string day) => DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<DateOnly> Days(string from, string to)
    {
        for (var d = D(from); d <= D(to); d = d.AddDays(1))
        {
            yield return d;
        }
    }
}
