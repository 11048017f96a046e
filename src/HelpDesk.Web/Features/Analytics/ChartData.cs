using System.Text.Json;
using Microsoft.AspNetCore.Html;

namespace HelpDesk.Web.Features.Analytics;

/// <summary>
/// The numbers of one bar chart on an analytics page, as <c>wwwroot/js/analytics-charts.js</c> draws it: one label per
/// bar position, and per dataset its values, the drill-down address of each bar and optionally each bar's colour.
/// <see cref="Render"/> writes the canvas and its JSON block (HTML-safe: the serializer escapes &lt;, &gt; and &amp;).
/// </summary>
public sealed record ChartData(IReadOnlyList<string> Labels, IReadOnlyList<ChartData.Dataset> Datasets, bool Stacked = false, bool Horizontal = false)
{
    public sealed record Dataset(string Label, IReadOnlyList<decimal> Data, IReadOnlyList<string> Hrefs, IReadOnlyList<string>? Colors = null);

    public const string Alarm = "#dc3545";
    public const string Normal = "#0d6efd";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The chart's canvas (with its accessible name, <paramref name="height"/> high) and its numbers.</summary>
    public IHtmlContent Render(string id, string label, string height = "16rem")
    {
        var enc = System.Text.Encodings.Web.HtmlEncoder.Default;
        return new HtmlString(
            $"""<div class="chart-box" data-height="{height}"><canvas id="{id}" data-chart="{id}-data" role="img" aria-label="{enc.Encode(label)}"></canvas></div>""" +
            $"""<script type="application/json" id="{id}-data">{JsonSerializer.Serialize(this, Json)}</script>""");
    }
}
