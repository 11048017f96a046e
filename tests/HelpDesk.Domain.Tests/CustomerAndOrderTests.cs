using HelpDesk.Domain.Common;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Orders;

namespace HelpDesk.Domain.Tests;

public class CustomerAndOrderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 4, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(ContactKind.Email, " Zhang.San@Example.CN ", "zhang.san@example.cn")]
    [InlineData(ContactKind.Phone, "+86 138-0013-8000", "13800138000")]
    [InlineData(ContactKind.Phone, "138 0013 8000", "13800138000")]
    [InlineData(ContactKind.Chat, " wx_abc ", "wx_abc")]
    public void Contacts_are_normalized_so_the_same_person_is_found_again(ContactKind kind, string raw, string expected) =>
        Assert.Equal(expected, CustomerContact.Normalize(kind, raw));

    [Fact]
    public void Adding_the_same_contact_twice_keeps_one()
    {
        var customer = new Customer("张三", CustomerTier.Plus, Now);

        customer.AddContact(ContactKind.Email, "a@b.cn");
        customer.AddContact(ContactKind.Email, "A@B.CN");
        customer.AddContact(ContactKind.Phone, "13800138000");

        Assert.Equal(2, customer.Contacts.Count);
        Assert.Equal("a@b.cn", customer.Email);
        Assert.Equal("13800138000", customer.Phone);
    }

    [Fact]
    public void A_line_records_what_was_paid_after_its_discount()
    {
        var order = new Order("JD2611010001", 1, Now);

        var line = order.AddLine(5, "SKU-1", "空气炸锅", 2, 349m, discount: 69.8m);
        order.AddLine(6, "SKU-2", "电饭煲", 1, 459m);

        Assert.Equal(628.2m, line.PaidAmount);
        Assert.Equal(1087.2m, order.Total);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(698.01)]
    public void A_discount_outside_zero_and_the_line_price_is_refused(decimal discount)
    {
        var ex = Assert.Throws<DomainException>(() => new Order("JD1", 1, Now).AddLine(5, "SKU-1", "空气炸锅", 2, 349m, discount));
        Assert.Equal("order.line.discount", ex.Key);
    }

    [Fact]
    public void A_zero_quantity_is_refused() =>
        Assert.Equal("order.line.quantity.not_positive", Assert.Throws<DomainException>(() => new Order("JD1", 1, Now).AddLine(5, "S", "P", 0, 1m)).Key);

    [Fact]
    public void An_unpaid_order_does_not_ship_and_a_shipped_one_does_not_cancel()
    {
        var order = new Order("JD1", 1, Now);
        Assert.Equal("order.not_shippable", Assert.Throws<DomainException>(() => order.Ship("顺丰速运", "SF1", Now, Now.AddDays(2))).Key);

        order.RecordPayment("微信支付", 10m, Now);
        order.Ship("顺丰速运", "SF1", Now, Now.AddDays(2));

        Assert.Equal("order.not_cancellable", Assert.Throws<DomainException>(order.Cancel).Key);
        Assert.Equal(OrderStatus.Shipped, order.Status);

        order.RecordPayment("支付宝", 10m, Now); // corrected payment details arrive late
        Assert.Equal((OrderStatus.Shipped, "支付宝"), (order.Status, order.PaymentMethod));
    }

    [Fact]
    public void The_order_is_delivered_when_its_last_parcel_is()
    {
        var order = new Order("JD1", 1, Now);
        order.RecordPayment("支付宝", 10m, Now);
        var first = order.Ship("顺丰速运", "SF1", Now, Now.AddDays(2));
        var second = order.Ship("中通快递", "ZT1", Now, Now.AddDays(3));

        first.Track(Now.AddDays(1), ShipmentStatus.Delivered, "北京", "已签收");
        order.RefreshDeliveryStatus();
        Assert.Null(order.DeliveredAt);
        Assert.Equal(OrderStatus.Shipped, order.Status);

        second.Track(Now.AddDays(4), ShipmentStatus.Delivered, "北京", "已签收");
        order.RefreshDeliveryStatus();
        Assert.Equal(Now.AddDays(4), order.DeliveredAt);
        Assert.Equal(OrderStatus.Delivered, order.Status);
        Assert.True(second.IsLate(Now.AddDays(5)));
        Assert.False(first.IsLate(Now.AddDays(5)));
    }

    [Fact]
    public void A_delivered_parcel_takes_no_more_transit_events()
    {
        var order = new Order("JD1", 1, Now);
        order.RecordPayment("支付宝", 10m, Now);
        var parcel = order.Ship("顺丰速运", "SF1", Now, Now.AddDays(2));
        parcel.Track(Now.AddDays(1), ShipmentStatus.Delivered, "北京", "已签收");

        var ex = Assert.Throws<DomainException>(() => parcel.Track(Now.AddDays(2), ShipmentStatus.InTransit, "北京", "运输中"));

        Assert.Equal("shipment.already_delivered", ex.Key);
        Assert.Single(parcel.Events);
    }
}
