using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Orders;
using HelpDesk.Domain.Sla;
using HelpDesk.Domain.Teams;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;

namespace HelpDesk.Web.Data.Configurations;

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public const string NumberSequence = "ticket_numbers";

    public void Configure(EntityTypeBuilder<Ticket> builder)
    {
        builder.Property(t => t.Number).HasDefaultValueSql($"nextval('{NumberSequence}')");
        builder.Property(t => t.Subject).HasMaxLength(Ticket.SubjectMaxLength);

        // Priority is ordinal (Low < … < Urgent), stored as its number so the queue can sort by it.
        builder.Property(t => t.Priority).HasConversion<int>();
        builder.Property<NpgsqlTsVector>(Search.VectorProperty).HasComputedColumnSql("to_tsvector('simple', hd_search_tokens(subject))", stored: true);
        builder.Property(t => t.Version).IsRowVersion().HasColumnName("xmin").HasColumnType("xid");
        builder.HasOne<Customer>().WithMany().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Team>().WithMany().HasForeignKey(t => t.TeamId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StaffUser>().WithMany().HasForeignKey(t => t.AssigneeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Order>().WithMany().HasForeignKey(t => t.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(t => t.MergedIntoTicketId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(t => t.Messages).WithOne().HasForeignKey(m => m.TicketId).OnDelete(DeleteBehavior.Cascade);

        // The SLA clocks live in their own table, one row per ticket, loaded with the ticket.
        builder.OwnsOne(t => t.Sla, sla =>
        {
            sla.ToTable("ticket_slas");
            sla.WithOwner().HasForeignKey("TicketId");
            sla.HasKey("TicketId");
            sla.Property<long>("TicketId").HasColumnName("ticket_id");
            sla.OwnsOne(s => s.FirstResponse, c => Clock(c, "first_response_"));
            sla.OwnsOne(s => s.NextResponse, c => Clock(c, "next_response_"));
            sla.OwnsOne(s => s.Resolution, c => Clock(c, "resolution_"));
            sla.Navigation(s => s.FirstResponse).IsRequired();
            sla.Navigation(s => s.NextResponse).IsRequired();
            sla.Navigation(s => s.Resolution).IsRequired();
            sla.HasIndex(s => s.PolicyId);

            sla.Ignore(s => s.Clocks);
        });
        builder.Navigation(t => t.Sla).IsRequired();

        builder.HasIndex(t => t.Number).IsUnique();

        // The queue's views, newest activity first, keyset-paged on (updated_at, id).
        // Active tickets (not resolved or closed) are what agents work: "mine", "my teams", "unassigned".
        const string active = "status <> 'Resolved' AND status <> 'Closed'";
        builder.HasIndex(t => new { t.UpdatedAt, t.Id }).IsDescending(true, true);
        builder.HasIndex(t => new { t.AssigneeId, t.UpdatedAt, t.Id }).IsDescending(false, true, true).HasFilter(active).HasDatabaseName("ix_tickets_active_assignee");
        builder.HasIndex(t => new { t.TeamId, t.UpdatedAt, t.Id }).IsDescending(false, true, true).HasFilter(active).HasDatabaseName("ix_tickets_active_team");
        builder.HasIndex(t => new { t.Status, t.UpdatedAt, t.Id }).IsDescending(false, true, true);
        builder.HasIndex(t => new { t.Priority, t.UpdatedAt, t.Id }).IsDescending(true, true, true);
        builder.HasIndex(t => new { t.NextDeadlineAt, t.Id }).HasFilter("next_deadline_at IS NOT NULL");
        builder.HasIndex(t => new { t.NextDeadlineAt, t.Id }, "ix_tickets_active_deadline").HasFilter(active).HasDatabaseName("ix_tickets_active_deadline"); // the queue by deadline (at risk, unassigned)
        builder.HasIndex(Search.VectorProperty).HasMethod("gin");
        builder.HasIndex(t => new { t.CustomerId, t.CreatedAt }).IsDescending(false, true);
        builder.HasIndex(t => t.OrderId);
        builder.HasIndex(t => t.CreatedAt); // the SLA dashboard's days, the queue's date filters
        builder.HasIndex(t => new { t.TeamId, t.Priority, t.Channel, t.SlaState }).HasFilter(active).HasDatabaseName("ix_tickets_active_sla"); // the SLA dashboard's live counts
        builder.HasIndex(t => t.Tags).HasMethod("gin");
    }

    /// <summary>One clock's columns, prefixed with its metric (first_response_due_at, …), sharing the row's key.</summary>
    private static void Clock(OwnedNavigationBuilder<TicketSla, SlaClock> clock, string prefix)
    {
        clock.Property<long>("TicketSlaTicketId").HasColumnName("ticket_id");
        clock.Property(c => c.TargetMinutes).HasColumnName(prefix + "target_minutes");
        clock.Property(c => c.AtRiskPercent).HasColumnName(prefix + "at_risk_percent");
        clock.Property(c => c.StartedAt).HasColumnName(prefix + "started_at");
        clock.Property(c => c.ElapsedMinutes).HasColumnName(prefix + "elapsed_minutes");
        clock.Property(c => c.RunningSince).HasColumnName(prefix + "running_since");
        clock.Property(c => c.DueAt).HasColumnName(prefix + "due_at");
        clock.Property(c => c.AtRiskAt).HasColumnName(prefix + "at_risk_at");
        clock.Property(c => c.StoppedAt).HasColumnName(prefix + "stopped_at");
        clock.Property(c => c.Breached).HasColumnName(prefix + "breached");
        clock.Ignore(c => c.IsRunning);
        clock.Ignore(c => c.State);
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
        builder.Property<NpgsqlTsVector>(Search.VectorProperty).HasComputedColumnSql("to_tsvector('simple', hd_search_tokens(body))", stored: true);
        builder.HasIndex(Search.VectorProperty).HasMethod("gin");
    }
}

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        builder.Property(a => a.FileName).HasMaxLength(200);
        builder.Property(a => a.ContentType).HasMaxLength(100);
        builder.HasOne<Ticket>("Ticket").WithMany().HasForeignKey(a => a.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TicketMessage>("Message").WithMany().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.TicketId);
        builder.HasIndex(a => a.MessageId);
    }
}

/// <summary>File bytes live apart from their metadata, so listing attachments never reads them.</summary>
public sealed class AttachmentContent
{
    public long AttachmentId { get; set; }

    /// <summary>Set when adding: a new attachment gets its id when saved, and this row with it.</summary>
    public Attachment? Attachment { get; set; }

    public byte[] Data { get; set; } = [];
}

internal sealed class AttachmentContentConfiguration : IEntityTypeConfiguration<AttachmentContent>
{
    public void Configure(EntityTypeBuilder<AttachmentContent> builder)
    {
        builder.HasKey(c => c.AttachmentId);
        builder.HasOne(c => c.Attachment).WithOne().HasForeignKey<AttachmentContent>(c => c.AttachmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
