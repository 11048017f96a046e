using HelpDesk.Domain.Analytics;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Analytics;

/// <summary>"HelpDesk:Quality": the complaint-rate rule (issue 16 item 2).</summary>
public sealed class QualityOptions
{
    public const string Section = "HelpDesk:Quality";

    /// <summary>Fewer units sold in the period than this: "not enough orders", no rate.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int MinimumUnits { get; set; } = 50;

    /// <summary>Complaints ÷ units above this fraction (0.05 = 5 %) raises a quality alert.</summary>
    [System.ComponentModel.DataAnnotations.Range(0.0001, 0.9999)]
    public decimal ComplaintRateThreshold { get; set; } = 0.05m;

    public ComplaintRateRule Rule => new ComplaintRateRule(MinimumUnits, ComplaintRateThreshold).Validate();
}

/// <summary>One line of the complaint-rate table: a product category, a product or a supplier.</summary>
public sealed record ComplaintRateRow(string Label, long? ProductId, string? Supplier, string? Category, long Complaints, long Units, decimal? Rate, ComplaintRateVerdict Verdict);

public sealed record ComplaintRateTable(IReadOnlyList<ComplaintRateRow> Categories, IReadOnlyList<ComplaintRateRow> Products, IReadOnlyList<ComplaintRateRow> Suppliers);

/// <summary>
/// Complaints ÷ units sold for a period of business dates, both from the narrow rollup <c>report_products_daily</c>:
/// complaints are the <c>ComplaintFiled</c> facts with their product and supplier; units the <c>UnitsSold</c> facts,
/// i.e. the quantities of the order lines of orders placed in the period and not cancelled (<see cref="SalesFacts"/>),
/// per product; a category or supplier sums its products. Products with neither are left out.
/// </summary>
public static class ComplaintRates
{
    public static async Task<ComplaintRateTable> ComputeAsync(HelpDeskDbContext db, ReportPeriod period, ComplaintRateRule rule, CancellationToken cancellationToken)
    {
        var (from, to) = (period.From, period.To);
        var (complained, sold) = (nameof(FactKind.ComplaintFiled), nameof(FactKind.UnitsSold));
        var complaints = await db.Database.SqlQuery<ComplaintCount>($"""
            SELECT product_id, supplier, sum(facts)::bigint AS complaints
            FROM report_products_daily WHERE kind = {complained} AND business_date BETWEEN {from} AND {to} GROUP BY 1, 2
            """).ToListAsync(cancellationToken);
        var units = (await db.Database.SqlQuery<ProductUnits>($"""
            SELECT product_id, sum(total)::bigint AS units
            FROM report_products_daily WHERE kind = {sold} AND business_date BETWEEN {from} AND {to} GROUP BY 1 HAVING sum(total) <> 0
            """).ToListAsync(cancellationToken)).ToDictionary(u => u.ProductId, u => u.Units);
        var ids = complaints.Where(c => c.ProductId != 0).Select(c => c.ProductId).Concat(units.Keys).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Name, p.Category, p.Supplier }).ToDictionaryAsync(p => p.Id, cancellationToken);

        ComplaintRateRow Row(string label, long? product, string? supplier, string? category, long c, long u)
        {
            var (rate, verdict) = rule.Evaluate(c, u);
            return new ComplaintRateRow(label, product, supplier, category, c, u, rate, verdict);
        }

        var byProduct = products.Values.Select(p => Row(p.Name, p.Id, p.Supplier, p.Category,
                complaints.Where(c => c.ProductId == p.Id).Sum(c => c.Complaints), units.GetValueOrDefault(p.Id)))
            .OrderByDescending(r => r.Rate ?? -1).ThenByDescending(r => r.Complaints).ThenBy(r => r.Label, StringComparer.Ordinal).ToList();
        // A supplier's complaints are its facts (the supplier as it was then); its units those of its products.
        var bySupplier = complaints.Where(c => c.Supplier.Length > 0).Select(c => c.Supplier).Concat(products.Values.Select(p => p.Supplier)).Distinct()
            .Select(s => Row(s, null, s, null, complaints.Where(c => c.Supplier == s).Sum(c => c.Complaints),
                products.Values.Where(p => p.Supplier == s).Sum(p => units.GetValueOrDefault(p.Id))))
            .OrderByDescending(r => r.Rate ?? -1).ThenByDescending(r => r.Complaints).ThenBy(r => r.Label, StringComparer.Ordinal).ToList();
        var byCategory = byProduct.GroupBy(p => p.Category!)
            .Select(g => Row(g.Key, null, null, g.Key, g.Sum(p => p.Complaints), g.Sum(p => p.Units)))
            .OrderByDescending(r => r.Rate ?? -1).ThenByDescending(r => r.Complaints).ThenBy(r => r.Label, StringComparer.Ordinal).ToList();
        return new ComplaintRateTable(byCategory, byProduct, bySupplier);
    }

    public sealed record ComplaintCount(long ProductId, string Supplier, long Complaints);

    public sealed record ProductUnits(long ProductId, long Units);
}
