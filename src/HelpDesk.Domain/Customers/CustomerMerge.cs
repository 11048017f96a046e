using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Customers;

/// <summary>
/// One customer folded into another (R2, issue 13 item 7: one customer, one timeline): the source's tickets, orders
/// and contacts now belong to the target, and the source is left as a shell pointing at it. The record is the audit —
/// who, when, exactly which rows moved, the tiers before — and what an undo puts back, within
/// <see cref="UndoDays"/> days. Rows that arrived after the merge stay with the target on undo.
/// </summary>
public class CustomerMerge
{
    public const int UndoDays = 30;

    private CustomerMerge()
    {
        MergedBy = string.Empty;
        TicketIds = [];
        OrderIds = [];
        ContactIds = [];
    }

    private CustomerMerge(Customer source, Customer target, Actor by, DateTimeOffset now)
        : this()
    {
        SourceId = source.Id;
        TargetId = target.Id;
        SourceTier = source.Tier;
        TargetTier = target.Tier;
        MergedAt = now;
        MergedById = by.StaffId;
        MergedBy = by.Name;
    }

    public long Id { get; private set; }

    public long SourceId { get; private set; }

    public long TargetId { get; private set; }

    public CustomerTier SourceTier { get; private set; }

    /// <summary>The target's tier before the merge (a merge raises it to the higher of the two).</summary>
    public CustomerTier TargetTier { get; private set; }

    public DateTimeOffset MergedAt { get; private set; }

    public Guid? MergedById { get; private set; }

    public string MergedBy { get; private set; }

    public long[] TicketIds { get; private set; }

    public long[] OrderIds { get; private set; }

    public long[] ContactIds { get; private set; }

    public DateTimeOffset? UndoneAt { get; private set; }

    public string? UndoneBy { get; private set; }

    public DateTimeOffset UndoUntil => MergedAt.AddDays(UndoDays);

    public bool CanUndo(DateTimeOffset now) => UndoneAt is null && now < UndoUntil;

    /// <summary>
    /// Folds <paramref name="source"/> into <paramref name="target"/>: refused for the same customer or for either one
    /// already folded into another. The target keeps the higher tier (a PLUS member stays recognised).
    /// </summary>
    public static CustomerMerge Start(Customer source, Customer target, Actor by, DateTimeOffset now)
    {
        if (source.Id == target.Id)
        {
            throw new DomainException("customer_merge.same");
        }

        if (source.MergedIntoId is not null || target.MergedIntoId is not null)
        {
            throw new DomainException("customer_merge.already_merged");
        }

        var merge = new CustomerMerge(source, target, by, now);
        source.FoldInto(target.Id);
        if (source.Tier > target.Tier)
        {
            target.ChangeTier(source.Tier);
        }

        return merge;
    }

    /// <summary>What moved (set once by the slice that moves the rows, in the same transaction).</summary>
    public void Moved(IEnumerable<long> tickets, IEnumerable<long> orders, IEnumerable<long> contacts)
    {
        TicketIds = [.. tickets];
        OrderIds = [.. orders];
        ContactIds = [.. contacts];
    }

    /// <summary>Undoes the merge: refused once undone or after <see cref="UndoDays"/> days. The caller moves the rows back.</summary>
    public void Undo(Customer source, Customer target, Actor by, DateTimeOffset now)
    {
        if (UndoneAt is not null)
        {
            throw new DomainException("customer_merge.undone");
        }

        if (now >= UndoUntil)
        {
            throw new DomainException("customer_merge.undo_expired", UndoDays);
        }

        if (source.Id != SourceId || target.Id != TargetId)
        {
            throw new ArgumentException("Not the customers of this merge.");
        }

        source.FoldInto(null);
        target.ChangeTier(TargetTier);
        UndoneAt = now;
        UndoneBy = by.Name;
    }
}
