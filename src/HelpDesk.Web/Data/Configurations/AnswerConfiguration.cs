using HelpDesk.Domain.Knowledge;
using HelpDesk.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HelpDesk.Web.Data.Configurations;

internal sealed class AnswerIntentConfiguration : IEntityTypeConfiguration<AnswerIntent>
{
    public void Configure(EntityTypeBuilder<AnswerIntent> builder)
    {
        builder.Property(i => i.Name).HasMaxLength(AnswerIntent.NameMaxLength);
        builder.HasOne<CannedAnswer>().WithMany().HasForeignKey(i => i.RecommendedVariantId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany<CannedAnswer>().WithOne("Intent").HasForeignKey(c => c.IntentId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>
/// One row per reply that started from a variant. The ranking reads an intent's variants' rows by
/// <c>(variant_id, used_at)</c> — its cost follows the variants' uses, never the messages; the outcome handlers find a
/// ticket's (or a customer's) recent uses by <c>(ticket_id, used_at)</c> and <c>(customer_id, used_at)</c>.
/// </summary>
internal sealed class AnswerUseConfiguration : IEntityTypeConfiguration<AnswerUse>
{
    public void Configure(EntityTypeBuilder<AnswerUse> builder)
    {
        builder.HasOne<CannedAnswer>().WithMany().HasForeignKey(u => u.VariantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AnswerIntent>().WithMany().HasForeignKey(u => u.IntentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(u => u.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TicketMessage>("Reply").WithMany().HasForeignKey(u => u.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(u => u.MessageId).IsUnique();
        builder.HasIndex(u => new { u.VariantId, u.UsedAt });
        builder.HasIndex(u => new { u.TicketId, u.UsedAt });
        builder.HasIndex(u => new { u.CustomerId, u.UsedAt });
    }
}
