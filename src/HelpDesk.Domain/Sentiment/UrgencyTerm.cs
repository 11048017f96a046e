using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Sentiment;

/// <summary>What a word or phrase of the urgency lexicon says about the customer's message.</summary>
public enum UrgencyTermKind
{
    /// <summary>A threat to take it further: 12315, 消协, 曝光, 律师, 起诉, "lawyer", "chargeback".</summary>
    Escalation,

    /// <summary>Anger, abuse or an accusation: 垃圾, 骗子, 敷衍, "ridiculous", "scam".</summary>
    Anger,

    /// <summary>Plain dissatisfaction or a problem: 失望, 坏了, 太慢, "disappointed", "broken".</summary>
    Complaint,

    /// <summary>The customer has asked before: 第三次, 又, 还没, "again", "still not".</summary>
    RepeatContact,

    /// <summary>Wants it now: 马上, 立刻, "asap".</summary>
    Hurry,

    /// <summary>Makes the next word count more: 非常, 太, 根本, "extremely".</summary>
    Intensifier,

    /// <summary>Turns the next word around: 不是, 没有, 不想, "not", "don't" ("不是不满意" is not negative).</summary>
    Negator,

    /// <summary>Calm or pleased: 谢谢, 满意, "thanks"; a negated one ("不太满意", "not happy") is a complaint.</summary>
    Positive,

    /// <summary>Looks like a signal but is not one, and hides the words inside it: 曝光补偿 (a camera), 律师事务所 (an invoice title).</summary>
    Ignore,
}

/// <summary>
/// One entry of the urgency lexicon: built in (<see cref="UrgencyLexicon.BuiltIn"/>) or added by an admin (stored,
/// with an id). Matched case-insensitively after width folding (全角 → half width); Latin and digit terms only as
/// whole words ("sue" is not in "issue", "12315" not in "123150").
/// </summary>
public class UrgencyTerm
{
    public const int TextMaxLength = 40;
    public const int MaxWeight = 100;

    private UrgencyTerm()
    {
        Text = string.Empty;
    }

    public UrgencyTerm(string text, UrgencyTermKind kind, int? weight = null, DateTimeOffset? createdAt = null)
    {
        Text = UrgencyScorer.Fold(Guard.NotBlank(text, "urgency.term", TextMaxLength));
        Kind = kind;
        var w = weight ?? DefaultWeight(kind);
        if (kind is UrgencyTermKind.Negator or UrgencyTermKind.Ignore)
        {
            w = 0;
        }
        else if (w is < 1 or > MaxWeight)
        {
            throw new DomainException("urgency.term.weight", 1, MaxWeight);
        }

        Weight = w;
        CreatedAt = createdAt ?? DateTimeOffset.UnixEpoch;
    }

    public int Id { get; private set; }

    /// <summary>Folded: lower case, half width.</summary>
    public string Text { get; private set; }

    public UrgencyTermKind Kind { get; private set; }

    /// <summary>Points of the first such word in a message (an intensifier's: the per cent it adds to the next word; a positive word's: the points it takes off).</summary>
    public int Weight { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static int DefaultWeight(UrgencyTermKind kind) => kind switch
    {
        UrgencyTermKind.Escalation => 50,
        UrgencyTermKind.Anger => 50,
        UrgencyTermKind.Complaint => 12,
        UrgencyTermKind.RepeatContact => 20,
        UrgencyTermKind.Hurry => 8,
        UrgencyTermKind.Intensifier => 50,
        UrgencyTermKind.Positive => 10,
        _ => 0,
    };
}
