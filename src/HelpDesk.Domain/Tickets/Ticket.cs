using HelpDesk.Domain.Common;
using HelpDesk.Domain.Sla;

namespace HelpDesk.Domain.Tickets;

/// <summary>
/// A customer's request, on any channel, with its whole conversation. The aggregate root of the desk:
/// status changes go through <see cref="TicketStatusRules"/>, messages through the intent methods below.
/// </summary>
public partial class Ticket : AggregateRoot
{
    public const string NumberPrefix = "HD-";
    public const int SubjectMaxLength = 200;
    public const int TagMaxLength = 40;

    private readonly List<TicketMessage> _messages = [];

    private Ticket()
    {
        Subject = string.Empty;
    }

    private Ticket(string subject, TicketCategory category, TicketPriority priority, Channel channel, long customerId, DateTimeOffset now)
    {
        Subject = Guard.NotBlank(Text.SingleLine(subject ?? string.Empty), "ticket.subject", SubjectMaxLength);
        Category = category;
        Priority = priority;
        Channel = channel;
        CustomerId = customerId;
        Status = TicketStatus.New;
        CreatedAt = UpdatedAt = now;
        LastCustomerMessageAt = now;
        ReplyChannel = channel;
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

    /// <summary>Where the customer last wrote from: public replies go out on it (one timeline, any channel).</summary>
    public Channel ReplyChannel { get; private set; }

    public int? TeamId { get; private set; }

    public Guid? AssigneeId { get; private set; }

    public long? OrderId { get; private set; }

    public List<string> Tags { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? FirstRespondedAt { get; private set; }

    public DateTimeOffset? LastCustomerMessageAt { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    /// <summary>How many times the ticket was resolved (a reopened ticket resolved again counts twice): one CSAT survey each.</summary>
    public int Resolutions { get; private set; }

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
        var message = TicketMessage.FromCustomer(customerName, channel, body, now);
        ticket._messages.Add(message);
        ticket.Raise(new TicketOpened(ticket, Actor.Customer(customerName), now, message));
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
    public TicketMessage AddCustomerMessage(string customerName, Channel channel, string body, DateTimeOffset now) =>
        AddCustomerMessage(customerName, channel, body, now, notSolved: false);

    /// <summary>The customer said a resolved ticket is not solved: their words reopen it.</summary>
    public TicketMessage NotSolved(string customerName, Channel channel, string comment, DateTimeOffset now) =>
        AddCustomerMessage(customerName, channel, comment, now, notSolved: true);

    private TicketMessage AddCustomerMessage(string customerName, Channel channel, string body, DateTimeOffset now, bool notSolved)
    {
        var message = TicketMessage.FromCustomer(customerName, channel, body, now);
        var customer = Actor.Customer(customerName);
        _messages.Add(message);
        LastCustomerMessageAt = now;
        ReplyChannel = channel;
        if (Status is TicketStatus.PendingCustomer or TicketStatus.Resolved or TicketStatus.Closed)
        {
            MoveTo(TicketStatus.Open, customer, now);
        }

        // After the status change: the clocks run again first, then the customer waits for the next answer.
        Raise(new CustomerWrote(this, customer, now, message, notSolved));

        Touch(now);
        return message;
    }

    /// <summary>An agent answers the customer. Replying to a resolved or closed ticket reopens it.</summary>
    public TicketMessage Reply(Guid agentId, string agentName, string body, DateTimeOffset now)
    {
        var message = TicketMessage.FromAgent(MessageKind.PublicReply, agentId, agentName, ReplyChannel, body, now);
        var agent = Actor.Staff(agentId, agentName);
        _messages.Add(message);
        FirstRespondedAt ??= now;
        Raise(new AgentResponded(this, agent, now, message));
        if (Status is TicketStatus.New or TicketStatus.Resolved or TicketStatus.Closed)
        {
            MoveTo(TicketStatus.Open, agent, now);
        }

        Touch(now);
        return message;
    }

    public TicketMessage AddInternalNote(Guid agentId, string agentName, string body, DateTimeOffset now)
    {
        var message = TicketMessage.FromAgent(MessageKind.InternalNote, agentId, agentName, Channel, body, now);
        _messages.Add(message);
        Raise(new NoteAdded(this, Actor.Staff(agentId, agentName), now, message));
        Touch(now);
        return message;
    }

    /// <summary>The agent phoned the customer: a call counts as a response, like a reply.</summary>
    public TicketMessage LogCall(Guid agentId, string agentName, string summary, DateTimeOffset now)
    {
        var message = TicketMessage.FromAgent(MessageKind.Call, agentId, agentName, Channel.Phone, summary, now);
        _messages.Add(message);
        FirstRespondedAt ??= now;
        Raise(new AgentResponded(this, Actor.Staff(agentId, agentName), now, message));
        Touch(now);
        return message;
    }

    public void ChangeStatus(TicketStatus to, Actor by, DateTimeOffset now)
    {
        if (MergedIntoTicketId is not null)
        {
            throw new DomainException("ticket.merged");
        }

        MoveTo(to, by, now);
        Touch(now);
    }

    public void ChangePriority(TicketPriority priority, Actor by, DateTimeOffset now)
    {
        if (priority != Priority)
        {
            Raise(new PriorityChanged(this, by, now, Priority, priority));
            Priority = priority;
        }

        Touch(now);
    }

    public void ChangeCategory(TicketCategory category, Actor by, DateTimeOffset now)
    {
        if (category != Category)
        {
            Raise(new CategoryChanged(this, by, now, Category, category));
            Category = category;
        }

        Touch(now);
    }

    /// <summary>Hands the ticket to a team and optionally one of its agents (membership is checked by the caller).</summary>
    public void AssignTo(int? teamId, Guid? assigneeId, Actor by, DateTimeOffset now)
    {
        if (assigneeId is not null && teamId is null)
        {
            throw new DomainException("ticket.assignee_without_team");
        }

        if (teamId != TeamId || assigneeId != AssigneeId)
        {
            Raise(new TicketAssigned(this, by, now, TeamId, teamId, AssigneeId, assigneeId));
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

    public void SetTags(IEnumerable<string> tags, Actor by, DateTimeOffset now)
    {
        var normalized = NormalizeTags(tags);
        if (!normalized.SequenceEqual(Tags))
        {
            Raise(new TagsChanged(this, by, now, Tags, normalized));
        }

        Tags = normalized;
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

    public void MergeInto(Ticket target, Actor by, DateTimeOffset now)
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
        Raise(new TicketMerged(this, by, now, target));
        if (Status != TicketStatus.Closed)
        {
            MoveTo(TicketStatus.Closed, by, now);
        }

        Touch(now);
    }

    private void MoveTo(TicketStatus to, Actor by, DateTimeOffset now)
    {
        if (!TicketStatusRules.CanMove(Status, to))
        {
            throw new DomainException("ticket.status.transition", Status, to);
        }

        Raise(new StatusChanged(this, by, now, Status, to) { Resolution = to == TicketStatus.Resolved ? Resolutions + 1 : 0 });
        Status = to;
        switch (to)
        {
            case TicketStatus.Resolved:
                ResolvedAt = now;
                Resolutions++;
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
