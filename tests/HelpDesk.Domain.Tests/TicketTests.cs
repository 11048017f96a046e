using HelpDesk.Domain.Common;
using HelpDesk.Domain.Tickets;

namespace HelpDesk.Domain.Tests;

public class TicketTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
    private static readonly Guid Agent = Guid.NewGuid();

    private static Ticket NewTicket() =>
        Ticket.Open("订单一直显示待发货", TicketCategory.OrderInquiry, TicketPriority.Normal, Channel.WebForm, 7, "张三", "我的订单为什么还没发货？", Now);

    [Fact]
    public void A_new_ticket_starts_New_with_the_customers_first_message()
    {
        var ticket = NewTicket();

        Assert.Equal(TicketStatus.New, ticket.Status);
        var message = Assert.Single(ticket.Messages);
        Assert.Equal(MessageKind.Customer, message.Kind);
        Assert.Equal("张三", message.AuthorName);
        Assert.Equal(Now, ticket.LastCustomerMessageAt);
        Assert.Null(ticket.FirstRespondedAt);
    }

    [Fact]
    public void The_first_public_reply_opens_the_ticket_and_stamps_the_first_response_once()
    {
        var ticket = NewTicket();

        ticket.Reply(Agent, "李客服", "您好，已为您催促仓库。", Now.AddMinutes(4));
        ticket.Reply(Agent, "李客服", "已经发货了。", Now.AddMinutes(40));

        Assert.Equal(TicketStatus.Open, ticket.Status);
        Assert.Equal(Now.AddMinutes(4), ticket.FirstRespondedAt);
        Assert.Equal(Now.AddMinutes(40), ticket.UpdatedAt);
    }

    [Fact]
    public void An_internal_note_is_not_a_response_and_is_hidden_from_the_customer()
    {
        var ticket = NewTicket();

        var note = ticket.AddInternalNote(Agent, "李客服", "仓库说今晚出库", Now.AddMinutes(1));

        Assert.Null(ticket.FirstRespondedAt);
        Assert.Equal(TicketStatus.New, ticket.Status);
        Assert.False(note.IsVisibleToCustomer);
    }

    [Theory]
    [InlineData(TicketStatus.PendingCustomer)]
    [InlineData(TicketStatus.Resolved)]
    [InlineData(TicketStatus.Closed)]
    public void A_customer_message_reopens_a_waiting_resolved_or_closed_ticket(TicketStatus status)
    {
        var ticket = NewTicket();
        ticket.Reply(Agent, "李客服", "请提供订单截图。", Now.AddMinutes(1));
        if (status == TicketStatus.Closed)
        {
            ticket.ChangeStatus(TicketStatus.Resolved, Staff, Now.AddMinutes(2));
        }

        ticket.ChangeStatus(status, Staff, Now.AddMinutes(3));

        ticket.AddCustomerMessage("张三", Channel.Chat, "还是没收到。", Now.AddHours(1));

        Assert.Equal(TicketStatus.Open, ticket.Status);
        Assert.Null(ticket.ResolvedAt);
        Assert.Null(ticket.ClosedAt);
        Assert.Equal(Channel.Chat, ticket.Messages[^1].Channel);
    }

    [Fact]
    public void A_customer_message_on_an_on_hold_ticket_keeps_it_on_hold()
    {
        var ticket = NewTicket();
        ticket.ChangeStatus(TicketStatus.OnHold, Staff, Now.AddMinutes(1));

        ticket.AddCustomerMessage("张三", Channel.Email, "有进展吗？", Now.AddHours(2));

        Assert.Equal(TicketStatus.OnHold, ticket.Status);
    }

    [Fact]
    public void A_reply_to_a_closed_ticket_reopens_it()
    {
        var ticket = NewTicket();
        ticket.ChangeStatus(TicketStatus.Resolved, Staff, Now.AddMinutes(1));
        ticket.ChangeStatus(TicketStatus.Closed, Staff, Now.AddMinutes(2));

        ticket.Reply(Agent, "李客服", "补充说明一下。", Now.AddMinutes(3));

        Assert.Equal(TicketStatus.Open, ticket.Status);
    }

    [Theory]
    [InlineData(TicketStatus.Open, TicketStatus.New)]
    [InlineData(TicketStatus.Resolved, TicketStatus.PendingCustomer)]
    [InlineData(TicketStatus.Resolved, TicketStatus.OnHold)]
    [InlineData(TicketStatus.Closed, TicketStatus.Resolved)]
    [InlineData(TicketStatus.Closed, TicketStatus.PendingCustomer)]
    [InlineData(TicketStatus.Open, TicketStatus.Open)]
    public void Forbidden_transitions_are_refused_with_their_key_and_change_nothing(TicketStatus from, TicketStatus to)
    {
        var ticket = NewTicket();
        foreach (var step in PathTo(from))
        {
            ticket.ChangeStatus(step, Staff, Now.AddMinutes(1));
        }

        var updated = ticket.UpdatedAt;
        var ex = Assert.Throws<DomainException>(() => ticket.ChangeStatus(to, Staff, Now.AddMinutes(5)));

        Assert.Equal("ticket.status.transition", ex.Key);
        Assert.Equal([from, to], ex.Arguments);
        Assert.Equal(from, ticket.Status);
        Assert.Equal(updated, ticket.UpdatedAt);
    }

    [Fact]
    public void Every_status_can_be_left_and_none_leads_back_to_New()
    {
        foreach (var status in Enum.GetValues<TicketStatus>())
        {
            Assert.NotEmpty(TicketStatusRules.NextStatuses(status));
            Assert.False(TicketStatusRules.CanMove(status, TicketStatus.New));
            Assert.False(TicketStatusRules.CanMove(status, status));
        }
    }

    [Fact]
    public void Resolving_and_closing_stamp_their_times()
    {
        var ticket = NewTicket();

        ticket.ChangeStatus(TicketStatus.Resolved, Staff, Now.AddHours(1));
        ticket.ChangeStatus(TicketStatus.Closed, Staff, Now.AddHours(2));

        Assert.Equal(Now.AddHours(1), ticket.ResolvedAt);
        Assert.Equal(Now.AddHours(2), ticket.ClosedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_message_is_refused(string body)
    {
        var ticket = NewTicket();

        var ex = Assert.Throws<DomainException>(() => ticket.Reply(Agent, "李客服", body, Now));

        Assert.Equal("ticket.message.body.required", ex.Key);
        Assert.Single(ticket.Messages);
    }

    [Fact]
    public void A_subject_longer_than_200_characters_is_refused()
    {
        var ex = Assert.Throws<DomainException>(() =>
            Ticket.Open(new string('长', 201), TicketCategory.Logistics, TicketPriority.Low, Channel.Email, 1, "王五", "内容", Now));

        Assert.Equal("ticket.subject.too_long", ex.Key);
        Assert.Equal(200, ex.Arguments[0]);
    }

    [Fact]
    public void Message_bodies_are_stored_trimmed_as_plain_text()
    {
        var ticket = Ticket.Open("  <b>主题</b> ", TicketCategory.Logistics, TicketPriority.Low, Channel.Email, 1, "王五", "  <script>alert(1)</script>\n", Now);

        Assert.Equal("<b>主题</b>", ticket.Subject);
        Assert.Equal("<script>alert(1)</script>", ticket.Messages[0].Body);
    }

    [Theory]
    [InlineData("HD-100001", 100001)]
    [InlineData(" hd-42 ", 42)]
    public void Ticket_numbers_parse(string text, long expected)
    {
        Assert.True(Ticket.TryParseNumber(text, out var number));
        Assert.Equal(expected, number);
        Assert.Equal("HD-" + expected, Ticket.FormatNumber(number));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("100001")]
    [InlineData("HD-")]
    [InlineData("HD-0")]
    [InlineData("HD--5")]
    [InlineData("HD-12a")]
    [InlineData("HD-99999999999999999999")]
    public void Malformed_ticket_numbers_do_not_parse(string? text) => Assert.False(Ticket.TryParseNumber(text, out _));

    [Fact]
    public void Tags_are_trimmed_lower_cased_deduplicated_and_sorted()
    {
        var ticket = NewTicket();

        ticket.SetTags([" VIP ", "回访", "vip", "", "加急"], Staff, Now);

        Assert.Equal(["vip", "加急", "回访"], ticket.Tags);
    }

    [Fact]
    public void A_tag_over_40_characters_is_refused()
    {
        var ex = Assert.Throws<DomainException>(() => NewTicket().SetTags([new string('x', 41)], Staff, Now));
        Assert.Equal("ticket.tag.too_long", ex.Key);
    }

    [Fact]
    public void An_assignee_needs_a_team()
    {
        var ticket = NewTicket();

        var ex = Assert.Throws<DomainException>(() => ticket.AssignTo(null, Agent, Staff, Now));

        Assert.Equal("ticket.assignee_without_team", ex.Key);
        Assert.Null(ticket.AssigneeId);
    }

    private static TicketStatus[] PathTo(TicketStatus status) => status switch
    {
        TicketStatus.New => [],
        TicketStatus.Resolved => [TicketStatus.Resolved],
        TicketStatus.Closed => [TicketStatus.Resolved, TicketStatus.Closed],
        _ => [status],
    };
}
