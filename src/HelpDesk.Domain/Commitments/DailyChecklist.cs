namespace HelpDesk.Domain.Commitments;

public enum ChecklistSection
{
    MadeToday,
    DueToday,
    Overdue,
}

public enum ChecklistTick
{
    Kept,
    Rescheduled,
}

/// <summary>
/// The evening checklist of one team for one business date (日清检查单, R8): every promise its agents made that day,
/// every promise due that day, and every overdue one. One per team and date, whichever instance builds it. Built
/// set-based in SQL (Features/Commitments/BuildChecklists.cs: tens of thousands of promises a national evening);
/// the agents tick its items here.
/// </summary>
public class DailyChecklist
{
    private readonly List<ChecklistItem> _items = [];

    private DailyChecklist()
    {
    }

    public long Id { get; private set; }

    public int TeamId { get; private set; }

    public DateOnly BusinessDate { get; private set; }

    public DateTimeOffset BuiltAt { get; private set; }

    public IReadOnlyList<ChecklistItem> Items => _items;
}

public class ChecklistItem
{
    private ChecklistItem()
    {
    }

    public long Id { get; private set; }

    public long ChecklistId { get; private set; }

    public long CommitmentId { get; private set; }

    public Guid OwnerId { get; private set; }

    public ChecklistSection Section { get; private set; }

    /// <summary>The promise's status when the checklist was built: open items got a follow-up task.</summary>
    public CommitmentStatus StatusAtCheck { get; private set; }

    public long? FollowUpTaskId { get; private set; }

    public ChecklistTick? Tick { get; private set; }

    public string? Note { get; private set; }

    public DateTimeOffset? TickedAt { get; private set; }

    /// <summary>The agent ticks the item: kept, or the customer was contacted and a new time agreed.</summary>
    public void Check(ChecklistTick tick, string note, DateTimeOffset now)
    {
        Tick = tick;
        Note = Common.Guard.NotBlank(note, "checklist.note", 500);
        TickedAt = now;
    }
}
