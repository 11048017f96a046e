using System.Net;
using AngleSharp.Html.Parser;
using FluentValidation;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Admin;
using HelpDesk.Web.Features.Sla;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpDesk.Web.Tests;

/// <summary>
/// A calendar running out of known holidays, on PostgreSQL with a test clock: supervisors are warned once per
/// calendar and horizon, 60 days ahead, and see it on their start page; SLA targets past the horizon are refused.
/// </summary>
public sealed class CalendarHorizonTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = TestClock.At(Shanghai("2026-10-31 09:00"));
    private HelpDeskFactory _app = null!;

    public async Task InitializeAsync() =>
        _app = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync(), services: s => s.AddSingleton<TimeProvider>(_clock));

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Supervisors_are_warned_once_60_days_before_a_calendar_runs_out_and_again_for_the_next_horizon()
    {
        var supervisors = await _app.WithDbAsync(db => (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where r.Name == Roles.Supervisor select ur.UserId).CountAsync());
        Assert.True(supervisors >= 2);

        // 61 days before 31 December 2026: not yet.
        Assert.Equal(0, await WarnAsync());
        Assert.Empty(await _app.SendAsync(new CalendarHorizons.Query(_clock.GetUtcNow())));

        // 60 days before: every supervisor once, however often (or by how many instances) the check runs.
        _clock.Set(Shanghai("2026-11-01 09:00"));
        var runs = await Task.WhenAll(WarnAsync(), WarnAsync(), WarnAsync());
        Assert.Equal(supervisors, runs.Sum());
        _clock.Set(Shanghai("2026-12-20 09:00"));
        Assert.Equal(0, await WarnAsync());
        var notices = await _app.WithDbAsync(db => db.Notifications.Where(n => n.Key == "notify.calendar.horizon").ToListAsync());
        Assert.Equal(supervisors, notices.Count);
        Assert.Equal(["标准工作日", "2026-12-31", "60", "2027"], notices[0].Arguments);
        Assert.Null(notices[0].TicketId);

        // The 24×7 calendar has nothing to run out of; the working-day one is on the start page.
        var row = Assert.Single(await _app.SendAsync(new CalendarHorizons.Query(_clock.GetUtcNow())));
        Assert.Equal(("标准工作日", new DateOnly(2026, 12, 31), 11), (row.Name, row.KnownUntil, row.DaysLeft));

        // With 2027 imported the horizon moves: quiet until 60 days before its end.
        var workdays = row.Id;
        await _app.SendAsync(new CalendarImportModel.Import(workdays, CalendarImportTests.Sample("cn-2027-statutory.csv"), _clock.GetUtcNow()));
        Assert.Equal(0, await WarnAsync());
        Assert.Empty(await _app.SendAsync(new CalendarHorizons.Query(_clock.GetUtcNow())));
        _clock.Set(Shanghai("2027-11-01 09:00"));
        Assert.Equal(supervisors, await WarnAsync());
        Assert.Equal(0, await WarnAsync());
    }

    [Fact]
    public async Task The_supervisor_start_page_and_notices_say_which_calendar_runs_out_when()
    {
        _clock.Set(Shanghai("2026-12-01 09:00"));
        await WarnAsync();
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        await AppFixture.PostFormAsync(client, "/account/login", new() { ["Input.Email"] = DemoSeeder.SupervisorEmail, ["Input.Password"] = DemoSeeder.Password });

        var start = new HtmlParser().ParseDocument(await client.GetStringAsync("/supervisor"));
        var notices = new HtmlParser().ParseDocument(await client.GetStringAsync("/agent/notifications"));

        const string text = "日历“标准工作日”的节假日只到 2026-12-31（还剩 30 天）。请管理员导入 2027 年的放假安排，否则之后的时限会按普通工作日计算。";
        Assert.Equal(text, Assert.Single(start.QuerySelectorAll(".calendar-horizon")).TextContent.Trim());
        Assert.Contains(text, notices.QuerySelector("#notifications")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Targets_that_end_beyond_the_known_calendar_are_refused_per_field_until_the_next_year_is_imported()
    {
        _clock.Set(Shanghai("2026-12-28 10:00"));
        var standard = (await _app.SendAsync(new SlaPoliciesModel.Query())).Policies.Single(p => p.Name == "标准");
        standard.ResolutionMinutes = 2880;  // six working days: into January
        standard.PauseCapMinutes = int.MaxValue;

        var errors = (await Assert.ThrowsAsync<ValidationException>(() => _app.SendAsync(new SlaPoliciesModel.Save(standard, _clock.GetUtcNow())))).Errors.ToList();

        Assert.Equal(["ResolutionMinutes", "PauseCapMinutes"], errors.Select(e => e.PropertyName));
        Assert.Equal("解决（分钟）超出已知日历：日历“标准工作日”的节假日只到 2026-12-31，从现在起算这个时限会在那之后才到期。请先导入 2027 年的放假安排，或缩短时限。", errors[0].ErrorMessage);
        Assert.StartsWith("暂停上限（分钟，可空）过长", errors[1].ErrorMessage, StringComparison.Ordinal);

        // An hour still fits; with 2027 imported, six days fit too — 300 working days do not.
        standard.PauseCapMinutes = 60;
        standard.ResolutionMinutes = 60;
        await _app.SendAsync(new SlaPoliciesModel.Save(standard, _clock.GetUtcNow()));
        var workdays = standard.CalendarId;
        await _app.SendAsync(new CalendarImportModel.Import(workdays, CalendarImportTests.Sample("cn-2027-statutory.csv"), _clock.GetUtcNow()));
        standard.ResolutionMinutes = 2880;
        await _app.SendAsync(new SlaPoliciesModel.Save(standard, _clock.GetUtcNow()));
        standard.ResolutionMinutes = 300 * 450; // into 2028
        Assert.Equal("ResolutionMinutes", Assert.Single((await Assert.ThrowsAsync<ValidationException>(() => _app.SendAsync(new SlaPoliciesModel.Save(standard, _clock.GetUtcNow())))).Errors).PropertyName);

        var saved = (await _app.SendAsync(new SlaPoliciesModel.Query())).Policies.Single(p => p.Id == standard.Id);
        Assert.Equal((2880, 60), (saved.ResolutionMinutes, saved.PauseCapMinutes));
    }

    [Fact]
    public async Task The_policy_page_shows_the_refusal_under_the_target_and_saves_nothing()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        await AppFixture.PostFormAsync(client, "/account/login", new() { ["Input.Email"] = DemoSeeder.AdminEmail, ["Input.Password"] = DemoSeeder.Password });
        var standard = (await _app.SendAsync(new SlaPoliciesModel.Query())).Policies.Single(p => p.Name == "标准");

        var response = await AppFixture.PostFormAsync(client, "/admin/sla-policies", new()
        {
            ["Input.Id"] = standard.Id!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Name"] = standard.Name!, ["Input.Position"] = "100",
            ["Input.IsActive"] = "true", ["Input.CalendarId"] = standard.CalendarId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.FirstResponseMinutes"] = int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.NextResponseMinutes"] = "240",
            ["Input.ResolutionMinutes"] = "2880", ["Input.AtRiskPercent"] = "75", ["Input.PauseCapMinutes"] = "1350",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var field = page.QuerySelector($"form[data-id='{standard.Id}'] input[name='Input.FirstResponseMinutes']")!;
        Assert.Contains("is-invalid", field.ClassName, StringComparison.Ordinal);
        Assert.StartsWith("首次响应（分钟）过长", field.NextElementSibling!.TextContent, StringComparison.Ordinal);
        Assert.Equal(120, (await _app.SendAsync(new SlaPoliciesModel.Query())).Policies.Single(p => p.Id == standard.Id).FirstResponseMinutes);
    }

    private async Task<int> WarnAsync() => await _app.SendAsync(new CalendarHorizons.Warn(_clock.GetUtcNow()));

    private static DateTimeOffset Shanghai(string local) => new DateTimeOffset(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(8)).ToUniversalTime();
}
