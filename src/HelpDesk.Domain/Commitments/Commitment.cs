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

/// <summary>A promise an agent made a customer; checked every evening until it is kept (R8).</summary>
public class Commitment
{
    private Commitment()
    {
        Text = string.Empty;
    }

    public Commitment(long ticketId, Guid ownerId, CommitmentKind kind, string text, DateTimeOffset dueAt, DateTimeOffset now)
    {
        if (dueAt <= now)
        {
            throw new DomainException("commitment.due_in_past");
        }

        TicketId = ticketId;
        OwnerId = ownerId;
        Kind = kind;
        Text = Guard.NotBlank(text, "commitment.text", 500);
        DueAt = dueAt;
        MadeAt = now;
        Status = CommitmentStatus.Open;
    }

    public long Id { get; private set; }

    public long TicketId { get; private set; }

    public Guid OwnerId { get; private set; }

    public CommitmentKind Kind { get; private set; }

    public string Text { get; private set; }

    public DateTimeOffset MadeAt { get; private set; }

    public DateTimeOffset DueAt { get; private set; }

    public CommitmentStatus Status { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>How it was kept: the reply, task or after-sales step, or the agent's note.</summary>
    public string? Resolution { get; private set; }

    public bool IsOverdue(DateTimeOffset now) => Status == CommitmentStatus.Open && DueAt < now;

    public void Keep(string resolution, DateTimeOffset now) => Close(CommitmentStatus.Kept, resolution, now);

    public void Break(string resolution, DateTimeOffset now) => Close(CommitmentStatus.Broken, resolution, now);

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
