using HelpDesk.Domain.Common;
using HelpDesk.Domain.Tickets;

namespace HelpDesk.Domain.Knowledge;

/// <summary>
/// A recurring question the answer library answers (话术优化): "parcel late", "refund time". Its canned answers are
/// its variants; a supervisor promotes the one whose outcomes are best (<see cref="VariantRanking"/>), and agents are
/// offered it first.
/// </summary>
public sealed class AnswerIntent
{
    public const int NameMaxLength = 100;

    private AnswerIntent()
    {
        Name = string.Empty;
    }

    public AnswerIntent(string name, TicketCategory? category)
    {
        Name = Guard.NotBlank(name, "intent.name", NameMaxLength);
        Category = category;
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    public TicketCategory? Category { get; private set; }

    /// <summary>The variant a supervisor promoted: offered first in the reply box.</summary>
    public int? RecommendedVariantId { get; private set; }

    public DateTimeOffset? PromotedAt { get; private set; }

    public void Rename(string name, TicketCategory? category)
    {
        Name = Guard.NotBlank(name, "intent.name", NameMaxLength);
        Category = category;
    }

    /// <summary>Makes an active variant of this intent the recommended one.</summary>
    public void Promote(CannedAnswer variant, DateTimeOffset now)
    {
        if (variant.IntentId != Id)
        {
            throw new DomainException("intent.variant.other");
        }

        if (!variant.IsActive)
        {
            throw new DomainException("intent.variant.retired");
        }

        RecommendedVariantId = variant.Id;
        PromotedAt = now;
    }

    /// <summary>Retires a variant (no longer offered; its uses and outcomes stay). The recommended one cannot be retired.</summary>
    public void Retire(CannedAnswer variant, DateTimeOffset now)
    {
        if (variant.IntentId != Id)
        {
            throw new DomainException("intent.variant.other");
        }

        if (variant.Id == RecommendedVariantId)
        {
            throw new DomainException("intent.variant.recommended");
        }

        variant.Retire(now);
    }
}

/// <summary>
/// One public reply that started from a canned answer variant, and what followed it. The outcome windows are counted
/// from the reply: the customer wrote again within <see cref="WroteAgainWindow"/> (48 h), the ticket — resolved
/// after the reply — was reopened within <see cref="ObservationWindow"/> (7 d), or it escalated to a complaint within
/// 7 d (reclassified as 投诉与建议, the early warning found the customer urgent, or the customer filed a complaint).
/// A use is judged once its 7 days are over (<see cref="IsSettled"/>); it is <see cref="IsGood"/> when none of the
/// three happened. Time to resolution: from the reply to the ticket's next resolution.
/// </summary>
public sealed class AnswerUse
{
    public static readonly TimeSpan WroteAgainWindow = TimeSpan.FromHours(48);

    public static readonly TimeSpan ObservationWindow = TimeSpan.FromDays(7);

    private AnswerUse()
    {
    }

    public AnswerUse(CannedAnswer variant, Ticket ticket, TicketMessage reply, Guid agentId, double editDistance, DateTimeOffset at)
    {
        if (reply.Kind != MessageKind.PublicReply)
        {
            throw new DomainException("answer_use.not_reply");
        }

        VariantId = variant.Id;
        IntentId = variant.IntentId;
        TicketId = ticket.Id;
        CustomerId = ticket.CustomerId;
        Reply = reply;
        AgentId = agentId;
        EditDistance = Math.Clamp(editDistance, 0, 1);
        UsedAt = at;
    }

    public long Id { get; private set; }

    public int VariantId { get; private set; }

    public int IntentId { get; private set; }

    public long TicketId { get; private set; }

    public long CustomerId { get; private set; }

    public long MessageId { get; private set; }

    /// <summary>For the mapping only: the reply a new use belongs to (its id is set when both are saved).</summary>
    private TicketMessage? Reply { get; set; }

    public Guid AgentId { get; private set; }

    /// <summary>How much the agent changed the filled variant before sending: 0 as it was, 1 all new (<see cref="Knowledge.EditDistance"/>).</summary>
    public double EditDistance { get; private set; }

    public DateTimeOffset UsedAt { get; private set; }

    public DateTimeOffset? CustomerWroteAt { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    public DateTimeOffset? ReopenedAt { get; private set; }

    public DateTimeOffset? ComplainedAt { get; private set; }

    public bool IsSettled(DateTimeOffset now) => now >= UsedAt + ObservationWindow;

    /// <summary>The CSAT score (1–5) the customer gave the resolution that followed the reply, if they answered.</summary>
    public int? Csat { get; private set; }

    /// <summary>Good: the customer did not write again, the ticket was not reopened, no complaint, and no unhappy CSAT (1–2; an unanswered survey counts for nothing).</summary>
    public bool IsGood => CustomerWroteAt is null && ReopenedAt is null && ComplainedAt is null && Csat is not (<= DissatisfiedAtMost);

    /// <summary>A CSAT score at or below this is an unhappy customer.</summary>
    public const int DissatisfiedAtMost = 2;

    public TimeSpan? TimeToResolution => ResolvedAt - UsedAt;

    /// <summary>The customer wrote on the ticket: counts within 48 h after the reply (the first time only).</summary>
    public void CustomerWrote(DateTimeOffset at)
    {
        if (CustomerWroteAt is null && Within(at, WroteAgainWindow))
        {
            CustomerWroteAt = at;
        }
    }

    /// <summary>The ticket was resolved after the reply (the first time is the time to resolution).</summary>
    public void Resolved(DateTimeOffset at)
    {
        if (ResolvedAt is null && at >= UsedAt)
        {
            ResolvedAt = at;
        }
    }

    /// <summary>The ticket, resolved after the reply, was opened again within 7 days of the reply.</summary>
    public void Reopened(DateTimeOffset at)
    {
        if (ReopenedAt is null && ResolvedAt is { } resolved && at >= resolved && Within(at, ObservationWindow))
        {
            ReopenedAt = at;
        }
    }

    /// <summary>
    /// The customer rated the resolution of <paramref name="resolvedAt"/>: it counts for this reply when that is the
    /// resolution that followed it (the first answer only).
    /// </summary>
    public void Rated(int score, DateTimeOffset resolvedAt)
    {
        if (Csat is null && ResolvedAt is { } resolved && resolved <= resolvedAt && UsedAt <= resolvedAt)
        {
            Csat = score;
        }
    }

    /// <summary>The case escalated to a complaint within 7 days of the reply.</summary>
    public void Complained(DateTimeOffset at)
    {
        if (ComplainedAt is null && Within(at, ObservationWindow))
        {
            ComplainedAt = at;
        }
    }

    private bool Within(DateTimeOffset at, TimeSpan window) => at > UsedAt && at <= UsedAt + window;
}
