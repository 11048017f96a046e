using System.Globalization;
using FluentValidation;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Sla;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Admin;

/// <summary>
/// Business calendars (R7): time zone, working hours per weekday (several intervals, so a lunch break is a gap),
/// holidays and make-up workdays, or round the clock. Hours are typed as "09:00-12:00, 13:30-18:00"; days as one
/// date per line or a range "2026-10-01..2026-10-07"; a year's official schedule is imported from a file
/// (<see cref="CalendarImportModel"/>). Each calendar shows how far its holidays are known. A saved calendar hands
/// its open tickets to the SLA monitor, which counts their clocks again.
/// </summary>
public class CalendarsModel(TimeProvider clock) : SlicePageModel
{
    public static readonly DayOfWeek[] Week = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public IReadOnlyList<Form> Calendars { get; private set; } = [];

    [BindProperty]
    public Form Input { get; set; } = new();

    [TempData]
    public string? Flash { get; set; }

    public async Task OnGetAsync() => Calendars = await QueryAsync(new Query(clock.GetUtcNow()));

    public async Task<IActionResult> OnPostAsync()
    {
        if ((await SendAsync(new Save(Input, clock.GetUtcNow()))).Succeeded)
        {
            Flash = L["admin.saved"];
            return RedirectToPage();
        }

        Calendars = await QueryAsync(new Query(clock.GetUtcNow()));
        return Page();
    }

    public sealed class Form
    {
        public int? Id { get; set; }

        public string? Name { get; set; }

        public string TimeZone { get; set; } = BusinessCalendar.DefaultTimeZone;

        public bool Is24x7 { get; set; }

        /// <summary>Monday first, as in <see cref="Week"/>.</summary>
        public List<string?> Hours { get; set; } = [.. Enumerable.Repeat<string?>(null, 7)];

        public string? Holidays { get; set; }

        public string? MakeUpWorkdays { get; set; }

        /// <summary>Shown, not saved: the last day with known holidays (none for 24×7 or without holidays).</summary>
        public DateOnly? KnownUntil { get; set; }

        /// <summary>Shown, not saved: days from today to <see cref="KnownUntil"/> (negative once past).</summary>
        public int? DaysLeft { get; set; }
    }

    /// <param name="Now">When given, each calendar's days left to its horizon are counted from it.</param>
    public sealed record Query(DateTimeOffset? Now = null) : IQuery<IReadOnlyList<Form>>;

    public sealed class QueryHandler(HelpDeskDbContext db) : IRequestHandler<Query, IReadOnlyList<Form>>
    {
        public async Task<IReadOnlyList<Form>> Handle(Query request, CancellationToken cancellationToken) =>
            (await db.BusinessCalendars.AsNoTracking().OrderBy(c => c.Id).ToListAsync(cancellationToken)).Select(c => new Form
            {
                Id = c.Id,
                Name = c.Name,
                TimeZone = c.TimeZoneId,
                Is24x7 = c.Is24x7,
                Hours = [.. Week.Select(d => string.Join(", ", c.WorkingIntervals.Where(i => i.Day == d).Select(i => $"{i.Start:HH\\:mm}-{i.End:HH\\:mm}")))],
                Holidays = string.Join("\n", c.Holidays.Select(h => h.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
                MakeUpWorkdays = string.Join("\n", c.MakeUpWorkdays.Select(h => h.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
                KnownUntil = c.KnownUntil,
                DaysLeft = request.Now is { } now ? c.DaysLeft(now) : null,
            }).ToList();
    }

    public sealed record Save(Form Calendar, DateTimeOffset Now) : ICommand<int>;

    public sealed class SaveValidator : AbstractValidator<Save>
    {
        public SaveValidator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.Calendar.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithName("Name").WithMessage(_ => l["calendar.name.required"]);
            RuleForEach(c => c.Calendar.Hours).Must(h => CalendarText.TryIntervals(DayOfWeek.Monday, h, out _)).OverridePropertyName("Hours").WithMessage(_ => l["calendar.hours.format"]);
            RuleFor(c => c.Calendar.Holidays).Must(d => CalendarText.TryDays(d, out _)).OverridePropertyName("Holidays").WithMessage(_ => l["calendar.days.format"]);
            RuleFor(c => c.Calendar.MakeUpWorkdays).Must(d => CalendarText.TryDays(d, out _)).OverridePropertyName("MakeUpWorkdays").WithMessage(_ => l["calendar.days.format"]);
        }
    }

    public sealed class SaveHandler(HelpDeskDbContext db) : IRequestHandler<Save, int>
    {
        public async Task<int> Handle(Save request, CancellationToken cancellationToken)
        {
            var form = request.Calendar;
            var calendar = form.Id is { } id
                ? await db.BusinessCalendars.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw new DomainException("calendar.not_found")
                : db.BusinessCalendars.Add(new BusinessCalendar(form.Name!, form.TimeZone, form.Is24x7)).Entity;
            calendar.Rename(form.Name!);
            calendar.Configure(form.TimeZone, form.Is24x7, CalendarText.Week(form.Hours));
            CalendarText.TryDays(form.Holidays, out var holidays);
            CalendarText.TryDays(form.MakeUpWorkdays, out var makeUp);
            calendar.SetHolidays(holidays, makeUp);
            await db.SaveChangesAsync(cancellationToken);
            await HandOpenTicketsToMonitorAsync(db, calendar.Id, request.Now, cancellationToken);
            return calendar.Id;
        }
    }

    /// <summary>Open tickets whose clocks count in this calendar are due for the SLA monitor now: it schedules them again with the calendar as it is.</summary>
    public static Task<int> HandOpenTicketsToMonitorAsync(HelpDeskDbContext db, int calendarId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE tickets t SET next_deadline_at = {now.ToUniversalTime()}
            FROM ticket_slas s
            WHERE s.ticket_id = t.id AND s.calendar_id = {calendarId} AND t.status <> 'Resolved' AND t.status <> 'Closed'
            """, cancellationToken);
}

/// <summary>Reading and writing calendar hours and days as an admin types them.</summary>
public static class CalendarText
{
    public static List<WorkingInterval> Week(IReadOnlyList<string?> hours) =>
        CalendarsModel.Week.Select((day, i) => CalendarText.TryIntervals(day, i < hours.Count ? hours[i] : null, out var list) ? list : [])
            .SelectMany(l => l).ToList();

    /// <summary>"09:00-12:00, 13:30-18:00" (empty: a day off; "18:00-00:00" runs to midnight).</summary>
    public static bool TryIntervals(DayOfWeek day, string? text, out List<WorkingInterval> intervals)
    {
        intervals = [];
        foreach (var part in (text ?? string.Empty).Split([',', '，', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var ends = part.Split(['-', '–', '~'], StringSplitOptions.TrimEntries);
            if (ends.Length != 2
                || !TimeOnly.TryParseExact(ends[0], "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                || !TimeOnly.TryParseExact(ends[1], "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            {
                return false;
            }

            intervals.Add(new WorkingInterval(day, start, end));
        }

        return true;
    }

    /// <summary>One date (yyyy-MM-dd) or range (yyyy-MM-dd..yyyy-MM-dd) per line.</summary>
    public static bool TryDays(string? text, out List<DateOnly> days)
    {
        days = [];
        foreach (var line in (text ?? string.Empty).Split(['\n', ',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var ends = line.Split("..", StringSplitOptions.TrimEntries);
            if (!DateOnly.TryParseExact(ends[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
            {
                return false;
            }

            var to = from;
            if (ends.Length > 2 || (ends.Length == 2 && (!DateOnly.TryParseExact(ends[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out to) || to < from || to.DayNumber - from.DayNumber > 366)))
            {
                return false;
            }

            for (var d = from; d <= to; d = d.AddDays(1))
            {
                days.Add(d);
            }
        }

        return true;
    }
}
