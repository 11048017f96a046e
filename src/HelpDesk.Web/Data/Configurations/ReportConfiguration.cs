using HelpDesk.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HelpDesk.Web.Data.Configurations;

/// <summary>
/// The reporting facts: append-only, no foreign keys (a fact outlives what it counted). The transaction column
/// <c>tx</c>, its (tx, id) index, the rollup and its watermark are made by the migration's SQL (<see cref="Reporting"/>).
/// </summary>
internal sealed class ReportFactConfiguration : IEntityTypeConfiguration<ReportFact>
{
    public void Configure(EntityTypeBuilder<ReportFact> builder)
    {
        builder.ToTable("report_facts");
        builder.Property(f => f.Channel).HasMaxLength(40);
        builder.Property(f => f.Category).HasMaxLength(40);
        builder.Property(f => f.Supplier).HasMaxLength(200);
        builder.Property(f => f.Value).HasPrecision(18, 2);
        builder.Property(f => f.BusinessMinutes).HasPrecision(18, 2);
    }
}
