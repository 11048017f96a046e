using HelpDesk.Domain.Analytics;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Analytics;

/// <summary>
/// Complaint rates (issue 16 item 2) for the last 7/30/90 days or a range of at most 90 business dates: per product
/// category, product and supplier, complaints ÷ units sold, "not enough orders" under the minimum volume, above the
/// threshold marked (the daily <see cref="QualityCheck"/> raises the alerts); complaint counts drill down to the
/// tickets. Export: CSV or .xlsx of the three tables.
/// </summary>
public class ComplaintsModel(TimeProvider clock, BusinessTime time) : SlicePageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Days { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    public Model? Report { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (Read() is not { } query)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Report = await QueryAsync(query);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(string? format)
    {
        var query = Read();
        if (format is not ("csv" or "xlsx"))
        {
            Error ??= L["performance.export.format_invalid"];
        }

        if (query is null || Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var r = await QueryAsync(query);
        string Verdict(ComplaintRateRow row) => L[$"enum.ComplaintRateVerdict.{row.Verdict}"];
        var rows = r.Table.Categories.Select(c => (L["complaints.level.category"].Value, c))
            .Concat(r.Table.Products.Select(p => (L["complaints.level.product"].Value, p)))
            .Concat(r.Table.Suppliers.Select(s => (L["complaints.level.supplier"].Value, s)))
            .Select(x => (IReadOnlyList<object?>)[x.Item1, x.Item2.Label, x.Item2.Category, x.Item2.Supplier, x.Item2.Complaints, x.Item2.Units, x.Item2.Rate is { } rate ? rate * 100 : null, Verdict(x.Item2)])
            .ToList();
        string[] columns = ["level", "name", "category", "supplier", "complaints", "units", "rate", "verdict"];
        return new TableFile($"complaint-rates-{r.Period.From:yyyyMMdd}-{r.Period.To:yyyyMMdd}", [.. columns.Select(c => L[$"complaints.col.{c}"].Value)], rows)
            .ToResult(format == "xlsx" ? TableFile.Format.Xlsx : TableFile.Format.Csv);
    }

    private Query? Read()
    {
        var today = DateOnly.FromDateTime(time.ToLocal(clock.GetUtcNow()).DateTime);
        var (period, _, error) = ReportPeriod.Parse(Days, From, To, today);
        if (period is null)
        {
            Error = L[error!, ReportPeriod.MaxDays];
            return null;
        }

        return new Query(period);
    }

    public sealed record Query(ReportPeriod Period) : IQuery<Model>;

    public sealed record Model(ReportPeriod Period, ComplaintRateRule Rule, ComplaintRateTable Table);

    public sealed class Handler(HelpDeskDbContext db, BusinessTime time, IOptions<QualityOptions> options) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var rule = options.Value.Rule;
            return new Model(request.Period, rule, await ComplaintRates.ComputeAsync(db, time, request.Period, rule, cancellationToken));
        }
    }
}
