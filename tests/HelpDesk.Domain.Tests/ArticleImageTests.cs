using HelpDesk.Domain.Common;
using HelpDesk.Domain.Knowledge;

namespace HelpDesk.Domain.Tests;

public sealed class ArticleImageTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    private static readonly byte[] Webp = [0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50];

    [Fact]
    public void A_picture_gets_its_type_from_its_content_and_a_clean_address_name()
    {
        var png = ArticleImage.Accept(7, "C:\\Users\\me\\Box Label.jpeg", Png.Length, Png, Guid.NewGuid(), Now);
        Assert.Equal("image/png", png.ContentType);
        Assert.Equal("box-label.png", png.UrlName);
        Assert.Equal("Box Label.jpeg", png.FileName);
        Assert.Equal(7, png.ArticleId);

        Assert.Equal("image/webp", ArticleImage.Accept(7, "图.webp", Webp.Length, Webp, Guid.Empty, Now).ContentType);
        Assert.Equal("image.webp", ArticleImage.Accept(7, "退货流程.webp", Webp.Length, Webp, Guid.Empty, Now).UrlName);
        Assert.Equal("1.png", ArticleImage.UrlNameOf("退货 流程 (1).PNG", "png"));
    }

    [Fact]
    public void A_program_named_like_a_picture_a_pdf_an_empty_or_a_too_large_file_is_refused()
    {
        byte[] exe = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0, 0, 0, 0x04, 0, 0, 0];
        Assert.Equal("article.image.type", Assert.Throws<DomainException>(() => ArticleImage.Accept(1, "photo.png", exe.Length, exe, Guid.Empty, Now)).Key);
        byte[] pdf = [0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37];
        Assert.Equal("article.image.type", Assert.Throws<DomainException>(() => ArticleImage.Accept(1, "a.pdf", pdf.Length, pdf, Guid.Empty, Now)).Key);
        Assert.Equal("attachment.empty", Assert.Throws<DomainException>(() => ArticleImage.Accept(1, "a.png", 0, [], Guid.Empty, Now)).Key);
        Assert.Equal("attachment.too_large", Assert.Throws<DomainException>(() =>
            ArticleImage.Accept(1, "a.png", Tickets.Attachment.MaxBytes + 1, Png, Guid.Empty, Now)).Key);
    }

    [Fact]
    public void The_markdown_snippet_points_at_the_own_address_with_a_safe_alt_text()
    {
        var image = ArticleImage.Accept(3, "label.png", Png.Length, Png, Guid.Empty, Now);
        Assert.Equal("![退货单示例](/help/images/0/label.png)", image.Markdown("退货单[示例]\n"));
        Assert.Equal("![](/help/images/0/label.png)", image.Markdown(null));
    }

    [Theory]
    [InlineData("/help/images/12/label.png", true)]
    [InlineData("/help/images/12/box-label.webp", true)]
    [InlineData("https://evil.example/x.png", false)]
    [InlineData("//evil.example/help/images/1/a.png", false)]
    [InlineData("/help/images/x/a.png", false)]
    [InlineData("/help/images/12/../../admin", false)]
    [InlineData("/help/images/12/a.png?track=1", false)]
    [InlineData("/help/images/12/", false)]
    [InlineData("/help/images/-1/a.png", false)]
    [InlineData(null, false)]
    public void Only_the_own_picture_address_counts_as_an_article_picture(string? src, bool own) =>
        Assert.Equal(own, ArticleImage.IsOwnUrl(src));
}
