using HelpDesk.Domain.AfterSales;
using HelpDesk.Domain.Commitments;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Complaints;
using HelpDesk.Domain.Tasks;
using HelpDesk.Domain.Tickets;
using HelpDesk.Domain.Teams;

namespace HelpDesk.Domain.Tests;

public class CaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    private static Ticket AnyTicket => Ticket.Open("屏幕问题", TicketCategory.ComplaintSuggestion, TicketPriority.Normal, Channel.WebForm, 1, "张三", "屏幕有竖线", Now);

    [Fact]
    public void A_complaint_moves_forward_stamping_every_step_it_passes()
    {
        var complaint = new Complaint(AnyTicket, ComplaintType.Quality, Remedy.Exchange, "屏幕有竖线", Now);

        complaint.Advance(ComplaintStage.Investigating, Staff, Now.AddMinutes(5));
        complaint.Advance(ComplaintStage.Confirmed, Staff, Now.AddDays(2));

        Assert.Equal(Now.AddMinutes(5), complaint.AcknowledgedAt);
        Assert.Equal(Now.AddMinutes(5), complaint.InvestigatingAt);
        Assert.Equal(Now.AddDays(2), complaint.SolutionsOfferedAt);
        Assert.Equal(Now.AddDays(2), complaint.ConfirmedAt);
    }

    [Fact]
    public void A_complaint_never_moves_backwards()
    {
        var complaint = new Complaint(AnyTicket, ComplaintType.Quality, Remedy.Exchange, "屏幕有竖线", Now);
        complaint.Advance(ComplaintStage.SolutionsOffered, Staff, Now);

        var ex = Assert.Throws<DomainException>(() => complaint.Advance(ComplaintStage.Investigating, Staff, Now));

        Assert.Equal("complaint.stage.backwards", ex.Key);
        Assert.Equal(ComplaintStage.SolutionsOffered, complaint.Stage);
    }

    [Fact]
    public void An_unsatisfied_customer_reopens_the_complaint_into_investigation()
    {
        var complaint = new Complaint(AnyTicket, ComplaintType.LateDelivery, Remedy.Compensation, "晚到三天", Now);
        Assert.Equal("complaint.not_reopenable", Assert.Throws<DomainException>(() => complaint.Reopen(Staff, Now)).Key);
        complaint.Advance(ComplaintStage.Confirmed, Staff, Now);

        complaint.Reopen(Staff, Now);

        Assert.Equal(ComplaintStage.Investigating, complaint.Stage);
        Assert.Equal(1, complaint.ReopenCount);
        Assert.Null(complaint.ConfirmedAt);
    }

    [Fact]
    public void An_after_sales_case_adds_up_its_lines_and_refuses_negative_amounts()
    {
        var @case = new AfterSalesCase(1, 2, AfterSalesKind.ReturnAndRefund, "质量问题", Guid.NewGuid(), Now);
        @case.AddLine(10, 1, 99.5m);
        @case.AddLine(11, 2, 20m);

        Assert.Equal(119.5m, @case.Amount);
        Assert.Equal("aftersales.amount.negative", Assert.Throws<DomainException>(() => @case.AddLine(12, 1, -1m)).Key);
        Assert.Equal("aftersales.not_compensation", Assert.Throws<DomainException>(() => @case.SetCompensation(5m, CompensationForm.Coupon)).Key);
    }

    [Fact]
    public void A_promise_must_be_due_in_the_future_and_is_settled_once()
    {
        var owner = Guid.NewGuid();
        Assert.Equal("commitment.due_in_past", Assert.Throws<DomainException>(() =>
            new Commitment(1, Staff, CommitmentKind.CallBack, "明天上午给您回电", Now, Now)).Key);

        var promise = new Commitment(1, Staff, CommitmentKind.CallBack, "明天上午给您回电", Now.AddDays(1), Now);
        Assert.True(promise.IsOverdue(Now.AddDays(2)));
        promise.Keep("已回电", Staff, Now.AddHours(20));

        Assert.Equal(CommitmentStatus.Kept, promise.Status);
        Assert.False(promise.IsOverdue(Now.AddDays(2)));
        Assert.Equal("commitment.not_open", Assert.Throws<DomainException>(() => promise.Break("x", Now)).Key);
    }

    [Fact]
    public void A_manual_task_cannot_be_due_in_the_past_but_a_checklist_task_for_an_overdue_promise_can()
    {
        var owner = Guid.NewGuid();
        Assert.Equal("task.due_in_past", Assert.Throws<DomainException>(() =>
            new FollowUpTask(1, owner, FollowUpKind.CallBack, "回电", Now.AddHours(-1), FollowUpSource.Manual, Staff, Now)).Key);

        var task = new FollowUpTask(1, owner, FollowUpKind.CallBack, "回电", Now.AddHours(-1), FollowUpSource.Checklist, Staff, Now);
        Assert.True(task.IsOverdue(Now));
        task.Complete(Staff, Now);
        Assert.Equal("task.not_open", Assert.Throws<DomainException>(() => task.Cancel(Now)).Key);
    }

    [Fact]
    public void Only_department_teams_have_a_department()
    {
        Assert.Equal("team.department_mismatch", Assert.Throws<DomainException>(() => new Team("售后服务组", TeamKind.Service, Department.AfterSales)).Key);
        Assert.Equal("team.department_mismatch", Assert.Throws<DomainException>(() => new Team("财务部", TeamKind.Department)).Key);

        var team = new Team("售后服务组", TeamKind.Service);
        var member = Guid.NewGuid();
        team.AddMember(member);
        team.AddMember(member);
        Assert.Single(team.Members);
    }
}
