using HelpDesk.Domain.Feedback;
using HelpDesk.Domain.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HelpDesk.Web.Data.Configurations;

/// <summary>Quality alerts (issue 16 item 2): once per scope, subject and period (the unique key the check relies on).</summary>
internal sealed class QualityAlertConfiguration : IEntityTypeConfiguration<QualityAlert>
{
    public void Configure(EntityTypeBuilder<QualityAlert> builder)
    {
        builder.Property(a => a.Scope).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Subject).HasMaxLength(200);
        builder.Property(a => a.Label).HasMaxLength(300);
        builder.Property(a => a.Rate).HasPrecision(9, 4);
        builder.Property(a => a.Threshold).HasPrecision(9, 4);
        builder.HasOne<Team>().WithMany().HasForeignKey(a => a.DepartmentTeamId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.Scope, a.Subject, a.PeriodStart }).IsUnique();
        builder.HasIndex(a => new { a.DepartmentTeamId, a.RaisedAt });
    }
}
