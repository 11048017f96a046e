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

/// <summary>A refund, return, exchange, repair or compensation started from a ticket on lines of one order (R5).</summary>
public class AfterSalesCase
{
    private readonly List<AfterSalesLine> _lines = [];

    private AfterSalesCase()
    {
        Reason = Currency = string.Empty;
    }

    public AfterSalesCase(long ticketId, long orderId, AfterSalesKind kind, string reason, Guid requestedBy, DateTimeOffset now, string currency = Common.Currency.Default)
    {
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

    public Guid RequestedById { get; private set; }

    public DateTimeOffset RequestedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string? ReturnCarrier { get; private set; }

    public string? ReturnTrackingNumber { get; private set; }

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

    public void SetCompensation(decimal amount)
    {
        if (Kind != AfterSalesKind.Compensation)
        {
            throw new DomainException("aftersales.not_compensation");
        }

        CompensationAmount = Guard.NotNegative(amount, "aftersales.amount");
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
}
