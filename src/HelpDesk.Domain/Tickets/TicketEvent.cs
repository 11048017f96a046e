namespace HelpDesk.Domain.Tickets;

public enum TicketEventKind
{
    Opened,
    CustomerWrote,
    AgentReplied,
    StatusChanged,
    Reclassified,
}

/// <summary>Something that happened to a ticket that other rules (the SLA clocks) react to when it is saved.</summary>
public sealed record TicketEvent(TicketEventKind Kind, DateTimeOffset At, TicketStatus? From = null, TicketStatus? To = null);
