using System.Text;
using System.Text.RegularExpressions;
using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Knowledge;

public enum ArticleStatus
{
    Draft,
    Published,
    Archived,
}

/// <summary>Who may read an article: everybody in the help centre, or staff only (agents' know-how, internal rules).</summary>
public enum ArticleAudience
{
    Public,
    Internal,
}

/// <summary>A help-centre section (FAQ, delivery, returns, warranty…), named in both languages.</summary>
public sealed class ArticleCategory
{
    private ArticleCategory()
    {
        Slug = NameZh = NameEn = string.Empty;
    }

    public ArticleCategory(string slug, string nameZh, string nameEn, int position)
    {
        Slug = Article.CheckSlug(slug);
        NameZh = Guard.NotBlank(nameZh, "article.category", 60);
        NameEn = Guard.NotBlank(nameEn, "article.category", 60);
        Position = position;
    }

    public int Id { get; private set; }

    public string Slug { get; private set; }

    public string NameZh { get; private set; }

    public string NameEn { get; private set; }

    public int Position { get; private set; }

    public string Name(string language) => language == Article.English ? NameEn : NameZh;
}

/// <summary>
/// A knowledge-base article (R11): Markdown in one language, its translation sharing the slug. Every change of its
/// text is a numbered version (who, when) that can be restored; only published articles are read outside the
/// editors, and internal ones only by staff.
/// </summary>
public sealed partial class Article : AggregateRoot
{
    public const int TitleMaxLength = 120;
    public const int BodyMaxLength = 50_000;
    public const string Chinese = "zh-CN";
    public const string English = "en";

    private Article()
    {
        Slug = Language = Title = Body = Terms = string.Empty;
    }

    public Article(string slug, string language, int categoryId, ArticleAudience audience, string title, string body,
        IEnumerable<string> tags, IEnumerable<string> products, Guid byId, string byName, DateTimeOffset now)
    {
        Slug = CheckSlug(slug);
        Language = language is Chinese or English ? language : throw new DomainException("article.language");
        CreatedAt = now;
        Title = Body = Terms = string.Empty;
        Edit(categoryId, audience, title, body, tags, products, byId, byName, now);
    }

    public int Id { get; private set; }

    /// <summary>The address part (<c>/help/articles/{slug}</c>): lower-case letters, digits and dashes, the same for both languages.</summary>
    public string Slug { get; private set; }

    public string Language { get; private set; }

    public int CategoryId { get; private set; }

    /// <summary>The department team that owns it (its liaisons may edit it), or none (only supervisors and admins).</summary>
    public int? DepartmentId { get; private set; }

    public ArticleAudience Audience { get; private set; }

    public ArticleStatus Status { get; private set; }

    public string Title { get; private set; }

    /// <summary>Markdown; rendered with raw HTML disabled and the result sanitised.</summary>
    public string Body { get; private set; }

    public List<string> Tags { get; private set; } = [];

    /// <summary>Products and model numbers it applies to ("Mate 60 Pro", "MX-300").</summary>
    public List<string> Products { get; private set; } = [];

    /// <summary>
    /// What search matches besides the title and body: tags, products, and title and products with the spaces inside
    /// Latin/number runs removed, so "iPhone 15" and "iphone15" find each other.
    /// </summary>
    public string Terms { get; private set; }

    public int Helpful { get; private set; }

    public int NotHelpful { get; private set; }

    /// <summary>Customers who came from the complaint form and said the article solved it (no ticket needed).</summary>
    public int Deflections { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? PublishedAt { get; private set; }

    public List<ArticleVersion> Versions { get; private set; } = [];

    public bool IsReadableBy(bool staff) => Status == ArticleStatus.Published && (staff || Audience == ArticleAudience.Public);

    /// <summary>Changes what it says; a new version when the title or body changed.</summary>
    public void Edit(int categoryId, ArticleAudience audience, string title, string body, IEnumerable<string> tags, IEnumerable<string> products,
        Guid byId, string byName, DateTimeOffset now)
    {
        var newTitle = Guard.NotBlank(title, "article.title", TitleMaxLength);
        var newBody = Guard.NotBlank(body, "article.body", BodyMaxLength);
        CategoryId = categoryId;
        Audience = audience;
        Tags = Clean(tags, 20);
        Products = Clean(products, 20);
        Terms = string.Join(' ', Tags.Concat(Products).Append(Compact(newTitle)).Concat(Products.Select(Compact)).Distinct());
        if (newTitle != Title || newBody != Body)
        {
            Title = newTitle;
            Body = newBody;
            Versions.Add(new ArticleVersion(Versions.Count + 1, newTitle, newBody, byId, byName, now));
        }

        UpdatedAt = now;
    }

    /// <summary>Gives the article to a department team (its liaisons edit it), or to nobody in particular.</summary>
    public void AssignTo(int? departmentId, DateTimeOffset now)
    {
        if (departmentId != DepartmentId)
        {
            DepartmentId = departmentId;
            UpdatedAt = now;
        }
    }

    /// <summary>Brings back an earlier version's text as a new version (history is never rewritten).</summary>
    public void Restore(int number, Guid byId, string byName, DateTimeOffset now)
    {
        var version = Versions.SingleOrDefault(v => v.Number == number) ?? throw new DomainException("article.version.unknown", number);
        Edit(CategoryId, Audience, version.Title, version.Body, Tags, Products, byId, byName, now);
    }

    public void Publish(DateTimeOffset now)
    {
        Status = ArticleStatus.Published;
        PublishedAt ??= now;
        UpdatedAt = now;
    }

    public void Unpublish(DateTimeOffset now)
    {
        Status = ArticleStatus.Draft;
        UpdatedAt = now;
    }

    public void Archive(DateTimeOffset now)
    {
        Status = ArticleStatus.Archived;
        UpdatedAt = now;
    }

    /// <summary>"Was this helpful?" Only published articles take votes.</summary>
    public void Vote(bool helpful)
    {
        if (Status != ArticleStatus.Published)
        {
            throw new DomainException("article.not_published");
        }

        if (helpful)
        {
            Helpful++;
        }
        else
        {
            NotHelpful++;
        }
    }

    /// <summary>"This solved it" from a customer who was about to write to us.</summary>
    public void Deflect()
    {
        Vote(helpful: true);
        Deflections++;
    }

    public static string CheckSlug(string? slug)
    {
        var s = slug?.Trim().ToLowerInvariant() ?? string.Empty;
        return s.Length is >= 2 and <= 80 && SlugPattern().IsMatch(s) ? s : throw new DomainException("article.slug");
    }

    /// <summary>Lower case, spaces and dashes between Latin letters and digits removed ("Mate 60 Pro" → "mate60pro", "MX-300" → "mx300").</summary>
    public static string Compact(string text)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = char.ToLowerInvariant(text[i]);
            if ((c is ' ' or '-') && i > 0 && i < text.Length - 1 && char.IsAsciiLetterOrDigit(text[i - 1]) && char.IsAsciiLetterOrDigit(text[i + 1]))
            {
                continue;
            }

            result.Append(c);
        }

        return result.ToString();
    }

    private static List<string> Clean(IEnumerable<string> values, int max) =>
        [.. values.Select(v => v.Trim()).Where(v => v.Length > 0).Select(v => v.Length > 60 ? v[..60] : v).Distinct(StringComparer.OrdinalIgnoreCase).Take(max)];

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}

/// <summary>One saved text of an article: number, title, body, who and when.</summary>
public sealed class ArticleVersion
{
    private ArticleVersion()
    {
        Title = Body = ByName = string.Empty;
    }

    public ArticleVersion(int number, string title, string body, Guid byId, string byName, DateTimeOffset at)
    {
        Number = number;
        Title = title;
        Body = body;
        ById = byId;
        ByName = byName;
        At = at;
    }

    public long Id { get; private set; }

    public int ArticleId { get; private set; }

    public int Number { get; private set; }

    public string Title { get; private set; }

    public string Body { get; private set; }

    public Guid ById { get; private set; }

    public string ByName { get; private set; }

    public DateTimeOffset At { get; private set; }
}

/// <summary>An admin's search synonym: a query containing <see cref="Term"/> also looks for <see cref="Expansion"/>.</summary>
public sealed class SearchSynonym
{
    private SearchSynonym()
    {
        Term = Expansion = string.Empty;
    }

    public SearchSynonym(string term, string expansion)
    {
        Term = Guard.NotBlank(term, "synonym.term", 40).ToLowerInvariant();
        Expansion = Guard.NotBlank(expansion, "synonym.expansion", 200).ToLowerInvariant();
    }

    public int Id { get; private set; }

    public string Term { get; private set; }

    public string Expansion { get; private set; }
}
