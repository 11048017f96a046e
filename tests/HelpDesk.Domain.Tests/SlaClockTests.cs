using System.Reflection;
using HelpDesk.Domain.Sla;
using HelpDesk.Domain.Tickets;
using static HelpDesk.Domain.Tests.BusinessCalendarTests;

namespace HelpDesk.Domain.Tests;

/// <summary>SLA clocks driven by a ticket's life: replies, waiting for the customer, caps, reopening, reclassification.</summary>
public class SlaClockTests
{
    private static readonly BusinessCalendar Calendar = China2026();

    private static SlaPolicy Policy(int first = 30, int next = 60, int resolution = 480, int? pauseCap = null, int id = 1)
    {
        var policy = new SlaPolicy("标准", 100, 1, first, next, resolution);
        typeof(SlaPolicy).GetProperty(nameof(SlaPolicy.Id))!.SetValue(policy, id, BindingFlags.NonPublic | BindingFlags.Instance, null, null, null);
        policy.SetPauseCap(pauseCap);
        return policy;
    }

    private static void Feed(Ticket ticket, SlaPolicy policy)
    {
        foreach (var e in ticket.TakeDomainEvents())
        {
            ticket.Sla.Apply(e.Event, policy, Calendar);
        }
    }

    private static Ticket Open(string at, SlaPolicy policy)
    {
        var ticket = Ticket.Open("物流延误", TicketCategory.Logistics, TicketPriority.Normal, Channel.Email, 1, "张三", "包裹三天没动了", At(at));
        Feed(ticket, policy);
        return ticket;
    }

    [Fact]
    public void A_new_ticket_starts_first_response_and_resolution_at_the_next_working_minute()
    {
        var ticket = Open("2026-11-21 22:00", Policy()); // Saturday night

        Assert.Equal(At("2026-11-23 09:30"), ticket.Sla.FirstResponse.DueAt);
        Assert.Equal(At("2026-11-23 09:22:30"), ticket.Sla.FirstResponse.AtRiskAt);
        Assert.Equal(ClockState.NotStarted, ticket.Sla.NextResponse.State);
        var (state, next) = ticket.Sla.Summary(At("2026-11-22 10:00"));
        Assert.Equal((SlaState.OnTrack, At("2026-11-23 09:22:30")), (state, next));
    }

    [Fact]
    public void A_reply_meets_the_first_response_and_the_customers_next_message_starts_the_next_response()
    {
        var policy = Policy();
        var ticket = Open("2026-11-16 10:00", policy);

        ticket.Reply(Guid.NewGuid(), "李客服", "您好", At("2026-11-16 10:20"));
        Feed(ticket, policy);
        ticket.AddCustomerMessage("张三", Channel.Email, "还是没到", At("2026-11-16 11:30"));
        Feed(ticket, policy);

        Assert.Equal(ClockState.Met, ticket.Sla.FirstResponse.State);
        Assert.Equal(At("2026-11-16 14:00"), ticket.Sla.NextResponse.DueAt); // 30 min before lunch, 30 after
        Assert.Equal(TimeSpan.FromMinutes(60 - 10), ticket.Sla.NextResponse.Remaining(At("2026-11-16 11:40"), Calendar));
    }

    [Fact]
    public void A_late_reply_is_met_late()
    {
        var policy = Policy();
        var ticket = Open("2026-11-16 10:00", policy);

        ticket.Reply(Guid.NewGuid(), "李客服", "抱歉久等", At("2026-11-16 10:45"));
        Feed(ticket, policy);

        Assert.Equal(ClockState.MetLate, ticket.Sla.FirstResponse.State);
    }

    [Fact]
    public void Waiting_for_the_customer_pauses_across_midnight_and_a_weekend_and_the_customers_reply_resumes()
    {
        var policy = Policy(resolution: 120);
        var ticket = Open("2026-11-20 17:00", policy); // Friday
        ticket.Reply(Guid.NewGuid(), "李客服", "请提供照片", At("2026-11-20 17:10"));
        ticket.ChangeStatus(TicketStatus.PendingCustomer, Staff, At("2026-11-20 17:30"));
        Feed(ticket, policy);

        Assert.Equal((SlaState.Paused, (DateTimeOffset?)null), ticket.Sla.Summary(At("2026-11-22 12:00")));
        Assert.Equal(PauseReason.WaitingForCustomer, ticket.Sla.PauseReason);

        ticket.AddCustomerMessage("张三", Channel.Email, "照片在附件", At("2026-11-23 10:00")); // Monday
        Feed(ticket, policy);

        Assert.Equal(TicketStatus.Open, ticket.Status);
        Assert.Equal(At("2026-11-23 11:30"), ticket.Sla.Resolution.DueAt); // 30 used on Friday, 90 left from Monday 10:00
        Assert.Equal(At("2026-11-23 11:00"), ticket.Sla.NextResponse.DueAt);
    }

    [Fact]
    public void A_capped_pause_ends_by_itself_at_the_cap()
    {
        var policy = Policy(resolution: 120, pauseCap: 60);
        var ticket = Open("2026-11-20 17:00", policy);
        ticket.ChangeStatus(TicketStatus.OnHold, Staff, At("2026-11-20 17:30"));
        Feed(ticket, policy);
        Assert.Equal(At("2026-11-23 09:30"), ticket.Sla.PauseEndsAt);

        ticket.Sla.Tick(At("2026-11-23 09:40"), Calendar);

        Assert.Equal(PauseReason.None, ticket.Sla.PauseReason);
        Assert.Equal(At("2026-11-23 11:00"), ticket.Sla.Resolution.DueAt); // resumed at 09:30 with 90 left
    }

    [Fact]
    public void The_monitor_sees_at_risk_then_breached_and_marks_a_breach_once()
    {
        var policy = Policy();
        var ticket = Open("2026-11-16 10:00", policy);

        Assert.Empty(ticket.Sla.Tick(At("2026-11-16 10:10"), Calendar));
        Assert.Equal([new SlaAlarm(SlaMetric.FirstResponse, EscalationLevel.AtRisk)], ticket.Sla.Tick(At("2026-11-16 10:25"), Calendar));
        var late = ticket.Sla.Tick(At("2026-11-16 10:31"), Calendar);

        Assert.Contains(new SlaAlarm(SlaMetric.FirstResponse, EscalationLevel.Breached), late);
        Assert.False(ticket.Sla.FirstResponse.MarkBreachedIfDue(At("2026-11-16 10:40")));
        var (state, next) = ticket.Sla.Summary(At("2026-11-16 10:31"));
        Assert.Equal(SlaState.Breached, state);
        Assert.Equal(ticket.Sla.Resolution.AtRiskAt, next); // the breached clock needs no more looks
    }

    [Fact]
    public void Resolving_stops_every_clock_and_reopening_continues_the_resolution_clock()
    {
        var policy = Policy(resolution: 120);
        var ticket = Open("2026-11-16 09:00", policy);
        ticket.Reply(Guid.NewGuid(), "李客服", "已处理", At("2026-11-16 09:10"));
        ticket.ChangeStatus(TicketStatus.Resolved, Staff, At("2026-11-16 10:00"));
        Feed(ticket, policy);
        Assert.Equal((SlaState.None, (DateTimeOffset?)null), ticket.Sla.Summary(At("2026-11-16 10:00")));
        Assert.Equal(ClockState.Met, ticket.Sla.Resolution.State);

        ticket.AddCustomerMessage("张三", Channel.Email, "还是坏的", At("2026-11-16 14:00"));
        Feed(ticket, policy);

        Assert.Equal(At("2026-11-16 15:00"), ticket.Sla.Resolution.DueAt); // 60 used before, 60 left
        Assert.Equal(ClockState.Running, ticket.Sla.NextResponse.State);
    }

    [Fact]
    public void A_new_priority_brings_new_targets_from_now_on_keeping_what_ran()
    {
        var normal = Policy(resolution: 480, id: 1);
        var urgent = Policy(first: 15, resolution: 120, id: 2);
        var ticket = Open("2026-11-16 09:00", normal);
        ticket.ChangePriority(TicketPriority.Urgent, Staff, At("2026-11-16 10:00"));

        foreach (var e in ticket.TakeDomainEvents())
        {
            ticket.Sla.Apply(e.Event, urgent, Calendar);
        }

        Assert.Equal(2, ticket.Sla.PolicyId);
        Assert.Equal(At("2026-11-16 11:00"), ticket.Sla.Resolution.DueAt); // 60 of 120 already used
        Assert.True(ticket.Sla.FirstResponse.DueAt <= At("2026-11-16 10:00")); // 15 minutes were long gone
    }
}
