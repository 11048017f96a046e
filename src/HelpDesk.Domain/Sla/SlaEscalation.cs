using HelpDesk.Domain.Common;
using HelpDesk.Domain.Tickets;

namespace HelpDesk.Domain.Sla;

/// <summary>
/// The monitor escalated a clock of a ticket: notices go out to whoever had the ticket then (<paramref name="AssigneeId"/>,
/// <paramref name="TeamId"/>; a breach may move it on), the timeline says so.
/// </summary>
public sealed record SlaEscalated(SlaEscalation Escalation, Actor By, DateTimeOffset At, Guid? AssigneeId, int? TeamId) : ITicketActivity
{
    public long? TicketId => Escalation.TicketId;
}

/// <summary>
/// A clock of a ticket reached a level and was escalated. Unique per ticket, metric, level and clock cycle (the
/// instant the clock started), so an escalation happens exactly once however often and wherever the monitor runs.
/// </summary>
public class SlaEscalation : AggregateRoot
{
    private SlaEscalation()
    {
    }

    public SlaEscalation(Ticket ticket, SlaMetric metric, EscalationLevel level, SlaClock clock, DateTimeOffset at)
    {
        TicketId = ticket.Id;
        Metric = metric;
        Level = level;
        ClockStartedAt = clock.StartedAt!.Value;
        DueAt = clock.DueAt!.Value;
        At = at;
        Raise(new SlaEscalated(this, Actor.SlaMonitor, at, ticket.AssigneeId, ticket.TeamId));
    }

    public long Id { get; private set; }

    public long TicketId { get; private set; }

    public SlaMetric Metric { get; private set; }

    public EscalationLevel Level { get; private set; }

    public DateTimeOffset ClockStartedAt { get; private set; }

    /// <summary>The clock's deadline when it escalated: the moment of a breach, whenever the monitor noticed it.</summary>
    public DateTimeOffset DueAt { get; private set; }

    /// <summary>When the monitor noticed (a tick after <see cref="DueAt"/>, or later after downtime).</summary>
    public DateTimeOffset At { get; private set; }
}
