using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Tickets;

/// <summary>Something that happened to a ticket: the audit trail, its SLA clocks, promises and live screens react.</summary>
public abstract record TicketEvent(Ticket Ticket, Actor By, DateTimeOffset At) : ITicketActivity
{
    public long? TicketId => Ticket.Id;
}

public sealed record TicketOpened(Ticket Ticket, Actor By, DateTimeOffset At, TicketMessage Message) : TicketEvent(Ticket, By, At);

/// <summary>The customer wrote again, on any channel; <paramref name="NotSolved"/> when it answers a resolution with "not solved".</summary>
public sealed record CustomerWrote(Ticket Ticket, Actor By, DateTimeOffset At, TicketMessage Message, bool NotSolved = false) : TicketEvent(Ticket, By, At);

/// <summary>An agent answered the customer: a public reply or a logged call (<see cref="TicketMessage.Kind"/> says which).</summary>
public sealed record AgentResponded(Ticket Ticket, Actor By, DateTimeOffset At, TicketMessage Message) : TicketEvent(Ticket, By, At);

public sealed record NoteAdded(Ticket Ticket, Actor By, DateTimeOffset At, TicketMessage Message) : TicketEvent(Ticket, By, At);

public sealed record StatusChanged(Ticket Ticket, Actor By, DateTimeOffset At, TicketStatus From, TicketStatus To) : TicketEvent(Ticket, By, At)
{
    /// <summary>On a move to Resolved: which resolution of the ticket this is (1, then 2 after a reopen …); else 0.</summary>
    public int Resolution { get; init; }
}

public sealed record PriorityChanged(Ticket Ticket, Actor By, DateTimeOffset At, TicketPriority From, TicketPriority To) : TicketEvent(Ticket, By, At);

public sealed record CategoryChanged(Ticket Ticket, Actor By, DateTimeOffset At, TicketCategory From, TicketCategory To) : TicketEvent(Ticket, By, At);

/// <summary>Team and/or assignee changed.</summary>
public sealed record TicketAssigned(Ticket Ticket, Actor By, DateTimeOffset At, int? FromTeamId, int? ToTeamId, Guid? FromAssigneeId, Guid? ToAssigneeId) : TicketEvent(Ticket, By, At);

public sealed record TagsChanged(Ticket Ticket, Actor By, DateTimeOffset At, IReadOnlyList<string> From, IReadOnlyList<string> To) : TicketEvent(Ticket, By, At);

/// <summary>This ticket was folded into <paramref name="Into"/>.</summary>
public sealed record TicketMerged(Ticket Ticket, Actor By, DateTimeOffset At, Ticket Into) : TicketEvent(Ticket, By, At);
