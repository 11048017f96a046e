using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Mvc;

namespace HelpDesk.Web.Infrastructure;

/// <summary>
/// A table to download, as CSV or Excel (.xlsx): the analytics exports (one row per ticket, and the aggregates).
/// Cells are strings, numbers (int, long, decimal, double), dates or times; null is an empty cell. CSV is UTF-8 with a
/// BOM so Excel opens Chinese text, times in the business time zone as the caller formats them, and a text cell that
/// starts like a formula (=, +, -, @, tab, CR) is prefixed with an apostrophe, so a customer's text never runs as one.
/// In .xlsx text is stored as text (never a formula) and numbers as numbers.
/// </summary>
public sealed record TableFile(string Name, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    public enum Format
    {
        Csv,
        Xlsx,
    }

    public FileContentResult ToResult(Format format) => format == Format.Xlsx
        ? new FileContentResult(Xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") { FileDownloadName = Name + ".xlsx" }
        : new FileContentResult(Csv(), "text/csv; charset=utf-8") { FileDownloadName = Name + ".csv" };

    public byte[] Csv()
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', Columns.Select(c => Quote(c))).Append('\n');
        foreach (var row in Rows)
        {
            csv.AppendJoin(',', row.Select(CsvCell)).Append('\n');
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    public byte[] Xlsx()
    {
        using var book = new XLWorkbook();
        var sheet = book.AddWorksheet(SheetName(Name));
        for (var c = 0; c < Columns.Count; c++)
        {
            sheet.Cell(1, c + 1).SetValue(Columns[c]);
        }

        sheet.Row(1).Style.Font.Bold = true;
        for (var r = 0; r < Rows.Count; r++)
        {
            for (var c = 0; c < Rows[r].Count; c++)
            {
                var cell = sheet.Cell(r + 2, c + 1);
                switch (Rows[r][c])
                {
                    case null:
                        break;
                    case int or long or decimal or double:
                        cell.SetValue(Convert.ToDecimal(Rows[r][c], CultureInfo.InvariantCulture));
                        break;
                    case DateOnly day:
                        cell.SetValue(day.ToDateTime(TimeOnly.MinValue));
                        cell.Style.DateFormat.Format = "yyyy-mm-dd";
                        break;
                    case DateTime time:
                        cell.SetValue(time);
                        cell.Style.DateFormat.Format = "yyyy-mm-dd hh:mm";
                        break;
                    case var other:
                        // SetValue of a string may turn "=1+1" or "1/2" into a formula or a date: text stays text.
                        cell.SetValue(Text(other));
                        cell.DataType = XLDataType.Text;
                        break;
                }
            }
        }

        sheet.SheetView.FreezeRows(1);
        using var stream = new MemoryStream();
        book.SaveAs(stream);
        return stream.ToArray();
    }

    private static string CsvCell(object? value) => value switch
    {
        null => string.Empty,
        int or long or decimal or double => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        _ => Quote(Text(value), formulaSafe: true),
    };

    private static string Text(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Quote(string text, bool formulaSafe = false)
    {
        if (formulaSafe && text.Length > 0 && "=+-@\t\r".Contains(text[0], StringComparison.Ordinal))
        {
            text = "'" + text;
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    /// <summary>Excel's sheet names: at most 31 characters, none of : \ / ? * [ ].</summary>
    private static string SheetName(string name)
    {
        var clean = new string([.. name.Where(ch => !@":\/?*[]".Contains(ch, StringComparison.Ordinal))]);
        return clean.Length == 0 ? "Sheet1" : clean[..Math.Min(31, clean.Length)];
    }
}
