using Ganss.Xss;
using HelpDesk.Domain.Knowledge;
using Markdig;

namespace HelpDesk.Web.Features.Knowledge;

/// <summary>
/// An article's Markdown as HTML (raw HTML in the Markdown is not rendered, and the result is sanitised again, so an
/// editor's text can never carry script) and as plain text (for snippets and suggestions). Pictures are shown only
/// from the articles' own address (<see cref="ArticleImage.IsOwnUrl"/>): no picture from elsewhere (it would tell
/// another site who reads what, and break on mixed content); each keeps src and alt only and loads lazily.
/// </summary>
public static class ArticleText
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UsePipeTables().UseAutoLinks().Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static string Html(string markdown) => Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));

    public static string Plain(string markdown) => string.Join(' ', Markdown.ToPlainText(markdown, Pipeline).Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    /// <summary>The text around the longest part of the query found in it, that part marked (as the queue's snippets).</summary>
    public static Snippet? Cut(string text, string query)
    {
        for (var length = Math.Min(query.Length, 12); length >= 2; length--)
        {
            for (var i = 0; i + length <= query.Length; i++)
            {
                var part = query.Substring(i, length);
                if (string.IsNullOrWhiteSpace(part))
                {
                    continue;
                }

                var at = text.IndexOf(part, StringComparison.OrdinalIgnoreCase);
                if (at >= 0)
                {
                    return Snippet.Around(text, at, length, 30, 70);
                }
            }
        }

        return null;
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedTags.Remove("form");
        sanitizer.PostProcessDom += (_, e) =>
        {
            foreach (var img in e.Document.QuerySelectorAll("img").ToList())
            {
                var src = img.GetAttribute("src");
                if (!ArticleImage.IsOwnUrl(src))
                {
                    img.Remove();
                    continue;
                }

                var alt = img.GetAttribute("alt") ?? string.Empty;
                foreach (var name in img.Attributes.Select(a => a.Name).ToList())
                {
                    img.RemoveAttribute(name);
                }

                img.SetAttribute("src", src!);
                img.SetAttribute("alt", alt);
                img.SetAttribute("loading", "lazy");
                img.SetAttribute("decoding", "async");
            }
        };
        return sanitizer;
    }
}
