namespace HelpDesk.Domain.Knowledge;

public enum HelpEventKind
{
    /// <summary>A search in the help centre (not the suggestions while typing).</summary>
    Search,

    /// <summary>A public article was read.</summary>
    ArticleView,

    /// <summary>"This solved it" under an article.</summary>
    Solved,

    /// <summary>An order looked up in self-service tracking.</summary>
    OrderTracked,

    /// <summary>The same browser then submitted the question/complaint form: self-service did not answer.</summary>
    Ticket,
}

/// <summary>
/// What an anonymous browser did in the help centre, for the deflection rate (R11): a search or an article read that
/// is not followed by a ticket from the same browser within <see cref="FollowUpWindow"/> counts as answered by
/// self-service. The visitor is a random id in a cookie; nothing about the person is kept.
/// </summary>
public class HelpEvent
{
    public static readonly TimeSpan FollowUpWindow = TimeSpan.FromHours(24);

    private HelpEvent()
    {
    }

    public HelpEvent(Guid visitor, HelpEventKind kind, DateTimeOffset at, int? articleId = null, string? query = null, int? results = null)
    {
        Visitor = visitor;
        Kind = kind;
        At = at.ToUniversalTime();
        ArticleId = articleId;
        Query = query is null ? null : Common.Text.SingleLine(query).ToLowerInvariant() is var line && line.Length > 200 ? line[..200] : line;
        Results = results;
    }

    public long Id { get; private set; }

    public Guid Visitor { get; private set; }

    public HelpEventKind Kind { get; private set; }

    public DateTimeOffset At { get; private set; }

    public int? ArticleId { get; private set; }

    /// <summary>What was searched for (searches only; one line, lower case, so the same question counts once), so editors see the questions nothing answers.</summary>
    public string? Query { get; private set; }

    /// <summary>How many articles the search found.</summary>
    public int? Results { get; private set; }
}
