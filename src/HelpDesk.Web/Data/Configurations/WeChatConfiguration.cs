using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Features.Channels;
using HelpDesk.Web.Features.Channels.Outbound;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HelpDesk.Web.Data.Configurations;

internal sealed class ChannelDeliveryConfiguration : IEntityTypeConfiguration<ChannelDelivery>
{
    public void Configure(EntityTypeBuilder<ChannelDelivery> builder)
    {
        builder.ToTable("channel_deliveries");
        builder.Property(d => d.Gateway).HasMaxLength(30);
        builder.Property(d => d.Recipient).HasMaxLength(200);
        builder.Property(d => d.Conversation).HasMaxLength(200);
        builder.Property(d => d.TicketNumber).HasMaxLength(30);
        builder.Property(d => d.LastError).HasMaxLength(500);

        // The attempt number fences an outcome recorded after the lease ran out and another instance took the row over.
        builder.Property(d => d.Attempts).IsConcurrencyToken();
        builder.HasOne<Ticket>().WithMany().HasForeignKey(d => d.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TicketMessage>().WithMany().HasForeignKey(d => d.TicketMessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => d.NextAttemptAt).HasFilter("status = 'Pending'").HasDatabaseName("ix_channel_deliveries_due");
        builder.HasIndex(d => d.TicketMessageId);
        builder.HasIndex(d => d.TicketId);
    }
}

internal sealed class ChannelSecretConfiguration : IEntityTypeConfiguration<ChannelSecret>
{
    public void Configure(EntityTypeBuilder<ChannelSecret> builder)
    {
        builder.ToTable("channel_secrets");
        builder.HasKey(s => s.Name);
        builder.Property(s => s.Name).HasMaxLength(50);
    }
}
