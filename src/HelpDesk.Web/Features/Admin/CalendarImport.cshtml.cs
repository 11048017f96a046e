using System.Globalization;
using System.Text;
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
/// Importing a year's official holiday schedule into a calendar (R7) from a CSV or ICS file (<see cref="HolidaySchedule"/>):
/// the admin uploads or pastes the file, sees every day it holds, what changes in the calendar and every problem with
/// its line, and only then imports — all or nothing; each year in the file replaces that year of the calendar. Open
/// tickets on the calendar go to the SLA monitor, which counts their clocks again with the new days.
/// </summary>
public class CalendarImportModel(TimeProvider clock) : SlicePageModel
{
    /// <summary>Largest upload read (UTF-8 or GB18030 text).</summary>
    public const int MaxBytes = 1024 * 1024;

    public Summary Calendar { get; private set; } = null!;

    public Preview? Result { get; private set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>The file's text: pasted, or carried from the preview to the import.</summary>
    [BindProperty]
    public string? FileText { get; set; }

    [TempData]
    public string? Flash { get; set; }

    public async Task OnGetAsync(int id) => Calendar = await QueryAsync(new Query(id));

    public async Task<IActionResult> OnPostPreviewAsync(int id)
    {
        Calendar = await QueryAsync(new Query(id));
        if (Upload is { Length: > 0 })
        {
            if (Upload.Length > MaxBytes)
            {
                ModelState.AddModelError(nameof(Upload), L["calendar.import.file", MaxBytes / 1024]);
                return Page();
            }

            await using var stream = Upload.OpenReadStream();
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, HttpContext.RequestAborted);
            FileText = Text(buffer.ToArray());
        }

        Result = await QueryAsync(new PreviewQuery(id, FileText));
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(int id)
    {
        var imported = await SendAsync(new Import(id, FileText, clock.GetUtcNow()), string.Empty);
        if (imported.Succeeded)
        {
            Flash = L["calendar.import.done", string.Join(", ", imported.Value.Years), imported.Value.KnownUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—"];
            return RedirectToPage("/Admin/Calendars");
        }

        // The preview lists the file's problems line by line; the summary need not repeat them.
        ModelState.Remove(nameof(Import.Content));
        Calendar = await QueryAsync(new Query(id));
        Result = await QueryAsync(new PreviewQuery(id, FileText));
        return Page();
    }

    /// <summary>UTF-8 (with or without BOM); otherwise GB18030, as Excel saves a CSV on Chinese Windows.</summary>
    public static string Text(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }

    public sealed record Summary(int Id, string Name, DateOnly? KnownUntil);

    public sealed record Query(int Id) : IQuery<Summary>;

    /// <summary>What the file would do: its days, each year's changes, its problems (localized, with line numbers).</summary>
    public sealed record Preview(string Format, IReadOnlyList<ScheduleDay> Days, IReadOnlyList<YearChange> Years, IReadOnlyList<string> Problems, DateOnly? KnownUntil)
    {
        public bool CanImport => Problems.Count == 0 && Days.Count > 0;
    }

    /// <summary>One year of the file against the calendar: how many days off and make-up workdays it gives, and what it adds and removes.</summary>
    public sealed record YearChange(int Year, int Holidays, int Workdays, IReadOnlyList<DateOnly> Added, IReadOnlyList<DateOnly> Removed);

    public sealed record PreviewQuery(int Id, string? Content) : IQuery<Preview>;

    public sealed record Import(int Id, string? Content, DateTimeOffset Now) : ICommand<Imported>;

    public sealed record Imported(IReadOnlyList<int> Years, DateOnly? KnownUntil);

    /// <summary>Every problem of the file is one message under "Content", with its line: nothing is imported while there is one.</summary>
    public sealed class ImportValidator : AbstractValidator<Import>
    {
        public ImportValidator(IStringLocalizer<Strings> l) =>
            RuleFor(c => c.Content).Custom((content, context) =>
            {
                foreach (var problem in Problems(HolidaySchedule.Parse(content), l))
                {
                    context.AddFailure(nameof(Import.Content), problem);
                }
            });
    }

    public static IReadOnlyList<string> Problems(HolidaySchedule schedule, IStringLocalizer l) =>
        [.. schedule.Errors.Select(e => e.Line == 0 ? l[e.Key, [.. e.Arguments]].Value : l["calendar.import.line", e.Line, l[e.Key, [.. e.Arguments]]].Value)];

    public sealed class Handler(HelpDeskDbContext db, IStringLocalizer<Strings> l) :
        IRequestHandler<Query, Summary>, IRequestHandler<PreviewQuery, Preview>, IRequestHandler<Import, Imported>
    {
        public async Task<Summary> Handle(Query request, CancellationToken cancellationToken)
        {
            var calendar = await FindAsync(request.Id, cancellationToken);
            return new Summary(calendar.Id, calendar.Name, calendar.KnownUntil);
        }

        public async Task<Preview> Handle(PreviewQuery request, CancellationToken cancellationToken)
        {
            var calendar = await FindAsync(request.Id, cancellationToken);
            var schedule = HolidaySchedule.Parse(request.Content);
            var years = schedule.Years.Select(year =>
            {
                var days = schedule.Days.Where(d => d.Date.Year == year).ToList();
                var before = calendar.Holidays.Where(d => d.Year == year).Select(d => (d, ScheduleDayKind.Holiday))
                    .Concat(calendar.MakeUpWorkdays.Where(d => d.Year == year).Select(d => (d, ScheduleDayKind.Workday))).ToHashSet();
                var after = days.Select(d => (d.Date, d.Kind)).ToHashSet();
                return new YearChange(year, days.Count(d => d.Kind == ScheduleDayKind.Holiday), days.Count(d => d.Kind == ScheduleDayKind.Workday),
                    [.. after.Except(before).Select(d => d.Item1).Order()], [.. before.Except(after).Select(d => d.Item1).Order()]);
            }).ToList();
            var knownUntil = schedule.Years.Count > 0 && schedule.Years[^1] > (calendar.HorizonYear ?? 0) ? new DateOnly(schedule.Years[^1], 12, 31) : calendar.KnownUntil;
            return new Preview(schedule.Format, schedule.Days, years, Problems(schedule, l), knownUntil);
        }

        public async Task<Imported> Handle(Import request, CancellationToken cancellationToken)
        {
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM business_calendars WHERE id = {request.Id} FOR UPDATE", cancellationToken);
            var calendar = await db.BusinessCalendars.SingleOrDefaultAsync(c => c.Id == request.Id, cancellationToken) ?? throw new NotFoundException("calendar.not_found");
            var schedule = HolidaySchedule.Parse(request.Content);
            calendar.ImportSchedule(schedule);
            await db.SaveChangesAsync(cancellationToken);
            await CalendarsModel.HandOpenTicketsToMonitorAsync(db, calendar.Id, request.Now, cancellationToken);
            return new Imported(schedule.Years, calendar.KnownUntil);
        }

        private async Task<BusinessCalendar> FindAsync(int id, CancellationToken cancellationToken) =>
            await db.BusinessCalendars.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw new NotFoundException("calendar.not_found");
    }
}
