using HelpDesk.Domain.AfterSales;
using HelpDesk.Domain.Common;
using static HelpDesk.Domain.Tests.BusinessCalendarTests;

namespace HelpDesk.Domain.Tests;

/// <summary>The after-sales policy at its boundaries, and the case's approvals and steps.</summary>
public class AfterSalesTests
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly DateTimeOffset Delivered = At("2026-11-16 15:00");

    private static PolicyQuestion Question(string now, AfterSalesKind kind = AfterSalesKind.ReturnAndRefund, AfterSalesReason why = AfterSalesReason.NoReason,
        bool excluded = false, int quantity = 1, decimal refunded = 0, bool delivered = true) =>
        new(kind, why, delivered ? Delivered : null, excluded, 2, quantity, 398m, refunded, At(now), Zone);

    [Theory]
    [InlineData("2026-11-23 23:59", true)]   // the 7th day after the delivery day, one minute before midnight
    [InlineData("2026-11-24 00:00", false)]  // the 8th day
    public void The_seven_day_no_reason_return_counts_days_from_delivery_in_the_business_time_zone(string now, bool allowed)
    {
        var verdict = ReturnPolicy.Evaluate(Question(now));

        Assert.Equal(allowed, verdict.Allowed);
        Assert.Equal(allowed ? 199m : 0m, verdict.MaxAmount);
        Assert.Equal(allowed ? "policy.no_reason.ok" : "policy.no_reason.late", verdict.Reasons[0].Key);
    }

    [Theory]
    [InlineData(AfterSalesReason.NoReason)]
    [InlineData(AfterSalesReason.QualityProblem)]
    public void When_everything_paid_was_refunded_or_claimed_the_refusal_says_so(AfterSalesReason why)
    {
        var verdict = ReturnPolicy.Evaluate(Question("2026-11-18 10:00", why: why, refunded: 398m));

        Assert.False(verdict.Allowed);
        Assert.Equal("policy.nothing_left", verdict.Reasons[^1].Key);
    }

    [Fact]
    public void Excluded_goods_have_no_no_reason_return_but_quality_problems_still_count()
    {
        Assert.False(ReturnPolicy.Evaluate(Question("2026-11-18 10:00", excluded: true)).Allowed);
        Assert.Equal("policy.no_reason.excluded", ReturnPolicy.Evaluate(Question("2026-11-18 10:00", excluded: true)).Reasons.Single().Key);
        Assert.True(ReturnPolicy.Evaluate(Question("2026-11-18 10:00", why: AfterSalesReason.QualityProblem, excluded: true)).Allowed);
    }

    [Theory]
    [InlineData("2026-12-01 23:59", AfterSalesKind.Exchange, true)]   // 15th day after delivery
    [InlineData("2026-12-02 00:00", AfterSalesKind.Exchange, false)]
    [InlineData("2026-12-02 00:00", AfterSalesKind.Repair, true)]     // the warranty runs a year
    [InlineData("2027-11-17 00:00", AfterSalesKind.Repair, false)]
    public void Quality_problems_allow_return_or_exchange_for_15_days_and_repair_within_the_warranty(string now, AfterSalesKind kind, bool allowed) =>
        Assert.Equal(allowed, ReturnPolicy.Evaluate(Question(now, kind, AfterSalesReason.QualityProblem)).Allowed);

    [Fact]
    public void Refunds_never_exceed_what_was_paid_less_what_was_refunded()
    {
        var partly = ReturnPolicy.Evaluate(Question("2026-11-18 10:00", AfterSalesKind.RefundOnly, AfterSalesReason.QualityProblem, quantity: 2, refunded: 100m));
        var fully = ReturnPolicy.Evaluate(Question("2026-11-18 10:00", AfterSalesKind.RefundOnly, AfterSalesReason.QualityProblem, quantity: 2, refunded: 398m));
        var tooMany = ReturnPolicy.Evaluate(Question("2026-11-18 10:00", quantity: 3));

        Assert.Equal((true, 298m), (partly.Allowed, partly.MaxAmount));
        Assert.Contains(partly.Reasons, r => r.Key == "policy.already_refunded");
        Assert.Equal((false, 0m), (fully.Allowed, fully.MaxAmount));
        Assert.Equal("policy.quantity", tooMany.Reasons.Single().Key);
    }

    [Fact]
    public void An_undelivered_order_can_only_be_refunded()
    {
        Assert.True(ReturnPolicy.Evaluate(Question("2026-11-18 10:00", AfterSalesKind.RefundOnly, AfterSalesReason.Other, delivered: false)).Allowed);
        Assert.False(ReturnPolicy.Evaluate(Question("2026-11-18 10:00", AfterSalesKind.Exchange, AfterSalesReason.Other, delivered: false)).Allowed);
    }

    private static AfterSalesCase Case(decimal amount, Guid requester, AfterSalesKind kind = AfterSalesKind.RefundOnly)
    {
        var @case = new AfterSalesCase(1, 2, kind, "质量问题", requester, At("2026-11-18 10:00"));
        @case.AddLine(10, 1, amount);
        return @case;
    }

    [Theory]
    [InlineData(300, 0, AfterSalesStatus.Approved)]
    [InlineData(800, 1, AfterSalesStatus.Requested)]
    [InlineData(3000, 2, AfterSalesStatus.Requested)]
    public void The_amount_decides_how_many_supervisors_approve(decimal amount, int approvals, AfterSalesStatus status)
    {
        var @case = Case(amount, Guid.NewGuid());

        @case.Submit(agentLimit: 500, doubleApprovalThreshold: 2000, "客服甲", At("2026-11-18 10:00"));

        Assert.Equal((approvals, status), (@case.RequiredApprovals, @case.Status));
    }

    [Fact]
    public void Two_different_supervisors_approve_a_large_refund_and_nobody_approves_their_own_or_twice()
    {
        var agent = Guid.NewGuid();
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var @case = Case(3000, agent);
        @case.Submit(500, 2000, "客服甲", At("2026-11-18 10:00"));

        Assert.Equal("aftersales.approve_own", Assert.Throws<DomainException>(() => @case.Approve(agent, "客服甲", At("2026-11-18 10:05"))).Key);
        @case.Approve(first, "主管甲", At("2026-11-18 10:10"));
        Assert.Equal(AfterSalesStatus.Requested, @case.Status);
        Assert.Equal("aftersales.approve_twice", Assert.Throws<DomainException>(() => @case.Approve(first, "主管甲", At("2026-11-18 10:11"))).Key);
        @case.Approve(second, "主管乙", At("2026-11-18 10:20"));

        Assert.Equal(AfterSalesStatus.Approved, @case.Status);
        Assert.Equal("aftersales.not_pending", Assert.Throws<DomainException>(() => @case.Approve(Guid.NewGuid(), "主管丙", At("2026-11-18 10:30"))).Key);
    }

    [Fact]
    public void A_return_and_refund_goes_through_its_steps_in_order_and_records_who_did_each()
    {
        var agent = Guid.NewGuid();
        var @case = Case(199, agent, AfterSalesKind.ReturnAndRefund);
        @case.Submit(500, 2000, "客服甲", At("2026-11-18 10:00"));

        Assert.Equal("aftersales.transition", Assert.Throws<DomainException>(() => @case.Refund(agent, "客服甲", At("2026-11-18 10:01"))).Key);
        @case.AwaitReturn("顺丰速运", "SF123", agent, "客服甲", At("2026-11-18 11:00"));
        @case.Receive(agent, "仓库", At("2026-11-20 11:00"));
        @case.Refund(agent, "财务", At("2026-11-20 12:00"));
        @case.Close(agent, "客服甲", At("2026-11-21 09:00"));

        Assert.Equal([AfterSalesStatus.Requested, AfterSalesStatus.Approved, AfterSalesStatus.AwaitingReturn, AfterSalesStatus.Received, AfterSalesStatus.Refunded, AfterSalesStatus.Closed], @case.Steps.Select(s => s.Status));
        Assert.Equal(199m, @case.RefundedAmount);
        Assert.Equal(199m, @case.Lines.Single().RefundedAmount);
    }
}
