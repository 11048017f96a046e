using HelpDesk.Domain.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;

namespace HelpDesk.Web.Data.Configurations;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.HasMany(c => c.Contacts).WithOne().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Contacts).AutoInclude(false);
        builder.HasIndex(c => c.Name);
        builder.Property<NpgsqlTsVector>(Search.VectorProperty).HasComputedColumnSql("to_tsvector('simple', hd_search_tokens(name))", stored: true);
        builder.HasIndex(Search.VectorProperty).HasMethod("gin");
    }
}

internal sealed class CustomerContactConfiguration : IEntityTypeConfiguration<CustomerContact>
{
    public void Configure(EntityTypeBuilder<CustomerContact> builder)
    {
        builder.Property(c => c.Value).HasMaxLength(200);

        // One customer per address: the web form and every channel match an existing customer by it (R2).
        builder.HasIndex(c => new { c.Kind, c.Value }).IsUnique();
        builder.HasIndex(c => c.CustomerId);

        // Phone tails (the last 4+ digits) are prefixes of the reversed number: ix_customer_contacts_phone_tail,
        // an expression index EF cannot model, made in the Perf_HotSpots migration.
    }
}

internal sealed class CustomerMergeConfiguration : IEntityTypeConfiguration<CustomerMerge>
{
    public void Configure(EntityTypeBuilder<CustomerMerge> builder)
    {
        builder.Property(m => m.MergedBy).HasMaxLength(200);
        builder.Property(m => m.UndoneBy).HasMaxLength(200);
        builder.Ignore(m => m.UndoUntil);
        builder.HasIndex(m => m.TargetId);
        builder.HasIndex(m => m.SourceId);
    }
}

internal sealed class CustomerMergeSuggestionConfiguration : IEntityTypeConfiguration<CustomerMergeSuggestion>
{
    public void Configure(EntityTypeBuilder<CustomerMergeSuggestion> builder)
    {
        builder.Property(s => s.Reason).HasMaxLength(200);

        // One suggestion per pair, however often a channel repeats the claim (Receive inserts ON CONFLICT DO NOTHING).
        builder.HasIndex(s => new { s.CustomerId, s.OtherCustomerId }).IsUnique();
        builder.HasIndex(s => s.OtherCustomerId);
    }
}
