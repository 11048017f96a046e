namespace HelpDesk.Web.Features.Shared;

/// <summary>A search result's words around the match, the match apart so the page can mark it.</summary>
public sealed record Snippet(string Before, string Match, string After)
{
    /// <summary>The match at <paramref name="at"/> with up to <paramref name="before"/>/<paramref name="after"/> characters around it, "…" where cut, line breaks as spaces.</summary>
    public static Snippet Around(string text, int at, int length, int before, int after)
    {
        var start = Math.Max(0, at - before);
        var end = Math.Min(text.Length, at + length + after);
        return new Snippet(
            (start > 0 ? "…" : string.Empty) + Flat(text[start..at]),
            text.Substring(at, length),
            Flat(text[(at + length)..end]) + (end < text.Length ? "…" : string.Empty));
    }

    private static string Flat(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
