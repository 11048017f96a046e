using HelpDesk.Domain.Common;
using HelpDesk.Domain.Knowledge;

namespace HelpDesk.Domain.Tests;

public sealed class ArticleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);
    private static readonly Guid Editor = Guid.NewGuid();

    private static Article New(string title = "退款多久到账？", string body = "1–3 个工作日。") =>
        new("refund-time", Article.Chinese, 1, ArticleAudience.Public, title, body, ["退款"], ["MX-300 电饭煲"], Editor, "主管", Now);

    [Fact]
    public void A_new_article_is_a_draft_with_its_first_version()
    {
        var article = New();

        Assert.Equal(ArticleStatus.Draft, article.Status);
        var version = Assert.Single(article.Versions);
        Assert.Equal((1, "退款多久到账？", "主管"), (version.Number, version.Title, version.ByName));
        Assert.False(article.IsReadableBy(staff: true));
    }

    [Fact]
    public void Only_a_change_of_text_makes_a_version_and_restoring_adds_one_without_rewriting_history()
    {
        var article = New();
        article.Edit(2, ArticleAudience.Public, "退款多久到账？", "1–3 个工作日。", ["退款", "到账"], [], Editor, "主管", Now.AddMinutes(1));
        Assert.Single(article.Versions);

        article.Edit(2, ArticleAudience.Public, "退款多久到账？", "微信 1–3 个工作日，银行卡 3–7 个工作日。", [], [], Editor, "主管", Now.AddMinutes(2));
        article.Restore(1, Editor, "客服经理", Now.AddMinutes(3));

        Assert.Equal([1, 2, 3], article.Versions.Select(v => v.Number));
        Assert.Equal("1–3 个工作日。", article.Body);
        Assert.Equal("客服经理", article.Versions[^1].ByName);
        Assert.Throws<DomainException>(() => article.Restore(9, Editor, "主管", Now));
    }

    [Fact]
    public void Customers_read_published_public_articles_only_and_staff_also_internal_ones()
    {
        var article = New();
        article.Publish(Now);
        Assert.True(article.IsReadableBy(staff: false));

        article.Edit(1, ArticleAudience.Internal, article.Title, article.Body, [], [], Editor, "主管", Now);
        Assert.False(article.IsReadableBy(staff: false));
        Assert.True(article.IsReadableBy(staff: true));

        article.Archive(Now);
        Assert.False(article.IsReadableBy(staff: true));
        Assert.Throws<DomainException>(() => article.Vote(helpful: true));
    }

    [Fact]
    public void Votes_count_on_published_articles()
    {
        var article = New();
        article.Publish(Now);
        article.Vote(helpful: true);
        article.Vote(helpful: true);
        article.Vote(helpful: false);

        Assert.Equal((2, 1), (article.Helpful, article.NotHelpful));
    }

    [Theory]
    [InlineData("Return-Shipping-Cost", "return-shipping-cost")]
    [InlineData("7-day", "7-day")]
    public void Addresses_are_lower_case_words_with_dashes(string slug, string expected) => Assert.Equal(expected, Article.CheckSlug(slug));

    [Theory]
    [InlineData("退款 多久")]
    [InlineData("a")]
    [InlineData("-refund")]
    [InlineData("refund--time")]
    [InlineData("../etc")]
    [InlineData("")]
    public void Other_addresses_are_refused(string slug) => Assert.Throws<DomainException>(() => Article.CheckSlug(slug));

    [Theory]
    [InlineData("Mate 60 Pro", "mate60pro")]
    [InlineData("MX-300 电饭煲", "mx300 电饭煲")]
    [InlineData("iPhone 15 黑屏", "iphone15 黑屏")]
    [InlineData("a - b", "a - b")]
    public void Model_numbers_are_compacted_so_spaces_and_dashes_do_not_matter(string text, string expected) => Assert.Equal(expected, Article.Compact(text));

    [Fact]
    public void Search_terms_hold_tags_products_and_their_compact_forms()
    {
        var article = New(title: "Mate 60 Pro 无法开机");

        Assert.Contains("mate60pro", article.Terms, StringComparison.Ordinal);
        Assert.Contains("mx300", article.Terms, StringComparison.Ordinal);
        Assert.Contains("MX-300 电饭煲", article.Terms, StringComparison.Ordinal);
        Assert.Contains("退款", article.Terms, StringComparison.Ordinal);
    }

    [Fact]
    public void A_blank_or_too_long_title_or_body_is_refused()
    {
        Assert.Throws<DomainException>(() => New(title: " "));
        Assert.Throws<DomainException>(() => New(title: new string('长', Article.TitleMaxLength + 1)));
        Assert.Throws<DomainException>(() => New(body: new string('x', Article.BodyMaxLength + 1)));
        Assert.Throws<DomainException>(() => new Article("refund", "fr", 1, ArticleAudience.Public, "t", "b", [], [], Editor, "x", Now));
    }

    [Fact]
    public void An_article_is_given_to_a_department_or_to_nobody_without_a_new_version()
    {
        var article = New();
        Assert.Null(article.DepartmentId);

        article.AssignTo(4, Now.AddMinutes(1));
        Assert.Equal((4, Now.AddMinutes(1)), (article.DepartmentId, article.UpdatedAt));
        article.AssignTo(4, Now.AddMinutes(2));
        Assert.Equal(Now.AddMinutes(1), article.UpdatedAt);
        article.AssignTo(null, Now.AddMinutes(3));
        Assert.Null(article.DepartmentId);
        Assert.Single(article.Versions);
    }
}
