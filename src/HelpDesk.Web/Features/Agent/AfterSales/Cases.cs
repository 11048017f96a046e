using FluentValidation;
using HelpDesk.Domain.AfterSales;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Complaints;
using HelpDesk.Domain.Orders;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Agent.AfterSales;

/// <summary>
/// After-sales cases (R5) started from a ticket on lines of its order: the policy decides whether and how much
/// (and says why, in words the agent can paste); the amount decides whether one or two supervisors approve;
/// compensation draws on the agent's daily budget; every step is recorded on the case and in the audit trail.
/// A refund takes the order lines' row locks, so two agents can never refund a line beyond what was paid.
/// </summary>
public static class Cases
{
    public sealed record LineRequest(long OrderLineId, int Quantity, decimal? Amount);

    public sealed record Start(
        Viewer Viewer, string Number, AfterSalesKind Kind, AfterSalesReason Why, IReadOnlyList<LineRequest> Lines, decimal? Compensation, string? Reason, DateTimeOffset Now,
        CompensationForm CompensationForm = CompensationForm.Coupon) : ICommand<long>;

    public sealed class StartValidator : AbstractValidator<Start>
    {
        public StartValidator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage(_ => l["aftersales.reason.required"]);
            RuleFor(c => c.Lines).NotEmpty().When(c => c.Kind != AfterSalesKind.Compensation).WithMessage(_ => l["aftersales.lines.required"]);
            RuleFor(c => c.Compensation).NotNull().GreaterThan(0).When(c => c.Kind == AfterSalesKind.Compensation).WithMessage(_ => l["aftersales.compensation.required"]);
            RuleForEach(c => c.Lines).Must(x => x.Amount is null or >= 0).WithMessage(_ => l["aftersales.amount.negative"]);
            RuleFor(c => c.Lines).Must(lines => lines.Select(x => x.OrderLineId).Distinct().Count() == lines.Count).WithMessage(_ => l["aftersales.lines.duplicate"]);
        }
    }

    public sealed class StartHandler(HelpDeskDbContext db, BusinessTime time) : IRequestHandler<Start, long>
    {
        public async Task<long> Handle(Start request, CancellationToken cancellationToken)
        {
            var ticket = await db.GetVisibleAsync(request.Viewer, request.Number, cancellationToken);
            var orderId = ticket.OrderId ?? throw new DomainException("aftersales.no_order");
            await LockOrderAsync(db, orderId, cancellationToken);
            var order = await db.Orders.Include(o => o.Lines).Include(o => o.Shipments).AsSplitQuery().SingleAsync(o => o.Id == orderId, cancellationToken);
            if (order.CustomerId != ticket.CustomerId)
            {
                throw new DomainException("aftersales.other_order");
            }

            var money = request.Kind is AfterSalesKind.RefundOnly or AfterSalesKind.ReturnAndRefund;
            if (money && (order.Status == OrderStatus.Cancelled || order.PaymentStatus is not (PaymentStatus.Paid or PaymentStatus.PartiallyRefunded)))
            {
                throw new DomainException("aftersales.not_paid");
            }

            // What earlier cases on this order (not rejected) already give back or take, line by line: the order row
            // lock above makes a second request on the same order wait for this one.
            var earlier = await db.AfterSalesCases.AsNoTracking().Include(c => c.Lines)
                .Where(c => c.OrderId == order.Id && c.Status != AfterSalesStatus.Rejected).ToListAsync(cancellationToken);
            var claimed = earlier.SelectMany(c => c.Lines).GroupBy(l => l.OrderLineId)
                .ToDictionary(g => g.Key, g => (Amount: g.Sum(l => l.Amount), Quantity: g.Sum(l => l.Quantity)));

            var productIds = order.Lines.Select(l => l.ProductId).ToArray();
            var excluded = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.ExcludedFromNoReasonReturn, cancellationToken);
            var settings = await db.AfterSalesSettings.SingleAsync(cancellationToken);
            var @case = new AfterSalesCase(ticket.Id, order.Id, request.Kind, request.Reason!, request.Viewer.Id, request.Now);
            @case.Classify(request.Why);
            foreach (var wanted in request.Lines)
            {
                var line = order.Lines.SingleOrDefault(l => l.Id == wanted.OrderLineId) ?? throw new DomainException("aftersales.other_order");
                var (claimedAmount, claimedQuantity) = claimed.GetValueOrDefault(line.Id);
                if (wanted.Quantity > line.Quantity - claimedQuantity)
                {
                    throw new DomainException("policy.quantity", Math.Max(0, line.Quantity - claimedQuantity));
                }

                var verdict = ReturnPolicy.Evaluate(new PolicyQuestion(request.Kind, request.Why, order.DeliveredAt, excluded[line.ProductId],
                    line.Quantity, wanted.Quantity, line.PaidAmount, claimedAmount, request.Now, time.Zone));
                if (!verdict.Allowed)
                {
                    // The last sentence of the verdict says why not, in words the agent can pass on.
                    throw new DomainException(verdict.Reasons[^1].Key, verdict.Reasons[^1].Arguments);
                }

                var amount = money ? wanted.Amount ?? verdict.MaxAmount : 0;
                if (amount > verdict.MaxAmount)
                {
                    throw new DomainException("aftersales.amount.too_much", verdict.MaxAmount);
                }

                @case.AddLine(line.Id, wanted.Quantity, amount);
            }

            if (request.Kind == AfterSalesKind.Compensation)
            {
                await CheckBudgetAsync(request, settings, cancellationToken);
                @case.SetCompensation(request.Compensation!.Value, request.CompensationForm);
            }

            @case.Submit(settings.AgentLimit, settings.DoubleApprovalThreshold, request.Viewer.Name, request.Now, earlier.Sum(c => c.Amount));
            db.AfterSalesCases.Add(@case);
            if (await db.Complaints.SingleOrDefaultAsync(c => c.TicketId == ticket.Id, cancellationToken) is { Stage: < ComplaintStage.Fulfilling } complaint)
            {
                complaint.Advance(ComplaintStage.Fulfilling, request.Viewer.Actor, request.Now);
            }

            await db.SaveChangesAsync(cancellationToken);
            return @case.Id;
        }

        /// <summary>Compensation an agent granted today (business day) plus this one must stay within the daily budget.</summary>
        private async Task CheckBudgetAsync(Start request, AfterSalesSettings settings, CancellationToken cancellationToken)
        {
            // One agent's compensations are granted one at a time, so two at once cannot both fit the budget.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({request.Viewer.Id.ToString()}))", cancellationToken);
            var local = time.ToLocal(request.Now).Date;
            var dayStart = new DateTimeOffset(local, time.Zone.GetUtcOffset(local)).ToUniversalTime();
            var used = await db.AfterSalesCases.Where(c => c.RequestedById == request.Viewer.Id && c.Kind == AfterSalesKind.Compensation
                    && c.RequestedAt >= dayStart && c.Status != AfterSalesStatus.Rejected)
                .SumAsync(c => c.CompensationAmount, cancellationToken);
            if (used + request.Compensation!.Value > settings.DailyCompensationBudget)
            {
                throw new DomainException("aftersales.budget", Math.Max(0, settings.DailyCompensationBudget - used));
            }
        }
    }

    [SupervisorsOnly("aftersales.supervisors_only")]
    public sealed record Decide(Viewer Viewer, long CaseId, bool Approve, string? Note, DateTimeOffset Now) : ICommand<Unit>, IStaffRequest;

    public sealed class DecideHandler(HelpDeskDbContext db) : IRequestHandler<Decide, Unit>
    {
        public async Task<Unit> Handle(Decide request, CancellationToken cancellationToken)
        {
            var @case = await db.AfterSalesCases.SingleOrDefaultAsync(c => c.Id == request.CaseId, cancellationToken) ?? throw new NotFoundException("aftersales.not_found");
            if (request.Approve)
            {
                @case.Approve(request.Viewer.Id, request.Viewer.Name, request.Now);
            }
            else
            {
                @case.Reject(request.Viewer.Id, request.Viewer.Name, request.Note ?? string.Empty, request.Now);
            }

            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }

    public enum StepKind
    {
        AwaitReturn,
        Receive,
        Refund,
        Reship,
        Repaired,
        Close,
    }

    public sealed record Step(Viewer Viewer, long CaseId, StepKind Kind, string? Carrier, string? TrackingNumber, DateTimeOffset Now) : ICommand<Unit>;

    public sealed class StepHandler(HelpDeskDbContext db) : IRequestHandler<Step, Unit>
    {
        public async Task<Unit> Handle(Step request, CancellationToken cancellationToken)
        {
            var @case = await db.AfterSalesCases.Include(c => c.Lines).SingleOrDefaultAsync(c => c.Id == request.CaseId, cancellationToken) ?? throw new NotFoundException("aftersales.not_found");
            if (!await db.Tickets.VisibleTo(db, request.Viewer).AnyAsync(t => t.Id == @case.TicketId, cancellationToken))
            {
                throw new NotFoundException("aftersales.not_found");
            }

            var (by, name, now) = (request.Viewer.Id, request.Viewer.Name, request.Now);
            switch (request.Kind)
            {
                case StepKind.AwaitReturn:
                    @case.AwaitReturn(request.Carrier ?? string.Empty, request.TrackingNumber ?? string.Empty, by, name, now);
                    break;
                case StepKind.Receive:
                    @case.Receive(by, name, now);
                    break;
                case StepKind.Refund:
                    await EnsureMayRefundAsync(request.Viewer, cancellationToken);
                    await EnsureWithinPaidAsync(@case, cancellationToken);
                    @case.Refund(by, name, now);
                    break;
                case StepKind.Reship:
                    @case.Reship(by, name, request.TrackingNumber ?? string.Empty, now);
                    break;
                case StepKind.Repaired:
                    @case.Repaired(by, name, now);
                    break;
                default:
                    @case.Close(by, name, now);
                    break;
            }

            // The promises the step fulfils keep themselves (Features/Commitments/KeepPromises).
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        /// <summary>
        /// Money goes out only by supervisors, agents of a service team, or staff an admin granted it to: a department
        /// liaison who may read and answer a case does not pay it out by default.
        /// </summary>
        private async Task EnsureMayRefundAsync(Viewer viewer, CancellationToken cancellationToken)
        {
            var allowed = viewer.IsSupervisor
                || await db.Users.AnyAsync(u => u.Id == viewer.Id && u.MayRefund, cancellationToken)
                || await db.TeamMembers.AnyAsync(m => m.UserId == viewer.Id && db.Teams.Any(t => t.Id == m.TeamId && t.Kind == Domain.Teams.TeamKind.Service), cancellationToken);
            if (!allowed)
            {
                throw new ForbiddenException("aftersales.refund.not_granted");
            }
        }

        /// <summary>
        /// Locks the order (FOR UPDATE), then checks every line's refunds so far plus this one against what was paid
        /// for it, and the order's against what the order paid: a second agent refunding the same order waits here and
        /// then sees the first refund.
        /// </summary>
        private async Task EnsureWithinPaidAsync(AfterSalesCase @case, CancellationToken cancellationToken)
        {
            await LockOrderAsync(db, @case.OrderId, cancellationToken);
            var lineIds = @case.Lines.Select(l => l.OrderLineId).ToArray();
            var paid = await db.OrderLines.AsNoTracking().Where(l => lineIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.PaidAmount, cancellationToken);
            foreach (var line in @case.Lines)
            {
                var refunded = await RefundedAsync(db, line.OrderLineId, cancellationToken);
                if (refunded + line.Amount > paid[line.OrderLineId])
                {
                    throw new DomainException("aftersales.over_refund", Math.Max(0, paid[line.OrderLineId] - refunded));
                }
            }

            var orderPaid = await db.Orders.Where(o => o.Id == @case.OrderId).Select(o => o.PaidAmount).SingleAsync(cancellationToken);
            var orderRefunded = await db.AfterSalesCases.Where(c => c.OrderId == @case.OrderId).SumAsync(c => c.RefundedAmount, cancellationToken);
            if (orderRefunded + @case.Amount > orderPaid)
            {
                throw new DomainException("aftersales.order_refund_exceeded", Math.Max(0, orderPaid - orderRefunded));
            }
        }
    }

    /// <summary>Serialises the money decisions on one order (a row lock held until the command's transaction ends).</summary>
    private static Task<int> LockOrderAsync(HelpDeskDbContext db, long orderId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT id FROM orders WHERE id = {orderId} FOR UPDATE", cancellationToken);

    private static Task<decimal> RefundedAsync(HelpDeskDbContext db, long orderLineId, CancellationToken cancellationToken) =>
        db.Set<AfterSalesLine>().Where(l => l.OrderLineId == orderLineId).SumAsync(l => l.RefundedAmount, cancellationToken);
}
