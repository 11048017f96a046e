namespace HelpDesk.Domain.Audit;

/// <summary>
/// An append-only record of who did what to which entity. Rows are only ever inserted (the database refuses
/// updates and deletes); <see cref="TicketId"/> puts an entry on a ticket's timeline.
/// </summary>
public class AuditEntry
{
    private AuditEntry()
    {
        EntityType = EntityId = Action = ActorName = string.Empty;
    }

    public AuditEntry(DateTimeOffset at, Guid? actorId, string actorName, string entityType, string entityId, string action, string? details = null, long? ticketId = null)
    {
        At = at;
        ActorId = actorId;
        ActorName = actorName;
        EntityType = entityType;
        EntityId = entityId;
        Action = action;
        Details = details;
        TicketId = ticketId;
    }

    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public Guid? ActorId { get; private set; }

    public string ActorName { get; private set; }

    public string EntityType { get; private set; }

    public string EntityId { get; private set; }

    /// <summary>A stable, localizable action key such as "ticket.status_changed".</summary>
    public string Action { get; private set; }

    /// <summary>JSON with the facts of the change (from/to values), never personal data.</summary>
    public string? Details { get; private set; }

    public long? TicketId { get; private set; }
}
