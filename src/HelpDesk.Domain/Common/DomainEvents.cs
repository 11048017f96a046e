namespace HelpDesk.Domain.Common;

/// <summary>Something that happened to an aggregate, raised by its intent method; handled in the same transaction.</summary>
public interface IDomainEvent
{
    /// <summary>Who did it.</summary>
    Actor By { get; }

    DateTimeOffset At { get; }
}

/// <summary>An event about something on a ticket (or on nothing, for a task of its own): the ticket's screens and timeline care.</summary>
public interface ITicketActivity : IDomainEvent
{
    long? TicketId { get; }
}

/// <summary>
/// An aggregate root collects the events its intent methods raise; the web layer dispatches them when the unit of
/// work is saved (audit, promises, SLA clocks, notifications, live updates) and clears them.
/// </summary>
public abstract class AggregateRoot
{
    private static long _raised;
    private readonly List<(long Order, IDomainEvent Event)> _domainEvents = [];

    public IReadOnlyList<IDomainEvent> DomainEvents => _domainEvents.Select(e => e.Event).ToList();

    /// <summary>The events raised since the last call, each with its place in the order they were raised (across aggregates).</summary>
    public IReadOnlyList<(long Order, IDomainEvent Event)> TakeDomainEvents()
    {
        var taken = _domainEvents.ToList();
        _domainEvents.Clear();
        return taken;
    }

    public void ClearDomainEvents() => _domainEvents.Clear();

    protected void Raise(IDomainEvent domainEvent) => _domainEvents.Add((Interlocked.Increment(ref _raised), domainEvent));
}

/// <summary>Who did something: a member of staff (with their id), a customer, or the system (a job).</summary>
public sealed record Actor(Guid? StaffId, string Name)
{
    /// <summary>The SLA monitor, in the audit trail and on the timeline.</summary>
    public static readonly Actor SlaMonitor = new(null, "system:sla");

    /// <summary>The evening checklist, which gives unkept promises their follow-up tasks.</summary>
    public static readonly Actor Checklist = new(null, "system:checklist");

    public static Actor Staff(Guid id, string name) => new(id, name);

    public static Actor Customer(string name) => new(null, name);

    public bool IsStaff => StaffId is not null;
}
