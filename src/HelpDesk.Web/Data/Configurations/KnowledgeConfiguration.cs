using HelpDesk.Domain.Knowledge;
using HelpDesk.Domain.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;

namespace HelpDesk.Web.Data.Configurations;

internal sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> builder)
    {
        builder.Property(a => a.Slug).HasMaxLength(80);
        builder.Property(a => a.Language).HasMaxLength(8);
        builder.Property(a => a.Title).HasMaxLength(Article.TitleMaxLength);
        builder.Property(a => a.Body).HasMaxLength(Article.BodyMaxLength);
        builder.Property(a => a.Audience).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(a => new { a.Slug, a.Language }).IsUnique();
        builder.HasIndex(a => new { a.CategoryId, a.Status });
        builder.HasOne<ArticleCategory>().WithMany().HasForeignKey(a => a.CategoryId).OnDelete(DeleteBehavior.Restrict);
        // The owning department (a department team); the editors' list of one department pages by the time of the change.
        builder.HasOne<Team>().WithMany().HasForeignKey(a => a.DepartmentId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(a => new { a.DepartmentId, a.UpdatedAt, a.Id }).IsDescending(false, true, true);
        builder.HasMany(a => a.Versions).WithOne().HasForeignKey(v => v.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(a => a.Versions).AutoInclude(false);

        // Title (weight A), tags/products/compact forms (B), body (C) as CJK bigrams + Latin words (Data/Search.cs).
        builder.Property<NpgsqlTsVector>(Search.VectorProperty).HasComputedColumnSql(
            "setweight(to_tsvector('simple', hd_search_tokens(title)), 'A') || setweight(to_tsvector('simple', hd_search_tokens(terms)), 'B') || setweight(to_tsvector('simple', hd_search_tokens(body)), 'C')",
            stored: true);
        builder.HasIndex(Search.VectorProperty).HasMethod("gin");
    }
}

internal sealed class ArticleVersionConfiguration : IEntityTypeConfiguration<ArticleVersion>
{
    public void Configure(EntityTypeBuilder<ArticleVersion> builder)
    {
        builder.ToTable("article_versions");
        builder.Property(v => v.Title).HasMaxLength(Article.TitleMaxLength);
        builder.Property(v => v.Body).HasMaxLength(Article.BodyMaxLength);
        builder.Property(v => v.ByName).HasMaxLength(100);
        builder.HasIndex(v => new { v.ArticleId, v.Number }).IsUnique();
    }
}

internal sealed class ArticleImageConfiguration : IEntityTypeConfiguration<ArticleImage>
{
    public void Configure(EntityTypeBuilder<ArticleImage> builder)
    {
        builder.ToTable("article_images");
        builder.Ignore(i => i.Url);
        builder.Property(i => i.FileName).HasMaxLength(200);
        builder.Property(i => i.UrlName).HasMaxLength(80);
        builder.Property(i => i.ContentType).HasMaxLength(40);
        builder.HasOne<Article>().WithMany().HasForeignKey(i => i.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => i.ArticleId);
    }
}

/// <summary>The bytes of an article's picture, apart from its metadata (as <see cref="AttachmentContent"/>).</summary>
public sealed class ArticleImageContent
{
    public long ImageId { get; set; }

    /// <summary>Set when adding: a new picture gets its id when saved, and this row with it.</summary>
    public ArticleImage? Image { get; set; }

    public byte[] Data { get; set; } = [];
}

internal sealed class ArticleImageContentConfiguration : IEntityTypeConfiguration<ArticleImageContent>
{
    public void Configure(EntityTypeBuilder<ArticleImageContent> builder)
    {
        builder.ToTable("article_image_contents");
        builder.HasKey(c => c.ImageId);
        builder.HasOne(c => c.Image).WithOne().HasForeignKey<ArticleImageContent>(c => c.ImageId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ArticleCategoryConfiguration : IEntityTypeConfiguration<ArticleCategory>
{
    public void Configure(EntityTypeBuilder<ArticleCategory> builder)
    {
        builder.Property(c => c.Slug).HasMaxLength(80);
        builder.Property(c => c.NameZh).HasMaxLength(60);
        builder.Property(c => c.NameEn).HasMaxLength(60);
        builder.HasIndex(c => c.Slug).IsUnique();
    }
}

internal sealed class SearchSynonymConfiguration : IEntityTypeConfiguration<SearchSynonym>
{
    public void Configure(EntityTypeBuilder<SearchSynonym> builder)
    {
        builder.Property(s => s.Term).HasMaxLength(40);
        builder.Property(s => s.Expansion).HasMaxLength(200);
        builder.HasIndex(s => s.Term).IsUnique();
    }
}

internal sealed class HelpEventConfiguration : IEntityTypeConfiguration<HelpEvent>
{
    public void Configure(EntityTypeBuilder<HelpEvent> builder)
    {
        builder.ToTable("help_events");
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Query).HasMaxLength(200);
        builder.HasOne<Article>().WithMany().HasForeignKey(e => e.ArticleId).OnDelete(DeleteBehavior.SetNull);

        // The report reads a date range; "followed by a ticket" is one probe per event into the tickets of that browser.
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.Visitor, e.At }).HasFilter("kind = 'Ticket'").HasDatabaseName("ix_help_events_tickets");
    }
}
