using HelpDesk.Domain.Feedback;
using HelpDesk.Domain.Knowledge;
using HelpDesk.Domain.Teams;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HelpDesk.Web.Data.Configurations;

internal sealed class CannedAnswerConfiguration : IEntityTypeConfiguration<CannedAnswer>
{
    public void Configure(EntityTypeBuilder<CannedAnswer> builder)
    {
        builder.Property(c => c.Title).HasMaxLength(100);
        builder.Property(c => c.Body).HasMaxLength(CannedAnswer.BodyMaxLength);
        builder.Ignore(c => c.IsMacro);
        builder.HasIndex(c => new { c.IsActive, c.Category });
    }
}

internal sealed class DepartmentRequestConfiguration : IEntityTypeConfiguration<DepartmentRequest>
{
    public void Configure(EntityTypeBuilder<DepartmentRequest> builder)
    {
        builder.Property(r => r.Summary).HasMaxLength(DepartmentRequest.TextMaxLength);
        builder.Property(r => r.Answer).HasMaxLength(DepartmentRequest.TextMaxLength);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(r => r.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Team>().WithMany().HasForeignKey(r => r.DepartmentTeamId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StaffUser>().WithMany().HasForeignKey(r => r.RequestedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StaffUser>().WithMany().HasForeignKey(r => r.AnsweredById).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.DepartmentTeamId, r.Status, r.RequestedAt });
        builder.HasIndex(r => r.TicketId);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        builder.Property(m => m.ToAddress).HasMaxLength(200);
        builder.Property(m => m.Subject).HasMaxLength(300);
        builder.Property(m => m.LastError).HasMaxLength(500);
        builder.Property(m => m.MessageIdHeader).HasMaxLength(300);
        builder.Property(m => m.InReplyTo).HasMaxLength(300);
        builder.Property(m => m.References).HasMaxLength(4000);
        builder.Property(m => m.ReplyTo).HasMaxLength(300);

        // The attempt number fences an outcome recorded after the lease ran out and another instance took the e-mail over.
        builder.Property(m => m.Attempts).IsConcurrencyToken();
        builder.HasOne<TicketMessage>().WithMany().HasForeignKey(m => m.TicketMessageId).OnDelete(DeleteBehavior.Cascade);

        // The delivery job's claim: only pending rows, in due order; its cost follows what is due.
        builder.HasIndex(m => m.NextAttemptAt).HasFilter("status = 'Pending'").HasDatabaseName("ix_outbox_messages_due");
        builder.HasIndex(m => m.TicketMessageId);
    }
}
