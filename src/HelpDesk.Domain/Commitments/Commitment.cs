using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Commitments;

public enum CommitmentKind
{
    CallBack,
    ReplyWithInformation,
    Ship,
    Refund,
    Compensation,
    Other,
}

public enum CommitmentStatus
{
    Open,
    Kept,
    Broken,
    Cancelled,
}

/// <summary>How a promise was kept.</summary>
public enum KeptVia
{
    Reply,
    Call,
    Task,
    AfterSalesStep,
    Agent,
}

public sealed record CommitmentMade(Commitment Commitment, Actor By, DateTimeOffset At) : ITicketActivity
{
    public long? TicketId => Commitment.TicketId;
}

/// <summary>A promise was given up as broken (the reporting facts count it).</summary>
public sealed record CommitmentBroken(Commitment Commitment, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record CommitmentKept(Commitment Commitment, Actor By, DateTimeOffset At) : ITicketActivity
{
    public long? TicketId => Commitment.TicketId;
}

/// <summary>A promise an agent made a customer; checked every evening until it is kept (R8).</summary>
public class Commitment : AggregateRoot
{
    private Commitment()
    {
        Text = string.Empty;
    }

    public Commitment(long ticketId, Actor owner, CommitmentKind kind, string text, DateTimeOffset dueAt, DateTimeOffset now)
    {
        var ownerId = owner.StaffId ?? throw new DomainException("commitment.owner_not_staff");
        if (dueAt <= now)
        {
            throw new DomainException("commitment.due_in_past");
        }

        OriginalDueAt = dueAt;

        TicketId = ticketId;
        OwnerId = ownerId;
        Kind = kind;
        Text = Guard.NotBlank(text, "commitment.text", 500);
        DueAt = dueAt;
        MadeAt = now;
        Status = CommitmentStatus.Open;
        Raise(new CommitmentMade(this, owner, now));
    }

    public long Id { get; private set; }

    public long TicketId { get; private set; }

    public Guid OwnerId { get; private set; }

    public CommitmentKind Kind { get; private set; }

    public string Text { get; private set; }

    public DateTimeOffset MadeAt { get; private set; }

    public DateTimeOffset DueAt { get; private set; }

    /// <summary>The due time first promised: a rescheduled promise was not kept on its original word.</summary>
    public DateTimeOffset OriginalDueAt { get; private set; }

    public int RescheduleCount { get; private set; }

    public KeptVia? KeptVia { get; private set; }

    /// <summary>The message, task or after-sales case that kept it.</summary>
    public long? KeptByReference { get; private set; }

    /// <summary>Kept on the original word: by the first due time, never rescheduled.</summary>
    public bool KeptOnTime => Status == CommitmentStatus.Kept && RescheduleCount == 0 && ClosedAt <= OriginalDueAt;

    public CommitmentStatus Status { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>How it was kept: the reply, task or after-sales step, or the agent's note.</summary>
    public string? Resolution { get; private set; }

    public bool IsOverdue(DateTimeOffset now) => Status == CommitmentStatus.Open && DueAt < now;

    public void Keep(string resolution, Actor by, DateTimeOffset now) => Keep(Commitments.KeptVia.Agent, null, resolution, by, now);

    /// <summary>Kept (its follow-up tasks are done with it).</summary>
    public void Keep(KeptVia via, long? reference, string resolution, Actor by, DateTimeOffset now)
    {
        Close(CommitmentStatus.Kept, resolution, now);
        KeptVia = via;
        KeptByReference = reference;
        Raise(new CommitmentKept(this, by, now));
    }

    /// <summary>Which event keeps this kind of promise: a reply keeps "reply", a logged call keeps "call back".</summary>
    public bool IsKeptBy(KeptVia via) => (Kind, via) switch
    {
        (CommitmentKind.ReplyWithInformation, Commitments.KeptVia.Reply or Commitments.KeptVia.Call) => true,
        (CommitmentKind.CallBack, Commitments.KeptVia.Call) => true,
        (CommitmentKind.Ship or CommitmentKind.Refund or CommitmentKind.Compensation, Commitments.KeptVia.AfterSalesStep) => true,
        _ => false,
    };

    /// <summary>The customer was contacted and agreed a new time (the evening checklist's "rescheduled").</summary>
    public void Reschedule(DateTimeOffset dueAt, string note, DateTimeOffset now)
    {
        if (Status != CommitmentStatus.Open)
        {
            throw new DomainException("commitment.not_open");
        }

        if (dueAt <= now)
        {
            throw new DomainException("commitment.due_in_past");
        }

        Resolution = Guard.NotBlank(note, "commitment.resolution", 500);
        DueAt = dueAt;
        RescheduleCount++;
    }

    public void Break(string resolution, DateTimeOffset now)
    {
        Close(CommitmentStatus.Broken, resolution, now);
        Raise(new CommitmentBroken(this, new Actor(null, "system:commitments"), now));
    }

    public void Cancel(string resolution, DateTimeOffset now) => Close(CommitmentStatus.Cancelled, resolution, now);

    private void Close(CommitmentStatus status, string resolution, DateTimeOffset now)
    {
        if (Status != CommitmentStatus.Open)
        {
            throw new DomainException("commitment.not_open");
        }

        Status = status;
        Resolution = Guard.NotBlank(resolution, "commitment.resolution", 500);
        ClosedAt = now;
    }
}
