using HelpDesk.Domain.Catalog;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HelpDesk.Web.Data.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.Property(o => o.Number).HasMaxLength(40);
        builder.Property(o => o.Currency).HasMaxLength(3);
        builder.Property(o => o.PaymentMethod).HasMaxLength(40);
        builder.Property(o => o.Total).HasPrecision(18, 2);
        builder.Property(o => o.PaidAmount).HasPrecision(18, 2);
        builder.HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(o => o.Shipments).WithOne().HasForeignKey(s => s.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(o => o.Number).IsUnique();
        builder.HasIndex(o => new { o.CustomerId, o.PlacedAt }).IsDescending(false, true);
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> builder)
    {
        builder.Property(l => l.Sku).HasMaxLength(64);
        builder.Property(l => l.ProductName).HasMaxLength(200);
        builder.Property(l => l.UnitPrice).HasPrecision(18, 2);
        builder.Property(l => l.PaidAmount).HasPrecision(18, 2);
        builder.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(l => l.OrderId);
        builder.HasIndex(l => l.ProductId);
    }
}

internal sealed class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Shipment> builder)
    {
        builder.Property(s => s.Carrier).HasMaxLength(60);
        builder.Property(s => s.TrackingNumber).HasMaxLength(60);
        builder.HasMany(s => s.Events).WithOne().HasForeignKey(e => e.ShipmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.OrderId, s.ShippedAt, s.Id }).IsDescending(false, true, true); // an order's latest parcel
        builder.HasIndex(s => s.TrackingNumber);
    }
}

internal sealed class TrackingEventConfiguration : IEntityTypeConfiguration<TrackingEvent>
{
    public void Configure(EntityTypeBuilder<TrackingEvent> builder)
    {
        builder.ToTable("tracking_events");
        builder.Property(e => e.Location).HasMaxLength(100);
        builder.Property(e => e.Description).HasMaxLength(500);
        builder.HasIndex(e => new { e.ShipmentId, e.At });
    }
}
