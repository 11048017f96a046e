namespace HelpDesk.Domain.Tickets;

/// <summary>
/// Which status a ticket may move to. A ticket never goes back to New; a resolved ticket can only be reopened
/// or closed; a closed ticket can only be reopened (a reply or a customer message on it reopens it).
/// </summary>
public static class TicketStatusRules
{
    private static readonly Dictionary<TicketStatus, TicketStatus[]> Allowed = new()
    {
        [TicketStatus.New] = [TicketStatus.Open, TicketStatus.PendingCustomer, TicketStatus.OnHold, TicketStatus.Resolved, TicketStatus.Closed],
        [TicketStatus.Open] = [TicketStatus.PendingCustomer, TicketStatus.OnHold, TicketStatus.Resolved, TicketStatus.Closed],
        [TicketStatus.PendingCustomer] = [TicketStatus.Open, TicketStatus.OnHold, TicketStatus.Resolved, TicketStatus.Closed],
        [TicketStatus.OnHold] = [TicketStatus.Open, TicketStatus.PendingCustomer, TicketStatus.Resolved, TicketStatus.Closed],
        [TicketStatus.Resolved] = [TicketStatus.Open, TicketStatus.Closed],
        [TicketStatus.Closed] = [TicketStatus.Open],
    };

    public static bool CanMove(TicketStatus from, TicketStatus to) => Allowed[from].Contains(to);

    public static IReadOnlyList<TicketStatus> NextStatuses(TicketStatus from) => Allowed[from];

    public static bool IsActive(TicketStatus status) => status is not (TicketStatus.Resolved or TicketStatus.Closed);
}
