using System.Globalization;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace HelpDesk.Web.Features.Analytics;

/// <summary>
/// The drill-down list (<see cref="DrillDown"/>): the tickets behind an analytics number, a count on top, 50 a page
/// newest first with a "more" link, and the same selection as CSV or .xlsx one row per ticket. Invalid parameters
/// give this page with the messages (400), never a 500. Ticket numbers link into /agent only for those who may open
/// it (agents, supervisors); an analyst or an admin sees them as plain text.
/// </summary>
public class TicketsModel(BusinessTime time) : SlicePageModel
{
    public List<string> Errors { get; } = [];

    public DrillDown.Selection? Selection { get; private set; }

    public TicketList.Result? Result { get; private set; }

    public bool MayOpenTickets => User.IsInRole(Roles.Agent) || User.IsInRole(Roles.Supervisor);

    public async Task<IActionResult> OnGetAsync(string? after)
    {
        Selection = DrillDown.Parse(Request.Query, Errors);
        var cursor = DrillDown.ParseCursor(after, Errors);
        if (Selection is null || Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Result = await QueryAsync(new TicketList.Query(Selection, cursor));
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(string? format)
    {
        Selection = DrillDown.Parse(Request.Query, Errors);
        TableFile.Format? kind = format?.ToLowerInvariant() switch { "csv" => TableFile.Format.Csv, "xlsx" => TableFile.Format.Xlsx, _ => null };
        if (kind is null)
        {
            Errors.Add("drill.error.format");
        }

        if (Selection is null || kind is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = await QueryAsync(new TicketList.Query(Selection, null, All: true));
        return ExportFile(Selection, result.Rows).ToResult(kind.Value);
    }

    /// <summary>One row per ticket: number, subject, category, channel, status, created (business time), team, assignee.</summary>
    public TableFile ExportFile(DrillDown.Selection s, IReadOnlyList<TicketList.Row> rows) => new(
        $"tickets-{s.From:yyyyMMdd}-{s.To:yyyyMMdd}",
        ["ticket", "subject", "category", "channel", "status", "created", "team", "assignee"],
        [.. rows.Select(r => (IReadOnlyList<object?>)[
            Ticket.FormatNumber(r.Number), r.Subject, Label<TicketCategory>(r.Category), Label<Channel>(r.Channel), Label<TicketStatus>(r.Status),
            time.ToLocal(r.CreatedAt).DateTime, r.Team, r.Assignee])]);

    public string Label<TEnum>(string value)
        where TEnum : struct, Enum => Enum.TryParse<TEnum>(value, out var parsed) ? L.Label(parsed) : value;

    public string Created(TicketList.Row row) => time.ToLocal(row.CreatedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
