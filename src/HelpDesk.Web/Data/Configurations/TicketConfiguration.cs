using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Orders;
using HelpDesk.Domain.Teams;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HelpDesk.Web.Data.Configurations;

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public const string NumberSequence = "ticket_numbers";

    public void Configure(EntityTypeBuilder<Ticket> builder)
    {
        builder.Property(t => t.Number).HasDefaultValueSql($"nextval('{NumberSequence}')");
        builder.Property(t => t.Subject).HasMaxLength(Ticket.SubjectMaxLength);
        builder.Property(t => t.Version).IsRowVersion().HasColumnName("xmin").HasColumnType("xid");
        builder.HasOne<Customer>().WithMany().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Team>().WithMany().HasForeignKey(t => t.TeamId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StaffUser>().WithMany().HasForeignKey(t => t.AssigneeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Order>().WithMany().HasForeignKey(t => t.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(t => t.MergedIntoTicketId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(t => t.Messages).WithOne().HasForeignKey(m => m.TicketId).OnDelete(DeleteBehavior.Cascade);

        builder.HasIndex(t => t.Number).IsUnique();

        // The queue's views, newest activity first, keyset-paged on (updated_at, id).
        builder.HasIndex(t => new { t.UpdatedAt, t.Id }).IsDescending(true, true);
        builder.HasIndex(t => new { t.TeamId, t.Status, t.UpdatedAt }).IsDescending(false, false, true);
        builder.HasIndex(t => new { t.AssigneeId, t.Status, t.UpdatedAt }).IsDescending(false, false, true);
        builder.HasIndex(t => new { t.CustomerId, t.CreatedAt }).IsDescending(false, true);
        builder.HasIndex(t => t.OrderId);
        builder.HasIndex(t => t.Tags).HasMethod("gin");
    }
}

internal sealed class TicketMessageConfiguration : IEntityTypeConfiguration<TicketMessage>
{
    public void Configure(EntityTypeBuilder<TicketMessage> builder)
    {
        builder.Property(m => m.AuthorName).HasMaxLength(100);
        builder.Property(m => m.Body).HasMaxLength(TicketMessage.BodyMaxLength);
        builder.HasOne<StaffUser>().WithMany().HasForeignKey(m => m.AuthorStaffId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => new { m.TicketId, m.CreatedAt, m.Id });
    }
}
