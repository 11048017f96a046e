using HelpDesk.Domain.Common;
using HelpDesk.Domain.Tickets;

namespace HelpDesk.Domain.Surveys;

public enum SurveyKind
{
    /// <summary>Customer satisfaction with one resolution, 1–5.</summary>
    Csat,

    /// <summary>Net promoter score of the shop's service, 0–10, at most once per <see cref="NpsSchedule.MinimumDays"/> per customer.</summary>
    Nps,
}

/// <summary>How the survey's link reached the customer.</summary>
public enum SurveyDelivery
{
    Email,
    Sms,

    /// <summary>No address to send to: the survey waits on the customer's ticket page (the next link they get).</summary>
    Portal,
}

/// <summary>
/// A satisfaction survey sent to a customer (R13): CSAT after each resolution of a ticket, credited to the agent who
/// resolved it, or NPS on the per-customer schedule. The customer answers through its own link (a 256-bit random
/// token of which only the SHA-256 hash is stored, like <see cref="TicketLink"/>), once: a second answer is refused.
/// </summary>
/// <summary>The customer answered a survey (the reporting facts count it).</summary>
public sealed record SurveyAnswered(Survey Survey, Actor By, DateTimeOffset At) : IDomainEvent;

public class Survey : AggregateRoot
{
    public const int CommentMaxLength = 1_000;

    private Survey()
    {
        TokenHash = string.Empty;
    }

    private Survey(SurveyKind kind, long customerId, long? ticketId, int? resolution, Guid? agentId, int? teamId, SurveyDelivery via, string tokenHash, DateTimeOffset now, TimeSpan lifetime)
    {
        Kind = kind;
        CustomerId = customerId;
        TicketId = ticketId;
        Resolution = resolution;
        AgentId = agentId;
        TeamId = teamId;
        SentVia = via;
        TokenHash = tokenHash;
        SentAt = now;
        ExpiresAt = now + lifetime;
    }

    public long Id { get; private set; }

    public SurveyKind Kind { get; private set; }

    public long CustomerId { get; private set; }

    /// <summary>CSAT: the ticket resolved; NPS: the ticket whose resolution sent it (for the timeline), if any.</summary>
    public long? TicketId { get; private set; }

    /// <summary>CSAT: which resolution of the ticket (1, then 2 after a reopen and another resolution …); NPS: null.</summary>
    public int? Resolution { get; private set; }

    /// <summary>The agent credited: who resolved the ticket (or its assignee when a job resolved it).</summary>
    public Guid? AgentId { get; private set; }

    /// <summary>The ticket's team at the resolution.</summary>
    public int? TeamId { get; private set; }

    public SurveyDelivery SentVia { get; private set; }

    public string TokenHash { get; private set; }

    public DateTimeOffset SentAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? AnsweredAt { get; private set; }

    public int? Score { get; private set; }

    public string? Comment { get; private set; }

    public bool IsAnswered => AnsweredAt is not null;

    public int MinScore => Kind == SurveyKind.Csat ? 1 : 0;

    public int MaxScore => Kind == SurveyKind.Csat ? 5 : 10;

    /// <summary>A CSAT survey for the <paramref name="resolution"/>-th resolution; returns the token to put in the link.</summary>
    public static (Survey Survey, string Token) Csat(long ticketId, long customerId, int resolution, Guid? agentId, int? teamId, SurveyDelivery via, DateTimeOffset now, TimeSpan lifetime)
    {
        if (resolution < 1)
        {
            throw new DomainException("survey.resolution");
        }

        var token = TicketLink.NewToken();
        return (new Survey(SurveyKind.Csat, customerId, ticketId, resolution, agentId, teamId, via, TicketLink.Hash(token), now, lifetime), token);
    }

    public static (Survey Survey, string Token) Nps(long customerId, long? ticketId, Guid? agentId, int? teamId, SurveyDelivery via, DateTimeOffset now, TimeSpan lifetime)
    {
        var token = TicketLink.NewToken();
        return (new Survey(SurveyKind.Nps, customerId, ticketId, null, agentId, teamId, via, TicketLink.Hash(token), now, lifetime), token);
    }

    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>The customer's one answer: refused when expired, already answered, or out of the kind's range.</summary>
    public void Answer(int score, string? comment, DateTimeOffset now)
    {
        if (IsAnswered)
        {
            throw new DomainException("survey.already");
        }

        if (IsExpired(now))
        {
            throw new DomainException("survey.expired");
        }

        if (score < MinScore || score > MaxScore)
        {
            throw new DomainException(Kind == SurveyKind.Csat ? "survey.score.csat" : "survey.score.nps");
        }

        Score = score;
        Comment = string.IsNullOrWhiteSpace(comment) ? null : Guard.NotBlank(comment, "survey.comment", CommentMaxLength);
        AnsweredAt = now;
        Raise(new SurveyAnswered(this, new Actor(null, "customer"), now));
    }
}

/// <summary>What the scores mean: CSAT 4–5 is satisfied; NPS 9–10 promoters, 0–6 detractors.</summary>
public static class SurveyScores
{
    public static bool Satisfied(int csat) => csat >= 4;

    public static bool Promoter(int nps) => nps >= 9;

    public static bool Detractor(int nps) => nps <= 6;

    /// <summary>NPS of a set of answers: % promoters − % detractors (−100 … 100); null without answers.</summary>
    public static double? NetPromoterScore(IReadOnlyCollection<int> scores) =>
        scores.Count == 0 ? null : Math.Round(100.0 * (scores.Count(Promoter) - scores.Count(Detractor)) / scores.Count, 1);
}

/// <summary>The NPS schedule: a customer is asked at most once per <see cref="MinimumDays"/> days, or less often if configured.</summary>
public static class NpsSchedule
{
    public const int MinimumDays = 90;

    /// <summary>The configured days between two NPS surveys of one customer, never under <see cref="MinimumDays"/>.</summary>
    public static int Interval(int configuredDays) => Math.Max(configuredDays, MinimumDays);

    /// <summary>Whether a customer last asked at <paramref name="lastSentAt"/> (null: never) may be asked now.</summary>
    public static bool IsDue(DateTimeOffset? lastSentAt, DateTimeOffset now, int configuredDays) =>
        lastSentAt is not { } last || now >= last.AddDays(Interval(configuredDays));
}
