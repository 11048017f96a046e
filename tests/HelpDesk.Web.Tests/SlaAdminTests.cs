using System.Net;
using FluentValidation;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Admin;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Tests;

/// <summary>Admins edit calendars and SLA policies; bad ones are refused and nothing changes.</summary>
public sealed class SlaAdminTests(AppFixture app) : IClassFixture<AppFixture>
{
    /// <summary>A moment inside the seeded calendar's known year, so targets are judged the same whenever the tests run.</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_calendar_with_a_lunch_break_and_holidays_is_saved_and_read_back()
    {
        var form = new CalendarsModel.Form
        {
            Name = "夜班日历",
            TimeZone = "Asia/Shanghai",
            Hours = ["09:00-12:00, 13:30-18:00", "09:00-12:00, 13:30-18:00", "", "", "", "10:00-16:00", ""],
            Holidays = "2026-12-31\n2027-01-01..2027-01-03",
            MakeUpWorkdays = "2027-01-04",
        };

        var id = await app.SendAsync(new CalendarsModel.Save(form, Now));

        var saved = (await app.SendAsync(new CalendarsModel.Query())).Single(c => c.Id == id);
        Assert.Equal("09:00-12:00, 13:30-18:00", saved.Hours[0]);
        Assert.Equal("10:00-16:00", saved.Hours[5]);
        Assert.Equal(4, saved.Holidays!.Split('\n').Length);
    }

    [Theory]
    [InlineData("09:00-12:00, 11:00-14:00", "calendar.interval.overlap")]
    [InlineData("", "calendar.no_working_time")]
    public async Task A_calendar_without_working_time_or_with_overlapping_hours_is_refused(string monday, string key)
    {
        var before = await app.WithDbAsync(db => db.BusinessCalendars.CountAsync());
        var form = new CalendarsModel.Form { Name = "坏日历 " + key, Hours = [monday, "", "", "", "", "", ""] };

        var ex = await Assert.ThrowsAsync<DomainException>(() => app.SendAsync(new CalendarsModel.Save(form, Now)));

        Assert.Equal(key, ex.Key);
        Assert.Equal(before, await app.WithDbAsync(db => db.BusinessCalendars.CountAsync()));
    }

    [Fact]
    public async Task Badly_typed_hours_and_dates_are_refused_per_field()
    {
        var form = new CalendarsModel.Form { Name = "x", Hours = ["9点到12点", "", "", "", "", "", ""], Holidays = "十月一日" };

        var ex = await Assert.ThrowsAsync<ValidationException>(() => app.SendAsync(new CalendarsModel.Save(form, Now)));

        Assert.Equal(["Holidays", "Hours"], ex.Errors.Select(e => e.PropertyName.Split('[')[0]).Distinct().Order());
    }

    [Fact]
    public async Task The_last_catch_all_policy_cannot_be_switched_off_and_targets_must_be_positive()
    {
        var rules = await app.SendAsync(new SlaPoliciesModel.Query());
        var catchAll = rules.Policies.Single(p => p.Priority is null && p.Category is null && p.Channel is null && p.Tier is null);

        catchAll.IsActive = false;
        Assert.Equal("sla.no_catch_all", (await Assert.ThrowsAsync<DomainException>(() => app.SendAsync(new SlaPoliciesModel.Save(catchAll, Now)))).Key);
        catchAll.IsActive = true;
        catchAll.FirstResponseMinutes = 0;
        Assert.Equal("sla.first_response.not_positive", (await Assert.ThrowsAsync<DomainException>(() => app.SendAsync(new SlaPoliciesModel.Save(catchAll, Now)))).Key);

        var after = (await app.SendAsync(new SlaPoliciesModel.Query())).Policies.Single(p => p.Id == catchAll.Id);
        Assert.True(after.IsActive);
        Assert.Equal(120, after.FirstResponseMinutes);
    }

    [Fact]
    public async Task A_changed_policy_hands_every_open_ticket_to_the_monitor()
    {
        var rules = await app.SendAsync(new SlaPoliciesModel.Query());
        var plus = rules.Policies.Single(p => p.Name == "PLUS 会员");
        plus.ResolutionMinutes = 600;
        var now = Now;

        await app.SendAsync(new SlaPoliciesModel.Save(plus, now));

        var open = await app.WithDbAsync(db => db.Tickets.Where(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed).Select(t => t.NextDeadlineAt).ToListAsync());
        Assert.All(open, d => Assert.Equal(now, d!.Value, TimeSpan.FromMilliseconds(1)));
    }

    [Theory]
    [InlineData("/admin/calendars")]
    [InlineData("/admin/sla-policies")]
    public async Task Only_admins_edit_calendars_and_policies(string url)
    {
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInClientAsync(DemoSeeder.AdminEmail)).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInClientAsync(DemoSeeder.SupervisorEmail)).GetAsync(url)).StatusCode);
    }
}
