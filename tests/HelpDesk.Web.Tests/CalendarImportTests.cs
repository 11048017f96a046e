using FluentValidation;
using HelpDesk.Domain.Sla;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Features.Admin;
using HelpDesk.Web.Features.Sla;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpDesk.Web.Tests;

/// <summary>Importing a year's official schedule on PostgreSQL: all or nothing, and open tickets' deadlines follow it.</summary>
public sealed class CalendarImportTests : IAsyncLifetime
{
    // Thursday 31 December 2026, 17:50 in Shanghai: the last working minutes the 2026 schedule knows.
    private readonly FakeTimeProvider _clock = TestClock.At(new DateTimeOffset(2026, 12, 31, 9, 50, 0, TimeSpan.Zero));
    private HelpDeskFactory _app = null!;

    public static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", name));

    public async Task InitializeAsync()
    {
        _app = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync(), services: s => s.AddSingleton<TimeProvider>(_clock));
        await _app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE tickets SET next_deadline_at = NULL"));
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_ticket_due_on_new_year_s_day_moves_to_the_next_working_day_once_2027_is_imported()
    {
        var workdays = await CalendarIdAsync("标准工作日");
        var id = await _app.WithDbAsync(async db =>
        {
            // An e-mail from a regular customer: the "标准" policy, two working hours to a first response.
            var customer = await db.Customers.Where(c => c.Tier == Domain.Customers.CustomerTier.Regular).OrderBy(c => c.Id).FirstAsync();
            var ticket = Ticket.Open("退款进度", TicketCategory.AfterSales, TicketPriority.Normal, Channel.Email, customer.Id, customer.Name, "退款什么时候到账？", _clock.GetUtcNow());
            db.Tickets.Add(ticket);
            await db.SaveChangesAsync();
            return ticket.Id;
        });
        Assert.Equal(Shanghai("2027-01-01 10:50"), (await SlaOfAsync(id)).FirstResponse.DueAt); // a public holiday: 2027 is unknown
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        await AppFixture.PostFormAsync(client, "/account/login", new() { ["Input.Email"] = Data.Seed.DemoSeeder.SupervisorEmail, ["Input.Password"] = Data.Seed.DemoSeeder.Password });
        var page = "/agent/tickets/" + Ticket.FormatNumber(await _app.WithDbAsync(db => db.Tickets.Where(t => t.Id == id).Select(t => t.Number).SingleAsync())).ToLowerInvariant();
        Assert.Equal(["FirstResponse", "Resolution"], await BeyondAsync(client, page)); // the ticket page says so

        await _app.SendAsync(new CalendarImportModel.Import(workdays, Sample("cn-2027-statutory.csv"), _clock.GetUtcNow()));
        while ((await _app.SendAsync(new SlaMonitor.Command())).Checked == new SlaMonitor.Command().BatchSize)
        {
        }

        var sla = await SlaOfAsync(id);
        Assert.Equal(Shanghai("2027-01-04 10:50"), sla.FirstResponse.DueAt);
        Assert.Empty(await BeyondAsync(client, page));
        Assert.Equal(Shanghai("2027-01-04 10:20"), sla.FirstResponse.AtRiskAt);
        Assert.Equal(0, await _app.WithDbAsync(db => db.SlaEscalations.CountAsync(e => e.TicketId == id)));
        var calendar = await _app.WithDbAsync(db => db.BusinessCalendars.AsNoTracking().SingleAsync(c => c.Id == workdays));
        Assert.Equal(2027, calendar.HorizonYear);
        Assert.Contains(new DateOnly(2026, 10, 1), calendar.Holidays);   // 2026 kept
        Assert.Contains(new DateOnly(2027, 10, 3), calendar.Holidays);
    }

    [Fact]
    public async Task One_bad_line_imports_nothing_and_says_which_line()
    {
        var id = await NewCalendarAsync("导入测试一");
        var file = "date,kind,name\n2027-01-01,休,元旦\n2027-02-30,休,二月没有三十号\n2027-02-20,上课,错字\n";

        var ex = await Assert.ThrowsAsync<ValidationException>(() => _app.SendAsync(new CalendarImportModel.Import(id, file, _clock.GetUtcNow())));

        Assert.All(ex.Errors, e => Assert.Equal("Content", e.PropertyName));
        Assert.Equal(["第 3 行：“2027-02-30”不是日期（应写成 2027-10-01 或 2027-10-01..2027-10-07）。", "第 4 行：“上课”既不是放假（休）也不是调休上班（班）。"], ex.Errors.Select(e => e.ErrorMessage));
        var calendar = await _app.WithDbAsync(db => db.BusinessCalendars.AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.Empty(calendar.Holidays);
        Assert.Null(calendar.HorizonYear);
    }

    [Fact]
    public async Task A_year_of_the_file_replaces_that_year_and_no_other()
    {
        var id = await NewCalendarAsync("导入测试二", holidays: "2026-10-01..2026-10-07\n2027-03-03", makeUp: "2026-10-10");

        var imported = await _app.SendAsync(new CalendarImportModel.Import(id, Sample("cn-2027-statutory.csv"), _clock.GetUtcNow()));

        Assert.Equal([2027], imported.Years);
        Assert.Equal(new DateOnly(2027, 12, 31), imported.KnownUntil);
        var calendar = await _app.WithDbAsync(db => db.BusinessCalendars.AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.Equal(7 + 13, calendar.Holidays.Count);
        Assert.DoesNotContain(new DateOnly(2027, 3, 3), calendar.Holidays);
        Assert.Equal([new DateOnly(2026, 10, 10)], calendar.MakeUpWorkdays);
    }

    [Fact]
    public async Task The_preview_shows_each_year_s_days_what_changes_and_every_problem()
    {
        var id = await NewCalendarAsync("导入测试三", holidays: "2027-03-03");

        var preview = await _app.SendAsync(new CalendarImportModel.PreviewQuery(id, Sample("cn-2026.ics") + "\n")); // an ICS file, and 2026
        var year = Assert.Single(preview.Years);
        Assert.True(preview.CanImport);
        Assert.Equal((2026, 33, 6, 39, 0), (year.Year, year.Holidays, year.Workdays, year.Added.Count, year.Removed.Count));
        Assert.Equal("ics", preview.Format);
        Assert.Equal(new DateOnly(2027, 12, 31), preview.KnownUntil); // 2027 is known already (3 March)

        var bad = await _app.SendAsync(new CalendarImportModel.PreviewQuery(id, "2027-01-01,休,元旦\n2027-01-01,班,又上班"));
        Assert.False(bad.CanImport);
        Assert.Equal(["第 2 行：2027-01-01 在第 1 行已是另一种类型：同一天不能既放假又上班。"], bad.Problems);
        Assert.Equal([new DateOnly(2027, 3, 3)], Assert.Single(bad.Years).Removed);
    }

    [Fact]
    public void Every_problem_the_reader_reports_has_a_message_in_both_languages()
    {
        var keys = new[]
        {
            "x,y,z,w", "2027-01-01,?", "2027-13-01,休", "2027-01-01..2027-03-01,休", "1999-01-01,休", "2027-01-02,休," + new string('x', 101),
            "2027-01-03,休\n2027-01-03,班", string.Join('\n', Enumerable.Range(2027, 6).Select(y => $"{y}-01-01,休")), string.Empty, new string('#', HolidaySchedule.MaxLength + 1),
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20270101T000000Z\nEND:VEVENT\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270102\nRRULE:FREQ=DAILY\nEND:VEVENT\nBEGIN:VEVENT\nEND:VEVENT\nBEGIN:VEVENT",
        }.SelectMany(f => HolidaySchedule.Parse(f).Errors).Select(e => e.Key).Distinct().ToList();
        var tables = JsonStringLocalizerFactory.LoadTables();

        Assert.Equal(14, keys.Count);
        Assert.All(keys, key => Assert.All(Localization.Cultures, culture => Assert.True(tables[culture].ContainsKey(key), $"{key} in {culture}")));
        Assert.All(Localization.Cultures, culture => Assert.True(tables[culture].ContainsKey("calendar.import.invalid")));
    }

    /// <summary>The clocks the ticket page marks as due beyond the known calendar.</summary>
    private static async Task<IReadOnlyList<string>> BeyondAsync(HttpClient client, string page) =>
        [.. new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await client.GetStringAsync(page)).QuerySelectorAll(".sla-clock")
            .Where(c => c.QuerySelector(".beyond-calendar") is not null).Select(c => c.GetAttribute("data-metric")!)];

    private Task<int> CalendarIdAsync(string name) => _app.WithDbAsync(db => db.BusinessCalendars.Where(c => c.Name == name).Select(c => c.Id).SingleAsync());

    private Task<int> NewCalendarAsync(string name, string? holidays = null, string? makeUp = null) => _app.SendAsync(new CalendarsModel.Save(
        new CalendarsModel.Form { Name = name, Hours = ["09:00-18:00", "09:00-18:00", "09:00-18:00", "09:00-18:00", "09:00-18:00", "", ""], Holidays = holidays, MakeUpWorkdays = makeUp },
        _clock.GetUtcNow()));

    private Task<TicketSla> SlaOfAsync(long id) => _app.WithDbAsync(db => db.Tickets.AsNoTracking().Where(t => t.Id == id).Select(t => t.Sla).SingleAsync());

    private static DateTimeOffset Shanghai(string local) => new DateTimeOffset(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(8)).ToUniversalTime();
}
