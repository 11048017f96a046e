using System.Text.Json;
using HelpDesk.Domain.Audit;
using HelpDesk.Domain.Tickets;

namespace HelpDesk.Web.Data;

/// <summary>One change of one field: stored as the audit entry's details, shown on the ticket's timeline.</summary>
public sealed record FieldChange(string Field, string? From, string? To);

/// <summary>Writes the append-only audit trail: every change to a ticket, by whom and when.</summary>
public static class AuditTrail
{
    public static void Record(this HelpDeskDbContext db, Ticket ticket, Guid? actorId, string actorName, string action, DateTimeOffset at, object? details = null) =>
        db.AuditEntries.Add(new AuditEntry(
            at,
            actorId,
            actorName,
            nameof(Ticket),
            ticket.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            action,
            details is null ? null : JsonSerializer.Serialize(details),
            ticket.Id == 0 ? null : ticket.Id));

    public static FieldChange? ReadChange(string? details)
    {
        if (details is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<FieldChange>(details);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
