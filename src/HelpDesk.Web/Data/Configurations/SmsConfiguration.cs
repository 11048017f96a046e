using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Infrastructure.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HelpDesk.Web.Data.Configurations;

internal sealed class SmsMessageConfiguration : IEntityTypeConfiguration<SmsMessage>
{
    public void Configure(EntityTypeBuilder<SmsMessage> builder)
    {
        builder.ToTable("sms_messages");
        builder.Property(m => m.ToPhone).HasMaxLength(20);
        builder.Property(m => m.Text).HasMaxLength(300);
        builder.Property(m => m.LastError).HasMaxLength(500);
        builder.Property(m => m.Attempts).IsConcurrencyToken(); // fences a late outcome, see LeasedDelivery
        builder.HasIndex(m => m.NextAttemptAt).HasFilter("status = 'Pending'").HasDatabaseName("ix_sms_messages_due");
    }
}

internal sealed class LinkCodeConfiguration : IEntityTypeConfiguration<LinkCode>
{
    public void Configure(EntityTypeBuilder<LinkCode> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasMaxLength(22);
        builder.Property(c => c.CodeHash).HasMaxLength(64);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(c => c.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => c.TicketId);
    }
}
