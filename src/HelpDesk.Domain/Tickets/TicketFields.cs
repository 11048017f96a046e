namespace HelpDesk.Domain.Tickets;

/// <summary>
/// The fields an agent edits in the ticket's details form, as one value. A save is a three-way merge: what the form
/// showed (<c>was</c>), what the agent chose (<c>wanted</c>) and what the ticket holds now (<c>current</c>). A field the
/// agent left alone keeps whatever it is now (a colleague's change is never overwritten by a stale form); a field the
/// agent changed is saved unless somebody else changed the same field to something else meanwhile. So the agent's
/// own reply, the SLA monitor or a colleague's edit of another field never block a save — only a real conflict does.
/// </summary>
public sealed record TicketFields(
    TicketStatus Status,
    TicketPriority Priority,
    TicketCategory Category,
    int? TeamId,
    Guid? AssigneeId,
    IReadOnlyList<string> Tags)
{
    public static TicketFields Of(Ticket ticket) =>
        new(ticket.Status, ticket.Priority, ticket.Category, ticket.TeamId, ticket.AssigneeId, ticket.Tags);

    /// <summary>Tags as typed in the form: separated by commas (also the Chinese one) or spaces; normalised on saving.</summary>
    public static IReadOnlyList<string> SplitTags(string? tags) =>
        (tags ?? string.Empty).Split([',', '，', ' '], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The fields (by their audit names) that both the agent and somebody else changed, to different values.</summary>
    public static IReadOnlyList<string> Conflicts(TicketFields was, TicketFields wanted, TicketFields current) =>
        Compare(was, wanted, current).Where(f => f.Mine && f.Theirs && !f.WantedEqualsCurrent).Select(f => f.Name).ToList();

    /// <summary>The values to save: the agent's where the agent changed a field, the current ones elsewhere.</summary>
    public static TicketFields Merge(TicketFields was, TicketFields wanted, TicketFields current)
    {
        var changed = Compare(was, wanted, current).ToDictionary(f => f.Name, f => f.Mine);
        bool Mine(string name) => changed[name];
        return new(
            Mine("status") ? wanted.Status : current.Status,
            Mine("priority") ? wanted.Priority : current.Priority,
            Mine("category") ? wanted.Category : current.Category,
            Mine("team") ? wanted.TeamId : current.TeamId,
            Mine("assignee") ? wanted.AssigneeId : current.AssigneeId,
            Mine("tags") ? wanted.Tags : current.Tags);
    }

    private static IEnumerable<(string Name, bool Mine, bool Theirs, bool WantedEqualsCurrent)> Compare(TicketFields was, TicketFields wanted, TicketFields current)
    {
        static (string, bool, bool, bool) Field<T>(string name, T was, T wanted, T current) =>
            (name, !Equals(was, wanted), !Equals(was, current), Equals(wanted, current));
        static string Tags(IReadOnlyList<string> tags) => string.Join(',', Ticket.NormalizeTags(tags));

        yield return Field("status", was.Status, wanted.Status, current.Status);
        yield return Field("priority", was.Priority, wanted.Priority, current.Priority);
        yield return Field("category", was.Category, wanted.Category, current.Category);
        yield return Field("team", was.TeamId, wanted.TeamId, current.TeamId);
        yield return Field("assignee", was.AssigneeId, wanted.AssigneeId, current.AssigneeId);
        yield return Field("tags", Tags(was.Tags), Tags(wanted.Tags), Tags(current.Tags));
    }
}
