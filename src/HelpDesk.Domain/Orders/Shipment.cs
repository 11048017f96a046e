using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Orders;

public enum ShipmentStatus
{
    Pending,
    InTransit,
    OutForDelivery,
    Delivered,
    Delayed,
    Lost,
    Returned,
}

/// <summary>A parcel with its carrier, tracking number, promised date and tracking events (R6).</summary>
public class Shipment
{
    private readonly List<TrackingEvent> _events = [];

    private Shipment()
    {
        Carrier = TrackingNumber = string.Empty;
    }

    internal Shipment(string carrier, string trackingNumber, DateTimeOffset shippedAt, DateTimeOffset promisedAt)
    {
        Carrier = Guard.NotBlank(carrier, "shipment.carrier", 60);
        TrackingNumber = Guard.NotBlank(trackingNumber, "shipment.tracking_number", 60);
        ShippedAt = shippedAt;
        PromisedAt = promisedAt;
        Status = ShipmentStatus.InTransit;
    }

    public long Id { get; private set; }

    public long OrderId { get; private set; }

    public string Carrier { get; private set; }

    public string TrackingNumber { get; private set; }

    public ShipmentStatus Status { get; private set; }

    public DateTimeOffset ShippedAt { get; private set; }

    public DateTimeOffset PromisedAt { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public IReadOnlyList<TrackingEvent> Events => _events;

    public bool IsLate(DateTimeOffset now) => (DeliveredAt ?? now) > PromisedAt;

    public void Track(DateTimeOffset at, ShipmentStatus status, string location, string description)
    {
        if (Status is ShipmentStatus.Delivered or ShipmentStatus.Returned && status != ShipmentStatus.Returned)
        {
            throw new DomainException("shipment.already_delivered");
        }

        _events.Add(new TrackingEvent(at, status, location, description));
        Status = status;
        if (status == ShipmentStatus.Delivered)
        {
            DeliveredAt = at;
        }
    }
}

public class TrackingEvent
{
    private TrackingEvent()
    {
        Location = Description = string.Empty;
    }

    internal TrackingEvent(DateTimeOffset at, ShipmentStatus status, string location, string description)
    {
        At = at;
        Status = status;
        Location = location.Trim();
        Description = Guard.NotBlank(description, "shipment.event", 500);
    }

    public long Id { get; private set; }

    public long ShipmentId { get; private set; }

    public DateTimeOffset At { get; private set; }

    public ShipmentStatus Status { get; private set; }

    public string Location { get; private set; }

    public string Description { get; private set; }
}
