using FluentValidation;
using HelpDesk.Domain.AfterSales;
using HelpDesk.Domain.Commitments;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Complaints;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Agent.AfterSales;
using HelpDesk.Web.Features.Agent.Commitments;
using HelpDesk.Web.Features.Agent.Tickets;
using HelpDesk.Web.Features.Supervisor;
using HelpDesk.Web.Tests.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpDesk.Web.Tests;

/// <summary>
/// After-sales cases on PostgreSQL (R5), each test on its own ticket and a fresh order delivered two days before the
/// test clock (Monday 23 November 2026): the policy, the approval thresholds, the daily budget and the refund ceiling.
/// </summary>
public sealed class AfterSalesTests : IAsyncLifetime
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private readonly FakeTimeProvider _clock = TestClock.At(new DateTimeOffset(2026, 11, 23, 15, 0, 0, Shanghai));
    private HelpDeskFactory _app = null!;
    private Viewer _agent = null!;
    private Viewer _supervisor = null!;

    public async Task InitializeAsync()
    {
        _app = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync(), services: s => s.AddSingleton<TimeProvider>(_clock));
        _agent = await ViewerAsync(DemoSeeder.AgentEmail, supervisor: false);
        _supervisor = await ViewerAsync(DemoSeeder.SupervisorEmail, supervisor: true);
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_policy_allows_a_no_reason_return_for_seven_days_and_never_for_excluded_goods()
    {
        var (number, lines) = await TicketWithOrderAsync((100m, 2, false), (80m, 1, true));

        var refused = await Assert.ThrowsAsync<DomainException>(() => StartAsync(number, AfterSalesKind.ReturnAndRefund, AfterSalesReason.NoReason, (lines[1], 1, null)));
        Assert.Equal("policy.no_reason.excluded", refused.Key);
        Assert.Equal("policy.no_reason.return_only", (await Assert.ThrowsAsync<DomainException>(() => StartAsync(number, AfterSalesKind.Exchange, AfterSalesReason.NoReason, (lines[0], 1, null)))).Key);
        Assert.Equal("aftersales.amount.too_much", (await Assert.ThrowsAsync<DomainException>(() => StartAsync(number, AfterSalesKind.ReturnAndRefund, AfterSalesReason.NoReason, (lines[0], 1, 100.01m)))).Key);

        var id = await StartAsync(number, AfterSalesKind.ReturnAndRefund, AfterSalesReason.NoReason, (lines[0], 1, null));
        var @case = await CaseAsync(id);
        Assert.Equal((AfterSalesStatus.Approved, 100m, 0), (@case.Status, @case.Amount, @case.RequiredApprovals)); // within the agent's limit

        _clock.Advance(TimeSpan.FromDays(6)); // delivered on the 21st: the 28th is the last day
        Assert.Equal("policy.no_reason.late", (await Assert.ThrowsAsync<DomainException>(() => StartAsync(number, AfterSalesKind.ReturnAndRefund, AfterSalesReason.NoReason, (lines[0], 1, null)))).Key);
        await StartAsync(number, AfterSalesKind.ReturnAndRefund, AfterSalesReason.QualityProblem, (lines[0], 1, null)); // quality: 15 days
    }

    [Fact]
    public async Task Bad_requests_are_refused_before_anything_is_written()
    {
        var (number, lines) = await TicketWithOrderAsync((100m, 1, false));
        var (_, foreign) = await TicketWithOrderAsync((50m, 1, false));

        var invalid = await Assert.ThrowsAsync<ValidationException>(() => SendAsync(new Cases.Start(_agent, number, AfterSalesKind.RefundOnly, AfterSalesReason.QualityProblem, [], null, " ", _clock.GetUtcNow())));
        Assert.Equal(2, invalid.Errors.Count()); // reason and lines
        Assert.Equal("aftersales.other_order", (await Assert.ThrowsAsync<DomainException>(() => StartAsync(number, AfterSalesKind.RefundOnly, AfterSalesReason.QualityProblem, (foreign[0], 1, null)))).Key);

        await WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE orders SET payment_status = 'Pending' WHERE id = (SELECT order_id FROM tickets WHERE number = {0})", Number(number)));
        Assert.Equal("aftersales.not_paid", (await Assert.ThrowsAsync<DomainException>(() => StartAsync(number, AfterSalesKind.RefundOnly, AfterSalesReason.QualityProblem, (lines[0], 1, null)))).Key);
        await WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "UPDATE tickets SET order_id = (SELECT id FROM orders WHERE customer_id <> tickets.customer_id LIMIT 1) WHERE number = {0}", Number(number)));
        Assert.Equal("aftersales.other_order", (await Assert.ThrowsAsync<DomainException>(() => StartAsync(number, AfterSalesKind.RefundOnly, AfterSalesReason.QualityProblem, (lines[0], 1, null)))).Key);
        Assert.Equal(0, await WithDbAsync(db => db.AfterSalesCases.CountAsync(c => db.Tickets.Any(t => t.Id == c.TicketId && t.Number == Number(number)))));
    }

    [Fact]
    public async Task Above_the_agents_limit_one_supervisor_approves_and_above_the_second_threshold_two_different_ones()
    {
        var (number, lines) = await TicketWithOrderAsync((600m, 1, false), (2500m, 1, false));
        var second = await ViewerAsync("supervisor2@demo.local", supervisor: true);

        var one = await StartAsync(number, AfterSalesKind.RefundOnly, AfterSalesReason.QualityProblem, (lines[0], 1, null));
        var two = await StartAsync(number, AfterSalesKind.RefundOnly, AfterSalesReason.QualityProblem, (lines[1], 1, null));
        Assert.Equal((AfterSalesStatus.Requested, 1), ((await CaseAsync(one)).Status, (await CaseAsync(one)).RequiredApprovals));
        Assert.Equal(2, (await CaseAsync(two)).RequiredApprovals);
        Assert.Equal([one, two], (await SendAsync(new ApprovalsModel.Query())).Select(r => r.Id).Where(id => id == one || id == two));

        var (split, splitLines) = await TicketWithOrderAsync((1000m, 2, false), (300m, 1, false));
        var small = await StartAsync(split, AfterSalesKind.RefundOnly, AfterSalesReason.QualityProblem, (splitLines[0], 1, 400m));
        var smallAgain = await StartAsync(split, AfterSalesKind.RefundOnly, AfterSalesReason.QualityProblem, (splitLines[0], 1, 400m));
        Assert.Equal((0, 1), ((await CaseAsync(small)).RequiredApprovals, (await CaseAsync(smallAgain)).RequiredApprovals)); // 800 on the order: above the limit
        await StartAsync(split, AfterSalesKind.Exchange, AfterSalesReason.QualityProblem, (splitLines[1], 1, null));
        Assert.Equal("policy.quantity", (await Assert.ThrowsAsync<DomainException>(() => StartAsync(split, AfterSalesKind.Exchange, AfterSalesReason.QualityProblem, (splitLines[1], 1, null)))).Key);

        Assert.Equal("aftersales.supervisors_only", (await Assert.ThrowsAsync<ForbiddenException>(() => DecideAsync(_agent, one, true))).Key);
        Assert.Equal("aftersales.transition", (await Assert.ThrowsAsync<DomainException>(() => StepAsync(one, Cases.StepKind.Refund))).Key);
        await DecideAsync(_supervisor, one, true);
        Assert.Equal(AfterSalesStatus.Approved, (await CaseAsync(one)).Status);

        await DecideAsync(_supervisor, two, true);
        Assert.Equal(AfterSalesStatus.Requested, (await CaseAsync(two)).Status);
        Assert.Equal(1, await WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == _agent.Id && n.Key == "notify.aftersales.approved" && db.Tickets.Any(t => t.Id == n.TicketId && t.Number == Number(number))))); // the first case only
        Assert.Equal("aftersales.approve_twice", (await Assert.ThrowsAsync<DomainException>(() => DecideAsync(_supervisor, two, true))).Key);
        await DecideAsync(second, two, true);
        Assert.Equal(AfterSalesStatus.Approved, (await CaseAsync(two)).Status);
        Assert.True(await WithDbAsync(db => db.Notifications.AnyAsync(n => n.UserId == _agent.Id && n.Key == "notify.aftersales.approved")));
    }

    [Fact]
    public async Task A_supervisor_never_approves_their_own_request_and_a_rejection_needs_a_reason()
    {
        var (number, lines) = await TicketWithOrderAsync((900m, 1, false));
        var id = await SendAsync(new Cases.Start(_supervisor, number, AfterSalesKind.RefundOnly, AfterSalesReason.QualityProblem, [new(lines[0], 1, null)], null, "质量问题", _clock.GetUtcNow()));

        Assert.Equal("aftersales.approve_own", (await Assert.ThrowsAsync<DomainException>(() => DecideAsync(_supervisor, id, true))).Key);
        var second = await ViewerAsync("supervisor2@demo.local", supervisor: true);
        Assert.Equal("aftersales.note.required", (await Assert.ThrowsAsync<DomainException>(() => DecideAsync(second, id, false))).Key);
        await SendAsync(new Cases.Decide(second, id, false, "请先提供质检照片", _clock.GetUtcNow()));
        Assert.Equal(AfterSalesStatus.Rejected, (await CaseAsync(id)).Status);
    }

    [Fact]
    public async Task Compensation_draws_on_the_agents_daily_budget()
    {
        var (number, _) = await TicketWithOrderAsync((100m, 1, false));
        var points = await SendAsync(new Cases.Start(_agent, number, AfterSalesKind.Compensation, AfterSalesReason.Other, [], 150m, "配送延误补偿", _clock.GetUtcNow(), CompensationForm.Points));
        Assert.Equal((AfterSalesStatus.Approved, CompensationForm.Points, 150m), ((await CaseAsync(points)).Status, (await CaseAsync(points)).CompensationForm!.Value, (await CaseAsync(points)).Amount));

        var over = await Assert.ThrowsAsync<DomainException>(() => SendAsync(new Cases.Start(_agent, number, AfterSalesKind.Compensation, AfterSalesReason.Other, [], 60m, "再补偿", _clock.GetUtcNow())));
        Assert.Equal(("aftersales.budget", 50m), (over.Key, (decimal)over.Arguments[0]));

        _clock.Advance(TimeSpan.FromDays(1)); // a new business day, a new budget
        await SendAsync(new Cases.Start(_agent, number, AfterSalesKind.Compensation, AfterSalesReason.Other, [], 60m, "再补偿", _clock.GetUtcNow()));
    }

    [Fact]
    public async Task Two_agents_claiming_the_same_line_at_once_never_give_back_more_than_was_paid()
    {
        var (number, lines) = await TicketWithOrderAsync((100m, 2, false));

        var results = await Task.WhenAll(Attempt(), Attempt());

        var won = Assert.Single(results, r => r.Id is not null);
        Assert.Equal("policy.quantity", Assert.Single(results, r => r.Id is null).Refused); // both units are claimed
        await StepAsync(won.Id!.Value, Cases.StepKind.Refund);
        Assert.Equal(150m, await WithDbAsync(db => db.Set<AfterSalesLine>().Where(l => l.OrderLineId == lines[0]).SumAsync(l => l.RefundedAmount)));

        async Task<(long? Id, string? Refused)> Attempt()
        {
            try
            {
                return (await StartAsync(number, AfterSalesKind.RefundOnly, AfterSalesReason.QualityProblem, (lines[0], 2, 150m)), null);
            }
            catch (DomainException ex)
            {
                return (null, ex.Key);
            }
        }
    }

    [Fact]
    public async Task A_return_goes_step_by_step_and_the_refund_keeps_the_refund_promise()
    {
        var (number, lines) = await TicketWithOrderAsync((300m, 1, false));
        var promise = await SendAsync(new Promises.Add(_agent, number, CommitmentKind.Refund, "收到退货后退款", _clock.GetUtcNow().ToOffset(Shanghai).DateTime.AddDays(3)));
        var reship = await SendAsync(new Promises.Add(_agent, number, CommitmentKind.Ship, "补发赠品", _clock.GetUtcNow().ToOffset(Shanghai).DateTime.AddDays(3)));
        var id = await StartAsync(number, AfterSalesKind.ReturnAndRefund, AfterSalesReason.WrongItem, (lines[0], 1, null));

        Assert.Equal("aftersales.carrier.required", (await Assert.ThrowsAsync<DomainException>(() => StepAsync(id, Cases.StepKind.AwaitReturn))).Key);
        await SendAsync(new Cases.Step(_agent, id, Cases.StepKind.AwaitReturn, "顺丰速运", "SF1234567890", _clock.GetUtcNow()));
        await StepAsync(id, Cases.StepKind.Receive);
        Assert.Equal(CommitmentStatus.Open, await WithDbAsync(db => db.Commitments.Where(c => c.Id == promise).Select(c => c.Status).SingleAsync()));
        await StepAsync(id, Cases.StepKind.Refund);
        await StepAsync(id, Cases.StepKind.Close);

        var @case = await CaseAsync(id);
        Assert.Equal([AfterSalesStatus.Requested, AfterSalesStatus.Approved, AfterSalesStatus.AwaitingReturn, AfterSalesStatus.Received, AfterSalesStatus.Refunded, AfterSalesStatus.Closed],
            @case.Steps.Select(s => s.Status));
        Assert.Equal(300m, @case.RefundedAmount);
        Assert.Equal(CommitmentStatus.Kept, await WithDbAsync(db => db.Commitments.Where(c => c.Id == promise).Select(c => c.Status).SingleAsync()));
        Assert.Equal(CommitmentStatus.Open, await WithDbAsync(db => db.Commitments.Where(c => c.Id == reship).Select(c => c.Status).SingleAsync())); // a refund ships nothing
    }

    [Fact]
    public async Task The_complaint_moves_step_by_step_and_starting_a_case_puts_it_into_fulfilment()
    {
        var (number, lines) = await TicketWithOrderAsync((199m, 1, false));
        await WithDbAsync(async db =>
        {
            var ticket = await db.Tickets.SingleAsync(t => t.Number == Number(number));
            db.Complaints.Add(new Complaint(ticket, ComplaintType.Quality, Remedy.Refund, "耳机左耳没声音", _clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });

        Assert.Equal("complaint.stage.not_next", (await Assert.ThrowsAsync<DomainException>(() => SendAsync(new ComplaintSteps.Command(_agent, number, ComplaintStage.Investigating)))).Key);
        await SendAsync(new ComplaintSteps.Command(_agent, number, ComplaintStage.Acknowledged));
        await SendAsync(new ComplaintSteps.Command(_agent, number, ComplaintStage.Investigating));
        await StartAsync(number, AfterSalesKind.RefundOnly, AfterSalesReason.QualityProblem, (lines[0], 1, null));
        await SendAsync(new ComplaintSteps.Command(_agent, number, ComplaintStage.AwaitingConfirmation));

        var complaint = await WithDbAsync(db => db.Complaints.AsNoTracking().SingleAsync(c => db.Tickets.Any(t => t.Id == c.TicketId && t.Number == Number(number))));
        Assert.Equal(ComplaintStage.AwaitingConfirmation, complaint.Stage);
        Assert.All(new[] { complaint.AcknowledgedAt, complaint.InvestigatingAt, complaint.FulfillingAt }, at => Assert.NotNull(at));
    }

    [Fact]
    public async Task A_department_liaison_pays_a_refund_out_only_when_an_admin_granted_it()
    {
        var (number, lines) = await TicketWithOrderAsync((88m, 1, false));
        var id = await StartAsync(number, AfterSalesKind.RefundOnly, AfterSalesReason.QualityProblem, (lines[0], 1, null));
        var liaison = await ViewerAsync("aftersales@demo.local", supervisor: false);
        await WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE tickets SET team_id = NULL WHERE number = {Number(number)}")); // visible to every agent

        var refused = await Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new Cases.Step(liaison, id, Cases.StepKind.Refund, null, null, _clock.GetUtcNow())));
        Assert.Equal("aftersales.refund.not_granted", refused.Key);
        Assert.Equal(AfterSalesStatus.Approved, (await CaseAsync(id)).Status);

        await WithDbAsync(db => db.Users.Where(u => u.Id == liaison.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.MayRefund, true)));
        await SendAsync(new Cases.Step(liaison, id, Cases.StepKind.Refund, null, null, _clock.GetUtcNow()));
        Assert.Equal(AfterSalesStatus.Refunded, (await CaseAsync(id)).Status);
    }

    private Task<long> StartAsync(string number, AfterSalesKind kind, AfterSalesReason why, params (long Line, int Quantity, decimal? Amount)[] lines) =>
        SendAsync(new Cases.Start(_agent, number, kind, why, lines.Select(l => new Cases.LineRequest(l.Line, l.Quantity, l.Amount)).ToList(), null, "顾客反馈", _clock.GetUtcNow()));

    private Task<Unit> DecideAsync(Viewer viewer, long id, bool approve) => SendAsync(new Cases.Decide(viewer, id, approve, null, _clock.GetUtcNow()));

    private Task<Unit> StepAsync(long id, Cases.StepKind step) => SendAsync(new Cases.Step(_agent, id, step, null, null, _clock.GetUtcNow()));

    private Task<AfterSalesCase> CaseAsync(long id) => WithDbAsync(db => db.AfterSalesCases.AsNoTracking().Include(c => c.Lines).SingleAsync(c => c.Id == id));

    private static long Number(string number) => Ticket.TryParseNumber(number, out var n) ? n : throw new ArgumentException(number);

    private Task<(string Number, long[] Lines)> TicketWithOrderAsync(params (decimal Price, int Quantity, bool Excluded)[] items) =>
        AfterSalesData.TicketWithOrderAsync(_app.Services, _agent.Id, _clock.GetUtcNow(), items);

    private Task<Viewer> ViewerAsync(string email, bool supervisor) => WithDbAsync(async db =>
    {
        var user = await db.Users.Where(u => u.Email == email).Select(u => new { u.Id, u.DisplayName }).SingleAsync();
        return new Viewer(user.Id, supervisor, user.DisplayName);
    });

    private Task<T> SendAsync<T>(IRequest<T> request) => _app.SendAsync(request);

    private Task<T> WithDbAsync<T>(Func<HelpDeskDbContext, Task<T>> action) => _app.WithDbAsync(action);
}
