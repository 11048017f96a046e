using HelpDesk.Domain.Sentiment;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HelpDesk.Web.Data.Configurations;

/// <summary>The admins' additions to the urgency lexicon: one row per (folded) term.</summary>
internal sealed class UrgencyTermConfiguration : IEntityTypeConfiguration<UrgencyTerm>
{
    public void Configure(EntityTypeBuilder<UrgencyTerm> builder)
    {
        builder.ToTable("urgency_terms");
        builder.Property(t => t.Text).HasMaxLength(UrgencyTerm.TextMaxLength);
        builder.HasIndex(t => t.Text).IsUnique();
    }
}

/// <summary>The early warning's columns on tickets (an empty list, not null, for the tickets from before it).</summary>
internal sealed class TicketUrgencyConfiguration : IEntityTypeConfiguration<HelpDesk.Domain.Tickets.Ticket>
{
    public void Configure(EntityTypeBuilder<HelpDesk.Domain.Tickets.Ticket> builder) =>
        builder.Property(t => t.UrgencyReasons).HasDefaultValueSql("'{}'::text[]");
}

/// <summary>The early warning's columns on messages.</summary>
internal sealed class TicketMessageUrgencyConfiguration : IEntityTypeConfiguration<HelpDesk.Domain.Tickets.TicketMessage>
{
    public void Configure(EntityTypeBuilder<HelpDesk.Domain.Tickets.TicketMessage> builder) =>
        builder.Property(m => m.UrgencyReasons).HasDefaultValueSql("'{}'::text[]");
}
