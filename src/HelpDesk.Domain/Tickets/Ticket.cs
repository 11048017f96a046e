using HelpDesk.Domain.Common;
using HelpDesk.Domain.Sla;

namespace HelpDesk.Domain.Tickets;

/// <summary>
/// A customer's request, on any channel, with its whole conversation. The aggregate root of the desk:
/// status changes go through <see cref="TicketStatusRules"/>, messages through the intent methods below.
/// </summary>
public class Ticket
{
    public const string NumberPrefix = "HD-";
    public const int SubjectMaxLength = 200;
    public const int TagMaxLength = 40;

    private readonly List<TicketMessage> _messages = [];
    private readonly List<TicketEvent> _events = [];

    private Ticket()
    {
        Subject = string.Empty;
    }

    private Ticket(string subject, TicketCategory category, TicketPriority priority, Channel channel, long customerId, DateTimeOffset now)
    {
        Subject = Guard.NotBlank(subject, "ticket.subject", SubjectMaxLength);
        Category = category;
        Priority = priority;
        Channel = channel;
        CustomerId = customerId;
        Status = TicketStatus.New;
        CreatedAt = UpdatedAt = now;
        LastCustomerMessageAt = now;
    }

    public long Id { get; private set; }

    /// <summary>The number customers see, from a database sequence; shown as <c>HD-100001</c>.</summary>
    public long Number { get; private set; }

    public string DisplayNumber => FormatNumber(Number);

    public string Subject { get; private set; }

    public TicketCategory Category { get; private set; }

    public TicketPriority Priority { get; private set; }

    public TicketStatus Status { get; private set; }

    public Channel Channel { get; private set; }

    public long CustomerId { get; private set; }

    public int? TeamId { get; private set; }

    public Guid? AssigneeId { get; private set; }

    public long? OrderId { get; private set; }

    public List<string> Tags { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? FirstRespondedAt { get; private set; }

    public DateTimeOffset? LastCustomerMessageAt { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>The earliest running SLA deadline (first response, next response or resolution); null when none runs.</summary>
    public DateTimeOffset? NextDeadlineAt { get; private set; }

    public SlaState SlaState { get; private set; }

    /// <summary>Set when this ticket was merged into another; the other one carries the conversation on.</summary>
    public long? MergedIntoTicketId { get; private set; }

    /// <summary>PostgreSQL's xmin: two agents saving the same ticket never overwrite each other.</summary>
    public uint Version { get; private set; }

    public IReadOnlyList<TicketMessage> Messages => _messages;

    /// <summary>The ticket's SLA clocks (kept in their own table).</summary>
    public TicketSla Sla { get; private set; } = new();

    /// <summary>What happened since the ticket was loaded; the SLA clocks react to these when it is saved.</summary>
    public IReadOnlyList<TicketEvent> PendingEvents => _events;

    public void ClearEvents() => _events.Clear();
    public static Ticket Open(
        string subject,
        TicketCategory category,
        TicketPriority priority,
        Channel channel,
        long customerId,
        string customerName,
        string body,
        DateTimeOffset now)
    {
        var ticket = new Ticket(subject, category, priority, channel, customerId, now);
        ticket._messages.Add(TicketMessage.FromCustomer(customerName, channel, body, now));
        ticket._events.Add(new TicketEvent(TicketEventKind.Opened, now));
        return ticket;
    }

    public static string FormatNumber(long number) => NumberPrefix + number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses <c>HD-100001</c> (any case, surrounding blanks allowed) into the sequence number.</summary>
    public static bool TryParseNumber(string? text, out long number)
    {
        number = 0;
        var trimmed = text?.Trim();
        return trimmed is not null
            && trimmed.StartsWith(NumberPrefix, StringComparison.OrdinalIgnoreCase)
            && long.TryParse(trimmed.AsSpan(NumberPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number)
            && number > 0;
    }

    /// <summary>The customer wrote again, on any channel: a waiting, resolved or closed ticket becomes open again.</summary>
    public TicketMessage AddCustomerMessage(string customerName, Channel channel, string body, DateTimeOffset now)
    {
        var message = TicketMessage.FromCustomer(customerName, channel, body, now);
        _messages.Add(message);
        LastCustomerMessageAt = now;
        if (Status is TicketStatus.PendingCustomer or TicketStatus.Resolved or TicketStatus.Closed)
        {
            MoveTo(TicketStatus.Open, now);
        }

        // After the status change: the clocks run again first, then the customer waits for the next answer.
        _events.Add(new TicketEvent(TicketEventKind.CustomerWrote, now));

        Touch(now);
        return message;
    }

    /// <summary>An agent answers the customer. Replying to a resolved or closed ticket reopens it.</summary>
    public TicketMessage Reply(Guid agentId, string agentName, string body, DateTimeOffset now)
    {
        var message = TicketMessage.FromAgent(MessageKind.PublicReply, agentId, agentName, Channel, body, now);
        _messages.Add(message);
        FirstRespondedAt ??= now;
        _events.Add(new TicketEvent(TicketEventKind.AgentReplied, now));
        if (Status is TicketStatus.New or TicketStatus.Resolved or TicketStatus.Closed)
        {
            MoveTo(TicketStatus.Open, now);
        }

        Touch(now);
        return message;
    }

    public TicketMessage AddInternalNote(Guid agentId, string agentName, string body, DateTimeOffset now)
    {
        var message = TicketMessage.FromAgent(MessageKind.InternalNote, agentId, agentName, Channel, body, now);
        _messages.Add(message);
        Touch(now);
        return message;
    }

    /// <summary>The agent phoned the customer: a call counts as a response, like a reply.</summary>
    public TicketMessage LogCall(Guid agentId, string agentName, string summary, DateTimeOffset now)
    {
        var message = TicketMessage.FromAgent(MessageKind.Call, agentId, agentName, Channel.Phone, summary, now);
        _messages.Add(message);
        FirstRespondedAt ??= now;
        _events.Add(new TicketEvent(TicketEventKind.AgentReplied, now));
        Touch(now);
        return message;
    }

    public void ChangeStatus(TicketStatus to, DateTimeOffset now)
    {
        if (MergedIntoTicketId is not null)
        {
            throw new DomainException("ticket.merged");
        }

        MoveTo(to, now);
        Touch(now);
    }

    public void ChangePriority(TicketPriority priority, DateTimeOffset now)
    {
        if (priority != Priority)
        {
            Priority = priority;
            _events.Add(new TicketEvent(TicketEventKind.Reclassified, now));
        }

        Touch(now);
    }

    public void ChangeCategory(TicketCategory category, DateTimeOffset now)
    {
        if (category != Category)
        {
            Category = category;
            _events.Add(new TicketEvent(TicketEventKind.Reclassified, now));
        }

        Touch(now);
    }

    /// <summary>Hands the ticket to a team and optionally one of its agents (membership is checked by the caller).</summary>
    public void AssignTo(int? teamId, Guid? assigneeId, DateTimeOffset now)
    {
        if (assigneeId is not null && teamId is null)
        {
            throw new DomainException("ticket.assignee_without_team");
        }

        if (teamId != TeamId)
        {
            _events.Add(new TicketEvent(TicketEventKind.Reclassified, now));
        }

        TeamId = teamId;
        AssigneeId = assigneeId;
        Touch(now);
    }

    /// <summary>Called by the SLA engine whenever it re-evaluates the ticket's clocks.</summary>
    public void SetSla(SlaState state, DateTimeOffset? nextDeadlineAt)
    {
        SlaState = state;
        NextDeadlineAt = nextDeadlineAt;
    }

    public void LinkOrder(long? orderId, DateTimeOffset now)
    {
        OrderId = orderId;
        Touch(now);
    }

    public void SetTags(IEnumerable<string> tags, DateTimeOffset now)
    {
        Tags = NormalizeTags(tags);
        Touch(now);
    }

    /// <summary>Tags are trimmed, lower-cased, de-duplicated and kept in a stable order.</summary>
    public static List<string> NormalizeTags(IEnumerable<string> tags)
    {
        var normalized = tags
            .Select(t => t.Trim().ToLowerInvariant())
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (normalized.Any(t => t.Length > TagMaxLength))
        {
            throw new DomainException("ticket.tag.too_long", TagMaxLength);
        }

        return normalized;
    }

    public void MergeInto(Ticket target, DateTimeOffset now)
    {
        if (target.Id == Id)
        {
            throw new DomainException("ticket.merge.self");
        }

        if (target.CustomerId != CustomerId)
        {
            throw new DomainException("ticket.merge.other_customer");
        }

        if (target.MergedIntoTicketId is not null || MergedIntoTicketId is not null)
        {
            throw new DomainException("ticket.merged");
        }

        MergedIntoTicketId = target.Id;
        if (Status != TicketStatus.Closed)
        {
            MoveTo(TicketStatus.Closed, now);
        }

        Touch(now);
    }

    private void MoveTo(TicketStatus to, DateTimeOffset now)
    {
        if (!TicketStatusRules.CanMove(Status, to))
        {
            throw new DomainException("ticket.status.transition", Status, to);
        }

        _events.Add(new TicketEvent(TicketEventKind.StatusChanged, now, Status, to));
        Status = to;
        switch (to)
        {
            case TicketStatus.Resolved:
                ResolvedAt = now;
                break;
            case TicketStatus.Closed:
                ClosedAt = now;
                break;
            case TicketStatus.Open:
                ResolvedAt = null;
                ClosedAt = null;
                break;
        }
    }

    private void Touch(DateTimeOffset now) => UpdatedAt = now;
}
