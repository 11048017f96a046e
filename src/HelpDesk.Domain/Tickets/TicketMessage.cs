using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Tickets;

/// <summary>One entry of a ticket's conversation. Bodies are plain text; the web layer renders them encoded.</summary>
public partial class TicketMessage
{
    public const int BodyMaxLength = 20_000;

    private TicketMessage()
    {
        AuthorName = Body = string.Empty;
    }

    private TicketMessage(MessageKind kind, Guid? authorId, string authorName, Channel channel, string body, DateTimeOffset now)
    {
        Kind = kind;
        AuthorStaffId = authorId;
        AuthorName = authorName;
        Channel = channel;
        Body = Guard.NotBlank(body, "ticket.message.body", BodyMaxLength);
        CreatedAt = now;
    }

    public long Id { get; private set; }

    public long TicketId { get; private set; }

    public MessageKind Kind { get; private set; }

    /// <summary>The staff member who wrote it; null for customer messages.</summary>
    public Guid? AuthorStaffId { get; private set; }

    public string AuthorName { get; private set; }

    public Channel Channel { get; private set; }

    public string Body { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public bool IsVisibleToCustomer => Kind is MessageKind.Customer or MessageKind.PublicReply;

    internal static TicketMessage FromCustomer(string customerName, Channel channel, string body, DateTimeOffset now) =>
        new(MessageKind.Customer, null, customerName, channel, body, now);

    internal static TicketMessage FromAgent(MessageKind kind, Guid agentId, string agentName, Channel channel, string body, DateTimeOffset now) =>
        new(kind, agentId, agentName, channel, body, now);
}
