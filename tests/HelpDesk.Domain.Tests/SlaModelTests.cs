using HelpDesk.Domain.Common;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Sla;
using HelpDesk.Domain.Tickets;

namespace HelpDesk.Domain.Tests;

public class SlaModelTests
{
    private static readonly TimeOnly Nine = new(9, 0);
    private static readonly TimeOnly Noon = new(12, 0);

    [Fact]
    public void A_calendar_with_a_lunch_break_keeps_its_intervals_in_order()
    {
        var calendar = new BusinessCalendar("标准工作日", "Asia/Shanghai", is24x7: false);

        calendar.SetWorkingIntervals([
            new WorkingInterval(DayOfWeek.Monday, new TimeOnly(13, 30), new TimeOnly(18, 0)),
            new WorkingInterval(DayOfWeek.Monday, Nine, Noon),
        ]);

        Assert.Equal(Nine, calendar.WorkingIntervals[0].Start);
    }

    [Fact]
    public void Overlapping_or_empty_intervals_and_no_working_time_are_refused()
    {
        var calendar = new BusinessCalendar("标准工作日", "Asia/Shanghai", is24x7: false);

        Assert.Equal("calendar.interval.overlap", Assert.Throws<DomainException>(() => calendar.SetWorkingIntervals([
            new WorkingInterval(DayOfWeek.Monday, Nine, Noon),
            new WorkingInterval(DayOfWeek.Monday, new TimeOnly(11, 0), new TimeOnly(14, 0)),
        ])).Key);
        Assert.Equal("calendar.interval.empty", Assert.Throws<DomainException>(() => calendar.SetWorkingIntervals([
            new WorkingInterval(DayOfWeek.Monday, Noon, Nine),
        ])).Key);
        Assert.Equal("calendar.no_working_time", Assert.Throws<DomainException>(() => calendar.SetWorkingIntervals([])).Key);
    }

    [Fact]
    public void Back_to_back_intervals_do_not_overlap()
    {
        var calendar = new BusinessCalendar("两班", "Asia/Shanghai", is24x7: false);
        calendar.SetWorkingIntervals([
            new WorkingInterval(DayOfWeek.Monday, Nine, Noon),
            new WorkingInterval(DayOfWeek.Monday, Noon, new TimeOnly(21, 0)),
        ]);
        Assert.Equal(2, calendar.WorkingIntervals.Count);
    }

    [Fact]
    public void An_unknown_time_zone_and_a_day_that_is_both_holiday_and_workday_are_refused()
    {
        Assert.Equal("calendar.time_zone.unknown", Assert.Throws<DomainException>(() => new BusinessCalendar("x", "Mars/Olympus", false)).Key);

        var calendar = new BusinessCalendar("2026", "Asia/Shanghai", false);
        var day = new DateOnly(2026, 10, 1);
        Assert.Equal("calendar.holiday_and_workday", Assert.Throws<DomainException>(() => calendar.SetHolidays([day], [day])).Key);
    }

    [Fact]
    public void The_first_matching_policy_in_rule_order_wins_and_null_conditions_match_anything()
    {
        var standard = new SlaPolicy("标准", 100, 1, 120, 240, 2880);
        var urgent = new SlaPolicy("紧急", 10, 1, 15, 30, 240);
        urgent.MatchOn(TicketPriority.Urgent, null, null, null);
        var plusChat = new SlaPolicy("PLUS 在线", 20, 1, 3, 5, 600);
        plusChat.MatchOn(null, null, Channel.Chat, CustomerTier.Plus);
        SlaPolicy[] rules = [standard, plusChat, urgent];

        Assert.Same(urgent, SlaPolicy.Select(rules, TicketPriority.Urgent, TicketCategory.Logistics, Channel.Chat, CustomerTier.Plus));
        Assert.Same(plusChat, SlaPolicy.Select(rules, TicketPriority.Normal, TicketCategory.Logistics, Channel.Chat, CustomerTier.Plus));
        Assert.Same(standard, SlaPolicy.Select(rules, TicketPriority.Normal, TicketCategory.Logistics, Channel.Chat, CustomerTier.Regular));
        Assert.Null(SlaPolicy.Select([urgent], TicketPriority.Low, TicketCategory.Logistics, Channel.Email, CustomerTier.Regular));
    }

    [Theory]
    [InlineData(0, 10, 10, 75, "sla.first_response.not_positive")]
    [InlineData(10, -1, 10, 75, "sla.next_response.not_positive")]
    [InlineData(10, 10, 0, 75, "sla.resolution.not_positive")]
    [InlineData(10, 10, 10, 100, "sla.at_risk_percent")]
    public void Targets_must_be_positive(int first, int next, int resolution, int atRisk, string key) =>
        Assert.Equal(key, Assert.Throws<DomainException>(() => new SlaPolicy("x", 1, 1, first, next, resolution, atRisk)).Key);
    [Theory]
    [InlineData("2026-12-28 10:00", 120, TargetFit.Fits)]
    [InlineData("2026-12-28 10:00", 2880, TargetFit.BeyondKnownCalendar)] // six working days: into the unknown January
    [InlineData("2026-11-25 10:00", 2880, TargetFit.Fits)]
    [InlineData("2026-11-25 10:00", int.MaxValue, TargetFit.TooLong)]
    public void A_target_must_end_within_the_known_calendar_and_a_year(string now, int minutes, TargetFit fit) =>
        Assert.Equal(fit, SlaPolicy.Fit(minutes, BusinessCalendarTests.China2026(), BusinessCalendarTests.At(now)));

    [Fact]
    public void Without_a_holiday_schedule_a_target_may_run_up_to_a_year()
    {
        var allDay = new BusinessCalendar("7×24", "Asia/Shanghai", is24x7: true);
        var now = BusinessCalendarTests.At("2026-11-25 10:00");

        Assert.Equal(TargetFit.Fits, SlaPolicy.Fit(365 * 24 * 60, allDay, now));
        Assert.Equal(TargetFit.TooLong, SlaPolicy.Fit(367 * 24 * 60, allDay, now));
    }

    [Fact]
    public void Rescheduling_counts_running_clocks_again_in_the_calendar_as_it_is_now()
    {
        var calendar = BusinessCalendarTests.China2026();
        var policy = new SlaPolicy("标准", 100, 1, 120, 240, 2880);
        var sla = new TicketSla();
        var ticket = Ticket.Open("退款", TicketCategory.AfterSales, TicketPriority.Normal, Channel.Email, 1, "顾客", "退款呢", BusinessCalendarTests.At("2026-12-31 17:50"));
        foreach (var e in ticket.DomainEvents)
        {
            sla.Apply(e, policy, calendar);
        }

        Assert.Equal(BusinessCalendarTests.At("2027-01-01 10:50"), sla.FirstResponse.DueAt);

        calendar.SetHolidays([.. calendar.Holidays, new DateOnly(2027, 1, 1)], calendar.MakeUpWorkdays);
        sla.Reschedule(policy, calendar);

        Assert.Equal(BusinessCalendarTests.At("2027-01-04 10:50"), sla.FirstResponse.DueAt);
        Assert.Equal(0, sla.FirstResponse.ElapsedMinutes);
    }
}
