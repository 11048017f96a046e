using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.AfterSales;

public enum AfterSalesKind
{
    RefundOnly,
    ReturnAndRefund,
    Exchange,
    Repair,
    Compensation,
}

public enum AfterSalesStatus
{
    Requested,
    Approved,
    Rejected,
    AwaitingReturn,
    Received,
    Refunded,
    Reshipped,
    Repaired,
    Closed,
}

/// <summary>How a compensation reaches the customer.</summary>
public enum CompensationForm
{
    Coupon,
    Points,
}

/// <summary>Who did which step of a case, when: the case's own audit trail.</summary>
public sealed record AfterSalesStep(AfterSalesStatus Status, DateTimeOffset At, Guid? ById, string ByName, string? Note);

/// <summary>A supervisor's yes.</summary>
public sealed record Approval(Guid ById, string ByName, DateTimeOffset At);

/// <summary>A refund, return, exchange, repair or compensation started from a ticket on lines of one order (R5).</summary>
/// <summary>A case was filed (and judged: how many approvals it needs).</summary>
public sealed record AfterSalesCaseOpened(AfterSalesCase Case, Actor By, DateTimeOffset At) : ITicketActivity
{
    public long? TicketId => Case.TicketId;
}

/// <summary>The case reached a status (approved, awaiting return, refunded, …).</summary>
public sealed record AfterSalesCaseMoved(AfterSalesCase Case, Actor By, DateTimeOffset At, AfterSalesStatus To) : ITicketActivity
{
    public long? TicketId => Case.TicketId;
}

/// <summary>One supervisor approved; the case moves on once enough have.</summary>
public sealed record AfterSalesApprovalGiven(AfterSalesCase Case, Actor By, DateTimeOffset At) : ITicketActivity
{
    public long? TicketId => Case.TicketId;
}

public class AfterSalesCase : AggregateRoot
{
    private readonly List<AfterSalesLine> _lines = [];

    private AfterSalesCase()
    {
        Reason = Currency = string.Empty;
    }

    public AfterSalesCase(long ticketId, long orderId, AfterSalesKind kind, string reason, Guid requestedBy, DateTimeOffset now, string currency = Common.Currency.Default)
    {
        Steps.Add(new AfterSalesStep(AfterSalesStatus.Requested, now, requestedBy, string.Empty, null));
        TicketId = ticketId;
        OrderId = orderId;
        Kind = kind;
        Reason = Guard.NotBlank(reason, "aftersales.reason", 2_000);
        RequestedById = requestedBy;
        RequestedAt = UpdatedAt = now;
        Currency = currency;
        Status = AfterSalesStatus.Requested;
    }

    public long Id { get; private set; }

    public long TicketId { get; private set; }

    public long OrderId { get; private set; }

    public AfterSalesKind Kind { get; private set; }

    public AfterSalesStatus Status { get; private set; }

    public string Reason { get; private set; }

    public string Currency { get; private set; }

    /// <summary>Money to the customer: the refund, or the value of a compensation.</summary>
    public decimal Amount => _lines.Sum(l => l.Amount) + CompensationAmount;

    public decimal CompensationAmount { get; private set; }

    /// <summary>Coupon or points, for a compensation (the amount is their value in yuan).</summary>
    public CompensationForm? CompensationForm { get; private set; }

    public Guid RequestedById { get; private set; }

    public DateTimeOffset RequestedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string? ReturnCarrier { get; private set; }

    public string? ReturnTrackingNumber { get; private set; }

    public AfterSalesReason Why { get; private set; }

    /// <summary>How many different supervisors must approve: 0 within the agent's limit, 1 above it, 2 above the second threshold.</summary>
    public int RequiredApprovals { get; private set; }

    public List<Approval> Approvals { get; private set; } = [];

    public List<AfterSalesStep> Steps { get; private set; } = [];

    public decimal RefundedAmount { get; private set; }

    /// <summary>PostgreSQL's xmin: money-moving rows are never overwritten by a concurrent save.</summary>
    public uint Version { get; private set; }

    public IReadOnlyList<AfterSalesLine> Lines => _lines;

    public AfterSalesLine AddLine(long orderLineId, int quantity, decimal amount)
    {
        if (Status != AfterSalesStatus.Requested)
        {
            throw new DomainException("aftersales.not_editable");
        }

        var line = new AfterSalesLine(orderLineId, Guard.Positive(quantity, "aftersales.quantity"), Guard.NotNegative(amount, "aftersales.amount"));
        _lines.Add(line);
        return line;
    }

    public void Classify(AfterSalesReason why) => Why = why;

    /// <summary>
    /// Decides how many approvals the money needs; none: approved at once by the request. The money is judged with
    /// what earlier cases on the same order (not rejected) already give back, so splitting a refund never avoids approval.
    /// </summary>
    public void Submit(decimal agentLimit, decimal doubleApprovalThreshold, string requesterName, DateTimeOffset now, decimal earlierOnOrder = 0)
    {
        var judged = Amount == 0 ? 0 : Amount + earlierOnOrder;
        RequiredApprovals = judged > doubleApprovalThreshold ? 2 : judged > agentLimit ? 1 : 0;
        Steps[0] = Steps[0] with { ByName = requesterName };
        Raise(new AfterSalesCaseOpened(this, Actor.Staff(RequestedById, requesterName), now));
        if (RequiredApprovals == 0)
        {
            Move(AfterSalesStatus.Approved, now, RequestedById, requesterName, "auto");
        }
    }

    public void Approve(Guid by, string byName, DateTimeOffset now)
    {
        if (Status != AfterSalesStatus.Requested)
        {
            throw new DomainException("aftersales.not_pending");
        }

        if (by == RequestedById)
        {
            throw new DomainException("aftersales.approve_own");
        }

        if (Approvals.Any(a => a.ById == by))
        {
            throw new DomainException("aftersales.approve_twice");
        }

        Approvals.Add(new Approval(by, byName, now));
        Raise(new AfterSalesApprovalGiven(this, Actor.Staff(by, byName), now));
        if (Approvals.Count >= RequiredApprovals)
        {
            Move(AfterSalesStatus.Approved, now, by, byName, null);
        }
    }

    public void Reject(Guid by, string byName, string note, DateTimeOffset now)
    {
        if (Status != AfterSalesStatus.Requested)
        {
            throw new DomainException("aftersales.not_pending");
        }

        Move(AfterSalesStatus.Rejected, now, by, byName, Guard.NotBlank(note, "aftersales.note", 500));
    }

    /// <summary>The customer sends the goods back (return and refund, exchange, repair).</summary>
    public void AwaitReturn(string carrier, string trackingNumber, Guid by, string byName, DateTimeOffset now)
    {
        Require(AfterSalesStatus.AwaitingReturn);
        ReturnCarrier = Guard.NotBlank(carrier, "aftersales.carrier", 60);
        ReturnTrackingNumber = Guard.NotBlank(trackingNumber, "aftersales.tracking", 60);
        Move(AfterSalesStatus.AwaitingReturn, now, by, byName, $"{ReturnCarrier} {ReturnTrackingNumber}");
    }

    public void Receive(Guid by, string byName, DateTimeOffset now)
    {
        Require(AfterSalesStatus.Received);
        Move(AfterSalesStatus.Received, now, by, byName, null);
    }

    /// <summary>The money goes back: refund only once approved, return and refund once the goods are received.</summary>
    public void Refund(Guid by, string byName, DateTimeOffset now)
    {
        Require(AfterSalesStatus.Refunded);

        RefundedAmount = Amount;
        foreach (var line in _lines)
        {
            line.MarkRefunded();
        }

        Move(AfterSalesStatus.Refunded, now, by, byName, Amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
    }

    public void Reship(Guid by, string byName, string trackingNumber, DateTimeOffset now)
    {
        Require(AfterSalesStatus.Reshipped);
        Move(AfterSalesStatus.Reshipped, now, by, byName, Guard.NotBlank(trackingNumber, "aftersales.tracking", 60));
    }

    public void Repaired(Guid by, string byName, DateTimeOffset now)
    {
        Require(AfterSalesStatus.Repaired);
        Move(AfterSalesStatus.Repaired, now, by, byName, null);
    }

    public void Close(Guid by, string byName, DateTimeOffset now)
    {
        Require(AfterSalesStatus.Closed);
        Move(AfterSalesStatus.Closed, now, by, byName, null);
    }

    /// <summary>
    /// Where the case can go next by a step of the staff (approval and rejection are decisions, not steps): the one
    /// place the flow is written down, for the methods above and for the buttons a page shows.
    /// </summary>
    public IReadOnlyList<AfterSalesStatus> NextSteps() => (Status, Kind) switch
    {
        (AfterSalesStatus.Approved, AfterSalesKind.RefundOnly) => [AfterSalesStatus.Refunded],
        (AfterSalesStatus.Approved, AfterSalesKind.Compensation) => [AfterSalesStatus.Closed],
        (AfterSalesStatus.Approved, _) => [AfterSalesStatus.AwaitingReturn],
        (AfterSalesStatus.AwaitingReturn, _) => [AfterSalesStatus.Received],
        (AfterSalesStatus.Received, AfterSalesKind.ReturnAndRefund) => [AfterSalesStatus.Refunded],
        (AfterSalesStatus.Received, AfterSalesKind.Exchange) => [AfterSalesStatus.Reshipped],
        (AfterSalesStatus.Received, AfterSalesKind.Repair) => [AfterSalesStatus.Repaired],
        (AfterSalesStatus.Refunded or AfterSalesStatus.Reshipped or AfterSalesStatus.Repaired or AfterSalesStatus.Rejected, _) => [AfterSalesStatus.Closed],
        _ => [],
    };

    private void Require(AfterSalesStatus to)
    {
        if (!NextSteps().Contains(to))
        {
            throw new DomainException("aftersales.transition", Status, to);
        }
    }

    private void Move(AfterSalesStatus to, DateTimeOffset now, Guid? by, string byName, string? note)
    {
        Status = to;
        UpdatedAt = now;
        Steps.Add(new AfterSalesStep(to, now, by, byName, note));
        Raise(new AfterSalesCaseMoved(this, new Actor(by, byName), now, to));
    }

    public void SetCompensation(decimal amount, CompensationForm form)
    {
        if (Kind != AfterSalesKind.Compensation)
        {
            throw new DomainException("aftersales.not_compensation");
        }

        CompensationAmount = Guard.NotNegative(amount, "aftersales.amount");
        CompensationForm = form;
    }
}

public class AfterSalesLine
{
    private AfterSalesLine()
    {
    }

    internal AfterSalesLine(long orderLineId, int quantity, decimal amount)
    {
        OrderLineId = orderLineId;
        Quantity = quantity;
        Amount = amount;
    }

    public long Id { get; private set; }

    public long AfterSalesCaseId { get; private set; }

    public long OrderLineId { get; private set; }

    public int Quantity { get; private set; }

    public decimal Amount { get; private set; }

    /// <summary>What this line gave back; counted against the order line's paid amount.</summary>
    public decimal RefundedAmount { get; private set; }

    internal void MarkRefunded() => RefundedAmount = Amount;
}
