using System.Reflection;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Customers;

namespace HelpDesk.Domain.Tests;

/// <summary>Issue 13 item 7: merging customers (tiers, refusals), undoing within 30 days, and merge suggestions.</summary>
public sealed class CustomerMergeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.FromHours(8));

    private static Customer Customer(long id, CustomerTier tier = CustomerTier.Regular)
    {
        var customer = new Customer("顾客" + id, tier, Now.AddDays(-100));
        typeof(Customer).GetProperty(nameof(Customers.Customer.Id))!.SetValue(customer, id, BindingFlags.NonPublic | BindingFlags.Instance, null, null, null);
        return customer;
    }

    [Fact]
    public void A_merge_folds_the_source_into_the_target_which_keeps_the_higher_tier_and_an_undo_puts_both_back()
    {
        var (source, target) = (Customer(1, CustomerTier.Plus), Customer(2));

        var merge = CustomerMerge.Start(source, target, TestActors.Staff, Now);
        merge.Moved([10, 11], [20], [30, 31]);

        Assert.Equal(2, source.MergedIntoId);
        Assert.Equal(CustomerTier.Plus, target.Tier);
        Assert.Equal((1L, 2L, CustomerTier.Regular), (merge.SourceId, merge.TargetId, merge.TargetTier));
        Assert.Equal([10L, 11L], merge.TicketIds);
        Assert.Equal(Now.AddDays(30), merge.UndoUntil);
        Assert.True(merge.CanUndo(Now.AddDays(29)));

        merge.Undo(source, target, TestActors.Staff, Now.AddDays(29));

        Assert.Null(source.MergedIntoId);
        Assert.Equal(CustomerTier.Regular, target.Tier);
        Assert.False(merge.CanUndo(Now.AddDays(29)));
        Assert.Equal("customer_merge.undone", Assert.Throws<DomainException>(() => merge.Undo(source, target, TestActors.Staff, Now.AddDays(29))).Key);
    }

    [Fact]
    public void A_lower_tier_source_leaves_the_target_as_it_is()
    {
        var target = Customer(2, CustomerTier.Vip);
        CustomerMerge.Start(Customer(1, CustomerTier.Plus), target, TestActors.Staff, Now);
        Assert.Equal(CustomerTier.Vip, target.Tier);
    }

    [Fact]
    public void A_customer_cannot_be_merged_into_itself_nor_twice_nor_undone_after_thirty_days()
    {
        var (a, b, c) = (Customer(1), Customer(2), Customer(3));
        Assert.Equal("customer_merge.same", Assert.Throws<DomainException>(() => CustomerMerge.Start(a, a, TestActors.Staff, Now)).Key);

        var merge = CustomerMerge.Start(a, b, TestActors.Staff, Now);
        Assert.Equal("customer_merge.already_merged", Assert.Throws<DomainException>(() => CustomerMerge.Start(a, c, TestActors.Staff, Now)).Key);
        Assert.Equal("customer_merge.already_merged", Assert.Throws<DomainException>(() => CustomerMerge.Start(c, a, TestActors.Staff, Now)).Key);

        Assert.False(merge.CanUndo(Now.AddDays(30)));
        var late = Assert.Throws<DomainException>(() => merge.Undo(a, b, TestActors.Staff, Now.AddDays(30)));
        Assert.Equal(("customer_merge.undo_expired", (object)CustomerMerge.UndoDays), (late.Key, late.Arguments[0]));
        Assert.Equal(2, a.MergedIntoId); // still merged
        Assert.Throws<ArgumentException>(() => merge.Undo(c, b, TestActors.Staff, Now));
    }

    [Fact]
    public void A_suggestion_names_each_pair_once_in_order_with_the_contact_normalised()
    {
        var suggestion = new CustomerMergeSuggestion(9, 4, ContactKind.Phone, "+86 138-0013-8000", Now);

        Assert.Equal((4L, 9L), (suggestion.CustomerId, suggestion.OtherCustomerId));
        Assert.Equal("13800138000", suggestion.Reason);
        Assert.Equal(9, suggestion.Other(4));
        Assert.Equal(4, suggestion.Other(9));
        suggestion.Close(Now);
        suggestion.Close(Now.AddDays(1));
        Assert.Equal(Now, suggestion.ClosedAt);
        Assert.Throws<ArgumentException>(() => new CustomerMergeSuggestion(4, 4, ContactKind.Email, "a@b.cn", Now));
    }
}
