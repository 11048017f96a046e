using HelpDesk.Domain.Common;
using HelpDesk.Domain.Tickets;

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
public sealed record ComplaintAdvanced(Complaint Complaint, Actor By, DateTimeOffset At, ComplaintStage From, ComplaintStage To) : ITicketActivity
{
    public long? TicketId => Complaint.TicketId;
}

/// <summary>The customer said it is not solved: handling goes back to investigation.</summary>
/// <summary>A complaint was filed on a ticket (the reporting facts count it).</summary>
public sealed record ComplaintFiled(Complaint Complaint, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record ComplaintReopened(Complaint Complaint, Actor By, DateTimeOffset At) : ITicketActivity
{
    public long? TicketId => Complaint.TicketId;
}

public class Complaint : AggregateRoot
{
    public const int DescriptionMaxLength = 5_000;

    private Complaint()
    {
        Description = string.Empty;
    }

    /// <summary>The complaint on a ticket (a new ticket's id is set when both are saved).</summary>
    public Complaint(Ticket ticket, ComplaintType type, Remedy desiredRemedy, string description, DateTimeOffset now)
    {
        Ticket = ticket;
        TicketId = ticket.Id;
        Type = type;
        DesiredRemedy = desiredRemedy;
        Description = Guard.NotBlank(description, "complaint.description", DescriptionMaxLength);
        Stage = ComplaintStage.Received;
        ReceivedAt = now;
        Raise(new ComplaintFiled(this, new Actor(null, "customer"), now));
    }

    public long Id { get; private set; }

    public long TicketId { get; private set; }

    /// <summary>For the mapping only: the ticket a new complaint is about.</summary>
    private Ticket? Ticket { get; set; }

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
    public void Advance(ComplaintStage stage, Actor by, DateTimeOffset now)
    {
        if (stage <= Stage)
        {
            throw new DomainException("complaint.stage.backwards", Stage, stage);
        }

        Raise(new ComplaintAdvanced(this, by, now, Stage, stage));
        Stage = stage;
        AcknowledgedAt ??= stage >= ComplaintStage.Acknowledged ? now : null;
        InvestigatingAt ??= stage >= ComplaintStage.Investigating ? now : null;
        SolutionsOfferedAt ??= stage >= ComplaintStage.SolutionsOffered ? now : null;
        FulfillingAt ??= stage >= ComplaintStage.Fulfilling ? now : null;
        ConfirmedAt ??= stage == ComplaintStage.Confirmed ? now : null;
    }

    /// <summary>The customer is not satisfied: handling goes back to investigation (R4.4).</summary>
    public void Reopen(Actor by, DateTimeOffset now)
    {
        if (Stage < ComplaintStage.SolutionsOffered)
        {
            throw new DomainException("complaint.not_reopenable");
        }

        Raise(new ComplaintReopened(this, by, now));
        ReopenCount++;
        Stage = ComplaintStage.Investigating;
        ConfirmedAt = null;
    }
}
