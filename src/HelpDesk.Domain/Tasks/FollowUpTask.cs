using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Tasks;

public enum FollowUpKind
{
    CallBack,
    CheckReplacementArrived,
    ConfirmSatisfaction,
    ChaseDepartment,
    Other,
}

public enum FollowUpSource
{
    Manual,
    Checklist,
    Complaint,
    AfterSales,
    Phone,
}

public enum FollowUpStatus
{
    Open,
    Done,
    Cancelled,
}

public sealed record FollowUpTaskCreated(FollowUpTask Task, Actor By, DateTimeOffset At) : ITicketActivity
{
    public long? TicketId => Task.TicketId;
}

public sealed record FollowUpTaskCompleted(FollowUpTask Task, Actor By, DateTimeOffset At) : ITicketActivity
{
    public long? TicketId => Task.TicketId;
}

/// <summary>Something an agent has to do by a time, usually on a ticket (R9).</summary>
public class FollowUpTask : AggregateRoot
{
    private FollowUpTask()
    {
        Title = string.Empty;
    }

    public FollowUpTask(long? ticketId, Guid ownerId, FollowUpKind kind, string title, DateTimeOffset dueAt, FollowUpSource source, Actor by, DateTimeOffset now, long? commitmentId = null)
    {
        if (dueAt < now && source == FollowUpSource.Manual)
        {
            throw new DomainException("task.due_in_past");
        }

        TicketId = ticketId;
        OwnerId = ownerId;
        Kind = kind;
        Title = Guard.NotBlank(title, "task.title", 200);
        DueAt = dueAt;
        Source = source;
        CommitmentId = commitmentId;
        CreatedAt = now;
        Status = FollowUpStatus.Open;
        Raise(new FollowUpTaskCreated(this, by, now));
    }

    public long Id { get; private set; }

    public long? TicketId { get; private set; }

    public Guid OwnerId { get; private set; }

    public FollowUpKind Kind { get; private set; }

    public string Title { get; private set; }

    public DateTimeOffset DueAt { get; private set; }

    public FollowUpSource Source { get; private set; }

    public long? CommitmentId { get; private set; }

    public FollowUpStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>When the owner was reminded that it is due (once).</summary>
    public DateTimeOffset? RemindedAt { get; private set; }

    public void MarkReminded(DateTimeOffset now) => RemindedAt ??= now;

    public bool IsOverdue(DateTimeOffset now) => Status == FollowUpStatus.Open && DueAt < now;

    public void Complete(Actor by, DateTimeOffset now)
    {
        if (Status != FollowUpStatus.Open)
        {
            throw new DomainException("task.not_open");
        }

        Status = FollowUpStatus.Done;
        CompletedAt = now;
        Raise(new FollowUpTaskCompleted(this, by, now));
    }

    public void Cancel(DateTimeOffset now)
    {
        if (Status != FollowUpStatus.Open)
        {
            throw new DomainException("task.not_open");
        }

        Status = FollowUpStatus.Cancelled;
        CompletedAt = now;
    }
}
