using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Complaints;

public enum ComplaintType
{
    Quality,
    WrongOrMissingItem,
    DamagedDelivery,
    LateDelivery,
    ServiceAttitude,
    PricePromotion,
    Other,
}

public enum Remedy
{
    Refund,
    Return,
    Exchange,
    Repair,
    Compensation,
    AnswerOnly,
}

/// <summary>The steps of R4: soothe, understand, offer solutions, follow up until the customer confirms.</summary>
public enum ComplaintStage
{
    Received,
    Acknowledged,
    Investigating,
    SolutionsOffered,
    Fulfilling,
    AwaitingConfirmation,
    Confirmed,
}

/// <summary>The complaint side of a ticket: what went wrong, what the customer wants, and where handling stands.</summary>
public class Complaint
{
    public const int DescriptionMaxLength = 5_000;

    private Complaint()
    {
        Description = string.Empty;
    }

    public Complaint(long ticketId, ComplaintType type, Remedy desiredRemedy, string description, DateTimeOffset now)
    {
        TicketId = ticketId;
        Type = type;
        DesiredRemedy = desiredRemedy;
        Description = Guard.NotBlank(description, "complaint.description", DescriptionMaxLength);
        Stage = ComplaintStage.Received;
        ReceivedAt = now;
    }

    public long Id { get; private set; }

    public long TicketId { get; private set; }

    public ComplaintType Type { get; private set; }

    public Remedy DesiredRemedy { get; private set; }

    public string Description { get; private set; }

    /// <summary>The order lines the customer says are affected (ids of <c>OrderLine</c>).</summary>
    public List<long> AffectedOrderLineIds { get; private set; } = [];

    public ComplaintStage Stage { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public DateTimeOffset? InvestigatingAt { get; private set; }

    public DateTimeOffset? SolutionsOfferedAt { get; private set; }

    public DateTimeOffset? FulfillingAt { get; private set; }

    public DateTimeOffset? ConfirmedAt { get; private set; }

    public int ReopenCount { get; private set; }

    public void SetAffectedLines(IEnumerable<long> orderLineIds) => AffectedOrderLineIds = orderLineIds.Distinct().ToList();

    /// <summary>Moves forward to <paramref name="stage"/>, stamping each step on the way; never backwards.</summary>
    public void Advance(ComplaintStage stage, DateTimeOffset now)
    {
        if (stage <= Stage)
        {
            throw new DomainException("complaint.stage.backwards", Stage, stage);
        }

        Stage = stage;
        AcknowledgedAt ??= stage >= ComplaintStage.Acknowledged ? now : null;
        InvestigatingAt ??= stage >= ComplaintStage.Investigating ? now : null;
        SolutionsOfferedAt ??= stage >= ComplaintStage.SolutionsOffered ? now : null;
        FulfillingAt ??= stage >= ComplaintStage.Fulfilling ? now : null;
        ConfirmedAt ??= stage == ComplaintStage.Confirmed ? now : null;
    }

    /// <summary>The customer is not satisfied: handling goes back to investigation (R4.4).</summary>
    public void Reopen()
    {
        if (Stage < ComplaintStage.SolutionsOffered)
        {
            throw new DomainException("complaint.not_reopenable");
        }

        ReopenCount++;
        Stage = ComplaintStage.Investigating;
        ConfirmedAt = null;
    }
}
