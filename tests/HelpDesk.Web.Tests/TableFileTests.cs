using System.Text;
using ClosedXML.Excel;
using HelpDesk.Web.Infrastructure;

namespace HelpDesk.Web.Tests;

/// <summary>The analytics exports: CSV that Excel opens with Chinese text and never runs a formula; .xlsx with text as text.</summary>
public sealed class TableFileTests
{
    private static readonly TableFile Table = new("投诉 2026/12", ["工单", "数量", "日期", "备注"],
    [
        ["HD-100001", 3, new DateOnly(2026, 12, 1), "=HYPERLINK(\"http://evil\")"],
        ["HD-100002", 1.5m, null, "退款, \"很慢\"\n第二行"],
    ]);

    [Fact]
    public void Csv_has_a_bom_quotes_separators_and_defuses_formulas()
    {
        var bytes = Table.Csv();

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.Equal(
            "工单,数量,日期,备注\n" +
            "HD-100001,3,2026-12-01,\"'=HYPERLINK(\"\"http://evil\"\")\"\n" +
            "HD-100002,1.5,,\"退款, \"\"很慢\"\"\n第二行\"\n",
            text);
    }

    [Fact]
    public void Xlsx_keeps_numbers_as_numbers_and_text_as_text()
    {
        using var book = new XLWorkbook(new MemoryStream(Table.Xlsx()));
        var sheet = book.Worksheets.Single();

        Assert.Equal("投诉 202612", sheet.Name);
        Assert.Equal("工单", sheet.Cell(1, 1).GetString());
        Assert.Equal(3m, sheet.Cell(2, 2).GetValue<decimal>());
        Assert.Equal(new DateTime(2026, 12, 1), sheet.Cell(2, 3).GetDateTime());
        Assert.False(sheet.Cell(2, 4).HasFormula);
        Assert.Equal("=HYPERLINK(\"http://evil\")", sheet.Cell(2, 4).GetString());
        Assert.True(sheet.Cell(3, 3).IsEmpty());
        Assert.Equal(3, sheet.LastRowUsed().RowNumber());
    }

    [Fact]
    public void The_download_names_the_file_and_its_type()
    {
        Assert.Equal("text/csv; charset=utf-8", Table.ToResult(TableFile.Format.Csv).ContentType);
        var xlsx = Table.ToResult(TableFile.Format.Xlsx);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.ContentType);
        Assert.Equal("投诉 2026/12.xlsx", xlsx.FileDownloadName);
    }
}
