using HelpDesk.Domain.Tickets;

namespace HelpDesk.Domain.Tests;

/// <summary>The details form's save as a three-way merge: only a real conflict refuses it.</summary>
public sealed class TicketFieldsTests
{
    private static readonly TicketFields Loaded = new(TicketStatus.Open, TicketPriority.Normal, TicketCategory.Logistics, 1, null, ["vip"]);

    [Fact]
    public void Nobody_else_changed_anything_so_the_agents_choice_is_saved()
    {
        var wanted = Loaded with { Status = TicketStatus.PendingCustomer };

        Assert.Empty(TicketFields.Conflicts(Loaded, wanted, Loaded));
        Assert.Equal(wanted, TicketFields.Merge(Loaded, wanted, Loaded));
    }

    [Fact]
    public void A_change_to_another_field_is_kept_and_does_not_block_the_save()
    {
        var current = Loaded with { Status = TicketStatus.Open, Tags = ["vip", "回访"] }; // a colleague tagged it
        var wanted = Loaded with { Priority = TicketPriority.High };

        Assert.Empty(TicketFields.Conflicts(Loaded, wanted, current));
        Assert.Equal(current with { Priority = TicketPriority.High }, TicketFields.Merge(Loaded, wanted, current));
    }

    [Fact]
    public void The_same_field_changed_to_the_same_value_is_no_conflict()
    {
        var current = Loaded with { Status = TicketStatus.PendingCustomer };

        Assert.Empty(TicketFields.Conflicts(Loaded, current, current));
    }

    [Fact]
    public void The_same_field_changed_to_something_else_is_a_conflict_named_by_its_audit_field()
    {
        var current = Loaded with { Priority = TicketPriority.Urgent, AssigneeId = Guid.NewGuid() };
        var wanted = Loaded with { Priority = TicketPriority.Low, AssigneeId = Guid.NewGuid() };

        Assert.Equal(["priority", "assignee"], TicketFields.Conflicts(Loaded, wanted, current));
    }

    [Fact]
    public void Tags_compare_as_normalised_sets_so_spelling_and_order_are_not_changes()
    {
        var wanted = Loaded with { Tags = [" VIP ", "vip"] };
        var current = Loaded with { Tags = ["vip", "回访"] }; // as stored: normalised

        Assert.Empty(TicketFields.Conflicts(Loaded, wanted, current));
        Assert.Equal(["vip", "回访"], TicketFields.Merge(Loaded, wanted, current).Tags);
    }

    [Fact]
    public void Form_tags_split_on_commas_chinese_commas_and_spaces()
    {
        Assert.Equal(["加急", "vip", "回访"], TicketFields.SplitTags("加急，vip 回访,"));
    }
}
