using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Orders;

public enum OrderStatus
{
    Placed,
    Paid,
    Shipped,
    Delivered,
    Completed,
    Cancelled,
}

public enum PaymentStatus
{
    Pending,
    Paid,
    Failed,
    PartiallyRefunded,
    Refunded,
}

/// <summary>An order as the shop system reports it (R6). The help desk reads it; after-sales cases refer to its lines.</summary>
public class Order
{
    private readonly List<OrderLine> _lines = [];
    private readonly List<Shipment> _shipments = [];

    private Order()
    {
        Number = Currency = PaymentMethod = string.Empty;
    }

    public Order(string number, long customerId, DateTimeOffset placedAt, string currency = Common.Currency.Default)
    {
        Number = Guard.NotBlank(number, "order.number", 40);
        CustomerId = customerId;
        PlacedAt = placedAt;
        Currency = currency;
        Status = OrderStatus.Placed;
        PaymentMethod = string.Empty;
    }

    public long Id { get; private set; }

    public string Number { get; private set; }

    public long CustomerId { get; private set; }

    public DateTimeOffset PlacedAt { get; private set; }

    public OrderStatus Status { get; private set; }

    public string Currency { get; private set; }

    public decimal Total { get; private set; }

    public string PaymentMethod { get; private set; }

    public PaymentStatus PaymentStatus { get; private set; }

    public DateTimeOffset? PaidAt { get; private set; }

    public decimal PaidAmount { get; private set; }

    public IReadOnlyList<OrderLine> Lines => _lines;

    public IReadOnlyList<Shipment> Shipments => _shipments;

    /// <summary>When the goods reached the customer: the 7-day no-reason return window counts from here (R5).</summary>
    public DateTimeOffset? DeliveredAt => _shipments.Count > 0 && _shipments.All(s => s.DeliveredAt is not null)
        ? _shipments.Max(s => s.DeliveredAt)
        : null;

    public OrderLine AddLine(long productId, string sku, string productName, int quantity, decimal unitPrice, decimal discount = 0)
    {
        var line = new OrderLine(productId, sku, productName, quantity, unitPrice, discount);
        _lines.Add(line);
        Total = _lines.Sum(l => l.PaidAmount);
        return line;
    }

    public void RecordPayment(string method, decimal amount, DateTimeOffset paidAt)
    {
        if (Status == OrderStatus.Cancelled)
        {
            throw new DomainException("order.cancelled");
        }

        PaymentMethod = Guard.NotBlank(method, "order.payment_method", 40);
        PaidAmount = Guard.NotNegative(amount, "order.paid_amount");
        PaidAt = paidAt;
        PaymentStatus = PaymentStatus.Paid;
        if (Status == OrderStatus.Placed)
        {
            Status = OrderStatus.Paid; // a payment recorded late never moves a shipped order back
        }
    }

    public void RecordFailedPayment(string method)
    {
        PaymentMethod = Guard.NotBlank(method, "order.payment_method", 40);
        PaymentStatus = PaymentStatus.Failed;
    }

    public Shipment Ship(string carrier, string trackingNumber, DateTimeOffset shippedAt, DateTimeOffset promisedAt)
    {
        if (Status is OrderStatus.Cancelled or OrderStatus.Placed)
        {
            throw new DomainException("order.not_shippable");
        }

        var shipment = new Shipment(carrier, trackingNumber, shippedAt, promisedAt);
        _shipments.Add(shipment);
        Status = OrderStatus.Shipped;
        return shipment;
    }

    /// <summary>Called after a shipment's tracking changed, so the order follows its parcels.</summary>
    public void RefreshDeliveryStatus()
    {
        if (DeliveredAt is not null && Status == OrderStatus.Shipped)
        {
            Status = OrderStatus.Delivered;
        }
    }

    public void Cancel()
    {
        if (Status is OrderStatus.Shipped or OrderStatus.Delivered or OrderStatus.Completed)
        {
            throw new DomainException("order.not_cancellable");
        }

        Status = OrderStatus.Cancelled;
    }

    public void Complete()
    {
        if (Status != OrderStatus.Delivered)
        {
            throw new DomainException("order.not_delivered");
        }

        Status = OrderStatus.Completed;
    }
}

public class OrderLine
{
    private OrderLine()
    {
        Sku = ProductName = string.Empty;
    }

    internal OrderLine(long productId, string sku, string productName, int quantity, decimal unitPrice, decimal discount)
    {
        ProductId = productId;
        Sku = Guard.NotBlank(sku, "order.line.sku", 64);
        ProductName = Guard.NotBlank(productName, "order.line.product", 200);
        Quantity = Guard.Positive(quantity, "order.line.quantity");
        UnitPrice = Guard.NotNegative(unitPrice, "order.line.unit_price");
        var gross = unitPrice * quantity;
        if (discount < 0 || discount > gross)
        {
            throw new DomainException("order.line.discount");
        }

        PaidAmount = gross - discount;
    }

    public long Id { get; private set; }

    public long OrderId { get; private set; }

    public long ProductId { get; private set; }

    public string Sku { get; private set; }

    public string ProductName { get; private set; }

    public int Quantity { get; private set; }

    public decimal UnitPrice { get; private set; }

    /// <summary>What the customer actually paid for this line: the ceiling of every refund on it (R5).</summary>
    public decimal PaidAmount { get; private set; }
}
