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
public class ComplaintsModel(TimeProvider clock, BusinessTime time) : ReportPageModel(clock, time)
{
    public Model? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (ReadPeriod() is not { } period)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Report = await QueryAsync(new Query(period));
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(string? format)
    {
        var period = ReadPeriod();
        if (ReadFormat(format) is not { } file || period is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var r = await QueryAsync(new Query(period));
        string Verdict(ComplaintRateRow row) => L[$"enum.ComplaintRateVerdict.{row.Verdict}"];
        var rows = r.Table.Categories.Select(c => (L["complaints.level.category"].Value, c))
            .Concat(r.Table.Products.Select(p => (L["complaints.level.product"].Value, p)))
            .Concat(r.Table.Suppliers.Select(s => (L["complaints.level.supplier"].Value, s)))
            .Select(x => (IReadOnlyList<object?>)[x.Item1, x.Item2.Label, x.Item2.Category, x.Item2.Supplier, x.Item2.Complaints, x.Item2.Units, x.Item2.Rate is { } rate ? rate * 100 : null, Verdict(x.Item2)])
            .ToList();
        string[] columns = ["level", "name", "category", "supplier", "complaints", "units", "rate", "verdict"];
        return new TableFile($"complaint-rates-{r.Period.From:yyyyMMdd}-{r.Period.To:yyyyMMdd}", [.. columns.Select(c => L[$"complaints.col.{c}"].Value)], rows)
            .ToResult(file);
    }

    public sealed record Query(ReportPeriod Period) : IQuery<Model>;

    public sealed record Model(ReportPeriod Period, ComplaintRateRule Rule, ComplaintRateTable Table);

    public sealed class Handler(HelpDeskDbContext db, IOptions<QualityOptions> options) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var rule = options.Value.Rule;
            return new Model(request.Period, rule, await ComplaintRates.ComputeAsync(db, request.Period, rule, cancellationToken));
        }
    }
}
