using HelpDesk.Domain.Common;
using HelpDesk.Domain.Sla;
using static HelpDesk.Domain.Tests.BusinessCalendarTests;

namespace HelpDesk.Domain.Tests;

/// <summary>Reading an official holiday schedule from CSV and ICS, every bad line reported, and importing it all or nothing.</summary>
public class HolidayScheduleTests
{
    public static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", name));

    [Theory]
    [InlineData("cn-2026.csv", "csv")]
    [InlineData("cn-2026.ics", "ics")]
    public void The_2026_sample_files_are_the_official_2026_schedule(string file, string format)
    {
        var schedule = HolidaySchedule.Parse(Sample(file));

        Assert.Empty(schedule.Errors);
        Assert.Equal(format, schedule.Format);
        Assert.Equal([2026], schedule.Years);
        var official = China2026();
        Assert.Equal(official.Holidays, schedule.Days.Where(d => d.Kind == ScheduleDayKind.Holiday).Select(d => d.Date));
        Assert.Equal(official.MakeUpWorkdays, schedule.Days.Where(d => d.Kind == ScheduleDayKind.Workday).Select(d => d.Date));
    }

    [Fact]
    public void The_2027_sample_holds_only_the_13_statutory_days()
    {
        var schedule = HolidaySchedule.Parse(Sample("cn-2027-statutory.csv"));

        Assert.True(schedule.IsValid);
        Assert.Equal(13, schedule.Days.Count);
        Assert.All(schedule.Days, d => Assert.Equal(ScheduleDayKind.Holiday, d.Kind));
        Assert.Contains(schedule.Days, d => d.Date == new DateOnly(2027, 2, 5) && d.Name == "春节（除夕至正月初三）");
        Assert.Contains(schedule.Days, d => d.Date == new DateOnly(2027, 4, 5));
    }

    [Fact]
    public void Csv_takes_headers_comments_ranges_slashes_chinese_and_english_kinds_and_quotes()
    {
        var schedule = HolidaySchedule.Parse("\uFEFF日期,类型,名称\n# a comment\n\n2027/1/1,holiday,New Year\n2027-02-05..2027-02-07,放假,\"春节, 除夕\"\n2027-02-20\t补班\n2027-05-01，休，劳动节\n");

        Assert.Empty(schedule.Errors);
        Assert.Equal(["2027-01-01 Holiday New Year", "2027-02-05 Holiday 春节, 除夕", "2027-02-06 Holiday 春节, 除夕", "2027-02-07 Holiday 春节, 除夕", "2027-02-20 Workday ", "2027-05-01 Holiday 劳动节"],
            schedule.Days.Select(d => $"{d.Date:yyyy-MM-dd} {d.Kind} {d.Name}"));
        Assert.Equal(5, schedule.Days[1].Line);
    }

    [Fact]
    public void Every_malformed_csv_line_is_reported_with_its_number_and_nothing_is_valid()
    {
        var schedule = HolidaySchedule.Parse(string.Join('\n',
            "date,kind,name",
            "2027-01-01,休,元旦",               // 2: fine
            "2027-13-01,休,不存在的月份",         // 3: no such date
            "2027-01-02,假期?,元旦",             // 4: unknown kind
            "2027-01-03",                        // 5: kind missing
            "2027-01-04,班,元旦,多余",           // 6: too many columns
            "2027-01-01,班,冲突",                // 7: off on line 2, worked here
            "2027-10-07..2027-10-01,休,倒过来",   // 8: reversed range
            "2027-01-01..2027-03-01,休,太长",     // 9: longer than 31 days
            "1999-05-01,休,太早",                // 10: year out of range
            "2027-06-09,休," + new string('名', 101))); // 11: name too long

        Assert.False(schedule.IsValid);
        Assert.Equal(
            [(3, "calendar.import.date"), (4, "calendar.import.kind"), (5, "calendar.import.columns"), (6, "calendar.import.columns"), (7, "calendar.import.conflict"),
             (8, "calendar.import.range"), (9, "calendar.import.range"), (10, "calendar.import.year"), (11, "calendar.import.name_too_long")],
            schedule.Errors.Select(e => (e.Line, e.Key)));
        Assert.Equal(["2027-01-01", "2"], schedule.Errors.Single(e => e.Line == 7).Arguments);
        Assert.Equal(["假期?"], schedule.Errors.Single(e => e.Line == 4).Arguments);
    }

    [Theory]
    [InlineData("")]
    [InlineData("date,kind,name\n# nothing else\n")]
    public void An_empty_file_is_refused(string content) =>
        Assert.Equal((0, "calendar.import.empty"), HolidaySchedule.Parse(content).Errors.Select(e => (e.Line, e.Key)).Single());

    [Fact]
    public void A_file_too_large_or_over_too_many_years_is_refused()
    {
        Assert.Equal("calendar.import.too_large", HolidaySchedule.Parse(new string('#', HolidaySchedule.MaxLength + 1)).Errors.Single().Key);

        var years = HolidaySchedule.Parse(string.Join('\n', Enumerable.Range(2027, 6).Select(y => $"{y}-01-01,休,元旦")));

        Assert.Equal((0, "calendar.import.years"), years.Errors.Select(e => (e.Line, e.Key)).Single());
    }

    [Fact]
    public void Ics_reads_all_day_events_with_exclusive_ends_durations_folded_lines_and_the_make_up_convention()
    {
        var ics = string.Join("\r\n",
            "BEGIN:VCALENDAR", "VERSION:2.0",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20270101", "DTEND;VALUE=DATE:20270104", "SUMMARY:元旦", "BEGIN:VALARM", "TRIGGER:-PT15M", "END:VALARM", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20270206", "DURATION:P2D", "SUMMARY:春节 假期", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART:20270214", "SUMMARY:春节 补班", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20270220", "SUMMARY:调休", "CATEGORIES:Holiday,WORKDAY", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20270501", "SUMMARY:劳动节 (long summary", " folded onto a second line)", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20270601", "SUMMARY:取消的", "STATUS:CANCELLED", "END:VEVENT",
            "END:VCALENDAR");

        var schedule = HolidaySchedule.Parse(ics);

        Assert.Empty(schedule.Errors);
        Assert.Equal(
            ["2027-01-01 Holiday", "2027-01-02 Holiday", "2027-01-03 Holiday", "2027-02-06 Holiday", "2027-02-07 Holiday", "2027-02-14 Workday", "2027-02-20 Workday", "2027-05-01 Holiday"],
            schedule.Days.Select(d => $"{d.Date:yyyy-MM-dd} {d.Kind}"));
        Assert.Equal("劳动节 (long summaryfolded onto a second line)", schedule.Days[^1].Name);
        Assert.Equal(4, schedule.Days[0].Line);
    }

    [Fact]
    public void Timed_repeating_unclosed_and_start_less_ics_events_are_reported_by_line()
    {
        var ics = string.Join("\n",
            "BEGIN:VCALENDAR",                                                         // 1
            "BEGIN:VEVENT", "DTSTART:20270101T090000Z", "SUMMARY:会议", "END:VEVENT",  // 2–5: timed (line 3)
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20270102", "RRULE:FREQ=YEARLY", "END:VEVENT", // 6–9: repeating (line 8)
            "BEGIN:VEVENT", "SUMMARY:没有开始", "END:VEVENT",                          // 10–12: no DTSTART (line 10)
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20270103",                             // 13–14: never closed (line 13)
            "END:VCALENDAR");

        var schedule = HolidaySchedule.Parse(ics);

        Assert.Equal(
            [(3, "calendar.import.ics.not_all_day"), (8, "calendar.import.ics.repeating"), (10, "calendar.import.ics.no_start"), (13, "calendar.import.ics.unclosed")],
            schedule.Errors.Select(e => (e.Line, e.Key)));
    }

    [Fact]
    public void Importing_replaces_the_years_of_the_file_and_keeps_the_others()
    {
        var calendar = China2026();
        calendar.SetHolidays([.. calendar.Holidays, new DateOnly(2027, 3, 3)], calendar.MakeUpWorkdays); // a wrong guess for 2027

        calendar.ImportSchedule(HolidaySchedule.Parse(Sample("cn-2027-statutory.csv")));

        Assert.Equal(2027, calendar.HorizonYear);
        Assert.DoesNotContain(new DateOnly(2027, 3, 3), calendar.Holidays);
        Assert.Equal(China2026().Holidays.Count + 13, calendar.Holidays.Count);
        Assert.Equal(China2026().MakeUpWorkdays, calendar.MakeUpWorkdays);
    }

    [Fact]
    public void A_schedule_with_errors_imports_nothing()
    {
        var calendar = China2026();
        var before = calendar.Holidays.ToList();

        var ex = Assert.Throws<DomainException>(() => calendar.ImportSchedule(HolidaySchedule.Parse("2027-01-01,休,元旦\n2027-02-30,休,不存在")));

        Assert.Equal("calendar.import.invalid", ex.Key);
        Assert.Equal(before, calendar.Holidays);
        Assert.Equal(2026, calendar.HorizonYear);
    }
}
