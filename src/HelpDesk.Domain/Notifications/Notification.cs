namespace HelpDesk.Domain.Notifications;

/// <summary>
/// An in-app notice for one member of staff (an SLA escalation, a customer's choice, a task reminder). The text is
/// a localization key with arguments, so it is shown in the reader's language.
/// </summary>
public class Notification
{
    private Notification()
    {
        Key = string.Empty;
        Arguments = [];
    }

    public Notification(Guid userId, string key, IEnumerable<string> arguments, long? ticketId, DateTimeOffset now)
    {
        UserId = userId;
        Key = key;
        Arguments = arguments.ToList();
        TicketId = ticketId;
        CreatedAt = now;
    }

    public long Id { get; private set; }

    public Guid UserId { get; private set; }

    public string Key { get; private set; }

    public List<string> Arguments { get; private set; }

    public long? TicketId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;
}
