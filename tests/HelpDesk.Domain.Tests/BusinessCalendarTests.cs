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

    [Fact]
    public void The_horizon_is_the_last_year_with_a_schedule()
    {
        var calendar = China2026();
        Assert.Equal(2026, calendar.HorizonYear);
        Assert.Equal(D("2026-12-31"), calendar.KnownUntil);
        Assert.False(calendar.IsBeyondKnownCalendar(At("2026-12-31 23:59")));
        Assert.True(calendar.IsBeyondKnownCalendar(At("2027-01-01 00:00")));
        Assert.Equal(30, calendar.DaysLeft(At("2026-12-01 10:00")));

        calendar.SetHolidays([.. calendar.Holidays, D("2027-01-01")], calendar.MakeUpWorkdays);
        Assert.Equal(2027, calendar.HorizonYear);

        // Round the clock, or no holidays at all: nothing to run out of.
        Assert.Null(new BusinessCalendar("7×24", "Asia/Shanghai", is24x7: true).HorizonYear);
        var weekly = new BusinessCalendar("weekly", "Asia/Shanghai", is24x7: false);
        weekly.SetWorkingIntervals([new WorkingInterval(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(17, 0))]);
        Assert.Null(weekly.HorizonYear);
        Assert.False(weekly.IsBeyondKnownCalendar(At("2040-01-01 00:00")));
    }

    [Fact]
    public void A_ticket_at_17_50_on_new_year_s_eve_is_due_on_1_january_only_because_2027_is_unknown()
    {
        // Two hours of first response from Thursday 31 December 2026, 17:50.
        var without = China2026().Reach(At("2026-12-31 17:50"), 120);
        Assert.Equal(At("2027-01-01 10:50"), without.At); // a public holiday, counted as a plain Friday …
        Assert.True(without.BeyondKnownCalendar);         // … and said to be a guess

        var calendar = China2026();
        calendar.ImportSchedule(HolidaySchedule.Parse(HolidayScheduleTests.Sample("cn-2027-statutory.csv")));
        var with = calendar.Reach(At("2026-12-31 17:50"), 120);
        Assert.Equal(At("2027-01-04 10:50"), with.At);     // 1 January off, then the weekend
        Assert.False(with.BeyondKnownCalendar);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(3 * 366 * 24 * 60)]   // past the three years that used to throw
    [InlineData(double.PositiveInfinity)]
    public void Arithmetic_past_what_is_known_never_throws_and_says_beyond(double minutes)
    {
        var answer = China2026().Reach(At("2026-11-16 09:00"), minutes);

        Assert.True(answer.BeyondKnownCalendar);
        Assert.True(answer.At > At("2027-01-01 00:00"));
        Assert.Equal(answer.At, China2026().AddBusinessMinutes(At("2026-11-16 09:00"), minutes));
    }

    [Fact]
    public void Working_days_are_found_past_years_of_holidays_and_a_calendar_without_any_answers_calmly()
    {
        // Mondays only, and every Monday of four years a holiday: the next working day is still found.
        var calendar = new BusinessCalendar("周一班", "Asia/Shanghai", is24x7: false);
        calendar.SetWorkingIntervals([new WorkingInterval(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(17, 0))]);
        calendar.SetHolidays(Days("2026-11-16", "2030-11-30").Where(d => d.DayOfWeek == DayOfWeek.Monday), []);

        Assert.Equal(D("2030-12-02"), calendar.NextWorkingDay(D("2026-11-15")));
        Assert.Equal(At("2030-12-02 09:30"), calendar.AddBusinessMinutes(At("2026-11-15 12:00"), 30));
        Assert.Equal(TimeSpan.FromMinutes(30), calendar.BusinessTimeBetween(At("2026-11-15 12:00"), At("2030-12-02 09:30")));

        // Every Monday for more than the ten years it looks ahead: "beyond", not an exception.
        calendar.SetHolidays(Days("2026-11-16", "2037-12-31").Where(d => d.DayOfWeek == DayOfWeek.Monday), []);
        Assert.Equal(new CalendarPoint(DateTimeOffset.MaxValue, true), calendar.Reach(At("2026-11-15 12:00"), 30));
        Assert.Equal(At("2026-11-15 12:00"), calendar.NextWorkingInstant(At("2026-11-15 12:00")));
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
