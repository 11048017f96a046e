using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Features.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HelpDesk.Web.Data.Configurations;

internal sealed class InboundRecordConfiguration : IEntityTypeConfiguration<InboundRecord>
{
    public void Configure(EntityTypeBuilder<InboundRecord> builder)
    {
        builder.ToTable("inbound_messages");
        builder.Property(r => r.ExternalId).HasMaxLength(InboundRecord.ExternalIdMaxLength);
        builder.Property(r => r.Sender).HasMaxLength(220);
        builder.Property(r => r.Source).HasMaxLength(60);
        builder.Property(r => r.Reason).HasMaxLength(100);
        builder.Property(r => r.AuthResults).HasMaxLength(500);
        builder.Property(r => r.Conversation).HasMaxLength(200);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(r => r.TicketId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<TicketMessage>().WithMany().HasForeignKey(r => r.TicketMessageId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(r => r.RelatedTicketId).OnDelete(DeleteBehavior.SetNull);

        // Idempotency: one row per message of a channel, whoever delivers it how often.
        builder.HasIndex(r => new { r.Channel, r.ExternalId }).IsUnique();

        // The per-sender cap (last hour) and "did this sender take part in the ticket".
        builder.HasIndex(r => new { r.Sender, r.ReceivedAt });
        builder.HasIndex(r => new { r.TicketId, r.Sender });
        builder.HasIndex(r => new { r.Channel, r.Conversation, r.Id }).HasFilter("conversation IS NOT NULL");
        builder.HasIndex(r => r.TicketMessageId);
        builder.HasIndex(r => r.RelatedTicketId);
    }
}

internal sealed class MailboxStateConfiguration : IEntityTypeConfiguration<MailboxState>
{
    public void Configure(EntityTypeBuilder<MailboxState> builder)
    {
        builder.ToTable("mailbox_states");
        builder.HasKey(s => s.Name);
        builder.Property(s => s.Name).HasMaxLength(50);
    }
}

internal sealed class ChannelKeyConfiguration : IEntityTypeConfiguration<ChannelKey>
{
    public void Configure(EntityTypeBuilder<ChannelKey> builder)
    {
        builder.ToTable("channel_keys");
        builder.HasKey(k => k.Name);
        builder.Property(k => k.Name).HasMaxLength(50);
        builder.Property(k => k.Value).HasMaxLength(200);
    }
}

internal sealed class PhoneCallConfiguration : IEntityTypeConfiguration<Domain.Channels.PhoneCall>
{
    public void Configure(EntityTypeBuilder<Domain.Channels.PhoneCall> builder)
    {
        builder.ToTable("phone_calls");
        builder.Property(c => c.CallId).HasMaxLength(Domain.Channels.PhoneCall.CallIdMaxLength);
        builder.Property(c => c.From).HasMaxLength(40);
        builder.Property(c => c.RecordingUrl).HasMaxLength(Domain.Channels.PhoneCall.RecordingMaxLength);
        builder.HasIndex(c => c.CallId).IsUnique(); // one row per call, however often the CTI reports it
        builder.HasOne<Domain.Customers.Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(c => c.TicketId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(c => c.CustomerId);
        builder.HasIndex(c => c.TicketId);
    }
}
