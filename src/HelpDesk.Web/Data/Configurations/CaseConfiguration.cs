using HelpDesk.Domain.AfterSales;
using HelpDesk.Domain.Commitments;
using HelpDesk.Domain.Complaints;
using HelpDesk.Domain.Orders;
using HelpDesk.Domain.Tasks;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HelpDesk.Web.Data.Configurations;

internal sealed class ComplaintConfiguration : IEntityTypeConfiguration<Complaint>
{
    public void Configure(EntityTypeBuilder<Complaint> builder)
    {
        builder.Property(c => c.Description).HasMaxLength(Complaint.DescriptionMaxLength);
        builder.HasOne<Ticket>("Ticket").WithOne().HasForeignKey<Complaint>(c => c.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => c.TicketId).IsUnique();
        builder.HasIndex(c => new { c.Stage, c.ReceivedAt });
    }
}

internal sealed class AfterSalesCaseConfiguration : IEntityTypeConfiguration<AfterSalesCase>
{
    public void Configure(EntityTypeBuilder<AfterSalesCase> builder)
    {
        builder.Property(a => a.Reason).HasMaxLength(2_000);
        builder.Property(a => a.Currency).HasMaxLength(3);
        builder.Property(a => a.CompensationAmount).HasPrecision(18, 2);
        builder.Property(a => a.ReturnCarrier).HasMaxLength(60);
        builder.Property(a => a.ReturnTrackingNumber).HasMaxLength(60);
        builder.Property(a => a.Version).IsRowVersion().HasColumnName("xmin").HasColumnType("xid");
        builder.Property(a => a.RefundedAmount).HasPrecision(18, 2);
        builder.OwnsMany(a => a.Approvals, b => b.ToJson("approvals"));
        builder.OwnsMany(a => a.Steps, b => b.ToJson("steps"));
        builder.Ignore(a => a.Amount);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(a => a.TicketId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Order>().WithMany().HasForeignKey(a => a.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StaffUser>().WithMany().HasForeignKey(a => a.RequestedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(a => a.Lines).WithOne().HasForeignKey(l => l.AfterSalesCaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.TicketId);
        builder.HasIndex(a => a.OrderId);
        builder.HasIndex(a => new { a.Status, a.RequestedAt });
        builder.HasIndex(a => new { a.RequestedById, a.RequestedAt }); // the daily compensation budget
    }
}

internal sealed class AfterSalesLineConfiguration : IEntityTypeConfiguration<AfterSalesLine>
{
    public void Configure(EntityTypeBuilder<AfterSalesLine> builder)
    {
        builder.ToTable("after_sales_lines");
        builder.Property(l => l.Amount).HasPrecision(18, 2);
        builder.Property(l => l.RefundedAmount).HasPrecision(18, 2);
        builder.HasOne<OrderLine>().WithMany().HasForeignKey(l => l.OrderLineId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(l => l.OrderLineId);
    }
}

internal sealed class FollowUpTaskConfiguration : IEntityTypeConfiguration<FollowUpTask>
{
    public void Configure(EntityTypeBuilder<FollowUpTask> builder)
    {
        builder.Property(t => t.Title).HasMaxLength(200);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(t => t.TicketId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StaffUser>().WithMany().HasForeignKey(t => t.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Commitment>().WithMany().HasForeignKey(t => t.CommitmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(t => new { t.OwnerId, t.Status, t.DueAt });
        builder.HasIndex(t => t.TicketId);
        builder.HasIndex(t => t.CommitmentId);

        // The reminder job's claim: open tasks not yet reminded, in due order.
        builder.HasIndex(t => t.DueAt).HasFilter("status = 'Open' AND reminded_at IS NULL").HasDatabaseName("ix_follow_up_tasks_to_remind");
    }
}

internal sealed class CommitmentConfiguration : IEntityTypeConfiguration<Commitment>
{
    public void Configure(EntityTypeBuilder<Commitment> builder)
    {
        builder.Property(c => c.Text).HasMaxLength(500);
        builder.Property(c => c.Resolution).HasMaxLength(500);
        builder.Ignore(c => c.KeptOnTime);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(c => c.TicketId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StaffUser>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new { c.OwnerId, c.Status, c.DueAt });
        builder.HasIndex(c => new { c.OwnerId, c.DueAt }); // the evening checklist: due that day
        builder.HasIndex(c => new { c.OwnerId, c.MadeAt }); // the evening checklist: made that day
        builder.HasIndex(c => new { c.Status, c.DueAt });
        builder.HasIndex(c => c.TicketId);
    }
}

internal sealed class DailyChecklistConfiguration : IEntityTypeConfiguration<DailyChecklist>
{
    public void Configure(EntityTypeBuilder<DailyChecklist> builder)
    {
        builder.HasOne<Domain.Teams.Team>().WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Items).WithOne().HasForeignKey(i => i.ChecklistId).OnDelete(DeleteBehavior.Cascade);

        // One checklist per team and business date, however many instances try to build it.
        builder.HasIndex(c => new { c.TeamId, c.BusinessDate }).IsUnique();
    }
}

internal sealed class ChecklistItemConfiguration : IEntityTypeConfiguration<ChecklistItem>
{
    public void Configure(EntityTypeBuilder<ChecklistItem> builder)
    {
        builder.Property(i => i.Note).HasMaxLength(500);
        builder.HasOne<Commitment>().WithMany().HasForeignKey(i => i.CommitmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<StaffUser>().WithMany().HasForeignKey(i => i.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<FollowUpTask>().WithMany().HasForeignKey(i => i.FollowUpTaskId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(i => new { i.ChecklistId, i.OwnerId });
        builder.HasIndex(i => i.CommitmentId);
    }
}

internal sealed class TicketLinkConfiguration : IEntityTypeConfiguration<TicketLink>
{
    public void Configure(EntityTypeBuilder<TicketLink> builder)
    {
        builder.Property(l => l.TokenHash).HasMaxLength(64);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(l => l.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => l.TokenHash).IsUnique();
        builder.HasIndex(l => l.TicketId);
    }
}

internal sealed class SolutionOfferConfiguration : IEntityTypeConfiguration<SolutionOffer>
{
    public void Configure(EntityTypeBuilder<SolutionOffer> builder)
    {
        builder.HasOne<Ticket>().WithMany().HasForeignKey(o => o.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<StaffUser>().WithMany().HasForeignKey(o => o.OfferedById).OnDelete(DeleteBehavior.Restrict);
        builder.OwnsMany(o => o.Options, b => b.ToJson("options"));
        builder.Ignore(o => o.Chosen);
        builder.HasIndex(o => new { o.TicketId, o.OfferedAt });
    }
}

internal sealed class SatisfactionRatingConfiguration : IEntityTypeConfiguration<SatisfactionRating>
{
    public void Configure(EntityTypeBuilder<SatisfactionRating> builder)
    {
        builder.Property(r => r.Comment).HasMaxLength(1_000);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(r => r.TicketId).OnDelete(DeleteBehavior.Cascade);

        // One rating per resolution.
        builder.HasIndex(r => new { r.TicketId, r.ResolvedAt }).IsUnique();
        builder.HasIndex(r => r.CreatedAt);
    }
}

internal sealed class AfterSalesSettingsConfiguration : IEntityTypeConfiguration<AfterSalesSettings>
{
    public void Configure(EntityTypeBuilder<AfterSalesSettings> builder)
    {
        builder.ToTable("after_sales_settings");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.AgentLimit).HasPrecision(18, 2);
        builder.Property(s => s.DoubleApprovalThreshold).HasPrecision(18, 2);
        builder.Property(s => s.DailyCompensationBudget).HasPrecision(18, 2);
        builder.HasData(new { Id = AfterSalesSettings.SingletonId, AgentLimit = 500m, DoubleApprovalThreshold = 2000m, DailyCompensationBudget = 200m });
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.Property(k => k.Name).HasMaxLength(100);
        builder.Property(k => k.KeyHash).HasMaxLength(64);
        builder.HasIndex(k => k.KeyHash).IsUnique();
    }
}
