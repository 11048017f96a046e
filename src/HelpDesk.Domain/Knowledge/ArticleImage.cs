using System.Text;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Tickets;

namespace HelpDesk.Domain.Knowledge;

/// <summary>
/// A picture in an article, stored like a ticket's attachment: the same size limit, its type decided by its content
/// (png, jpeg, gif, webp only; never the name or the browser's claim), kept under a generated id. It belongs to one
/// article, and is served at <see cref="Url"/> — to anybody only while an article with that address is published and public.
/// </summary>
public sealed class ArticleImage
{
    public const string UrlPrefix = "/help/images/";
    public const int AltMaxLength = 120;

    private static readonly Dictionary<string, string> Extensions = new(StringComparer.Ordinal)
    {
        ["image/png"] = "png", ["image/jpeg"] = "jpg", ["image/gif"] = "gif", ["image/webp"] = "webp",
    };

    private ArticleImage()
    {
        FileName = UrlName = ContentType = string.Empty;
    }

    private ArticleImage(int articleId, string fileName, string urlName, string contentType, long size, Guid byId, DateTimeOffset now)
    {
        ArticleId = articleId;
        FileName = fileName;
        UrlName = urlName;
        ContentType = contentType;
        Size = size;
        ById = byId;
        UploadedAt = now;
    }

    public long Id { get; private set; }

    public int ArticleId { get; private set; }

    /// <summary>The name the editor's file had (path parts, control and markup characters removed), for display.</summary>
    public string FileName { get; private set; }

    /// <summary>The last part of the address: ASCII letters, digits, dots and dashes, with the extension of its real type.</summary>
    public string UrlName { get; private set; }

    public string ContentType { get; private set; }

    public long Size { get; private set; }

    public Guid ById { get; private set; }

    public DateTimeOffset UploadedAt { get; private set; }

    public string Url => $"{UrlPrefix}{Id}/{UrlName}";

    /// <summary>Checks the file as attachments are checked (size, content), then that it is a picture a browser shows.</summary>
    public static ArticleImage Accept(int articleId, string fileName, long size, ReadOnlySpan<byte> header, Guid byId, DateTimeOffset now)
    {
        var name = Attachment.SafeName(fileName);
        string type;
        try
        {
            type = Attachment.Accept(fileName, size, header, now).ContentType;
        }
        catch (DomainException ex) when (ex.Key == "attachment.type")
        {
            throw new DomainException("article.image.type", name);
        }

        if (!Extensions.TryGetValue(type, out var extension))
        {
            throw new DomainException("article.image.type", name);
        }

        return new ArticleImage(articleId, name.Length > 200 ? name[^200..] : name, UrlNameOf(name, extension), type, size, byId, now);
    }

    /// <summary>"退货 流程 (1).PNG" → "1.png"; "Box Label.jpeg" → "box-label.jpg"; nothing Latin left → "image.png".</summary>
    public static string UrlNameOf(string fileName, string extension)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var result = new StringBuilder(Math.Min(stem.Length, 60));
        foreach (var c in stem.ToLowerInvariant())
        {
            if (result.Length >= 60)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                result.Append(c);
            }
            else if (result.Length > 0 && result[^1] != '-')
            {
                result.Append('-');
            }
        }

        var clean = result.ToString().Trim('-');
        return (clean.Length == 0 ? "image" : clean) + "." + extension;
    }

    /// <summary>The Markdown that shows the picture: <c>![alt](/help/images/{id}/{name})</c> (brackets and line breaks in the alt text removed).</summary>
    public string Markdown(string? alt)
    {
        var text = new string((alt ?? string.Empty).Where(c => c is not ('[' or ']' or '\r' or '\n' or '\t')).ToArray()).Trim();
        return $"![{(text.Length > AltMaxLength ? text[..AltMaxLength] : text)}]({Url})";
    }

    /// <summary>Whether <paramref name="src"/> is the address of an article picture (the only pictures articles may show).</summary>
    public static bool IsOwnUrl(string? src)
    {
        if (src is null || !src.StartsWith(UrlPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = src.AsSpan(UrlPrefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0 || !long.TryParse(rest[..slash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        var name = rest[(slash + 1)..];
        if (name.Length is 0 or > 80)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
