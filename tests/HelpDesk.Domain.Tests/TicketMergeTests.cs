using System.Reflection;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Tickets;

namespace HelpDesk.Domain.Tests;

public class TicketMergeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    private static Ticket TicketOf(long id, long customerId)
    {
        var ticket = Ticket.Open("物流问题", TicketCategory.Logistics, TicketPriority.Normal, Channel.Email, customerId, "张三", "包裹没到", Now);
        typeof(Ticket).GetProperty(nameof(Ticket.Id))!.SetValue(ticket, id, BindingFlags.NonPublic | BindingFlags.Instance, null, null, null);
        return ticket;
    }

    [Fact]
    public void A_duplicate_is_closed_and_points_at_the_ticket_it_was_merged_into()
    {
        var duplicate = TicketOf(2, customerId: 9);
        var target = TicketOf(1, customerId: 9);

        duplicate.MergeInto(target, Staff, Now.AddHours(1));

        Assert.Equal(1, duplicate.MergedIntoTicketId);
        Assert.Equal(TicketStatus.Closed, duplicate.Status);
        Assert.Equal("ticket.merged", Assert.Throws<DomainException>(() => duplicate.ChangeStatus(TicketStatus.Open, Staff, Now)).Key);
    }

    [Fact]
    public void Tickets_of_different_customers_are_not_merged()
    {
        var ex = Assert.Throws<DomainException>(() => TicketOf(2, 9).MergeInto(TicketOf(1, 10), Staff, Now));
        Assert.Equal("ticket.merge.other_customer", ex.Key);
    }

    [Fact]
    public void A_ticket_is_not_merged_into_itself()
    {
        var ticket = TicketOf(3, 9);
        Assert.Equal("ticket.merge.self", Assert.Throws<DomainException>(() => ticket.MergeInto(ticket, Staff, Now)).Key);
    }
}
