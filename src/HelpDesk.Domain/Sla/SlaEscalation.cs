namespace HelpDesk.Domain.Sla;

/// <summary>
/// A clock of a ticket reached a level and was escalated. Unique per ticket, metric, level and clock cycle (the
/// instant the clock started), so an escalation happens exactly once however often and wherever the monitor runs.
/// </summary>
public class SlaEscalation
{
    private SlaEscalation()
    {
    }

    public SlaEscalation(long ticketId, SlaMetric metric, EscalationLevel level, DateTimeOffset clockStartedAt, DateTimeOffset at)
    {
        TicketId = ticketId;
        Metric = metric;
        Level = level;
        ClockStartedAt = clockStartedAt;
        At = at;
    }

    public long Id { get; private set; }

    public long TicketId { get; private set; }

    public SlaMetric Metric { get; private set; }

    public EscalationLevel Level { get; private set; }

    public DateTimeOffset ClockStartedAt { get; private set; }

    public DateTimeOffset At { get; private set; }
}
