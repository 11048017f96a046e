using HelpDesk.Domain.Analytics;
using HelpDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace HelpDesk.Web.Features.Analytics;

/// <summary>
/// What every analytics report page shares: the period from the query string (<c>days</c> = 7/30/90 or
/// <c>from</c>/<c>to</c>, <see cref="ReportPeriod"/>) in business dates, the error message when it is wrong, and the
/// check of the export format. The form's fields are the partial <c>_Period.cshtml</c>.
/// </summary>
public abstract class ReportPageModel(TimeProvider clock, BusinessTime time) : SlicePageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Days { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    public string? Error { get; protected set; }

    /// <summary>The preset a page opens with when neither days nor a range is given.</summary>
    public virtual int DefaultDays => 30;

    /// <summary>The period asked for, or null with <see cref="Error"/> set.</summary>
    protected ReportPeriod? ReadPeriod()
    {
        var today = DateOnly.FromDateTime(time.ToLocal(clock.GetUtcNow()).DateTime);
        var (period, _, error) = ReportPeriod.Parse(Days, From, To, today, DefaultDays);
        if (period is null)
        {
            Error ??= L[error!, ReportPeriod.MaxDays];
        }

        return period;
    }

    /// <summary>The export's file format, or null with <see cref="Error"/> set.</summary>
    protected TableFile.Format? ReadFormat(string? format)
    {
        switch (format)
        {
            case "csv":
                return TableFile.Format.Csv;
            case "xlsx":
                return TableFile.Format.Xlsx;
            default:
                Error ??= L["performance.export.format_invalid"];
                return null;
        }
    }
}
