using System.Text.RegularExpressions;
using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Knowledge;

/// <summary>
/// A standard answer (标准化解答/话术) with placeholders such as <c>{客户姓名}</c> or <c>{customer_name}</c>, filled
/// from the ticket before the agent edits and sends it (R11). Unknown placeholders are left for the agent to see.
/// </summary>
public partial class CannedAnswer
{
    public const int BodyMaxLength = 4_000;

    /// <summary>The placeholders the desk fills, each with its Chinese and English spelling.</summary>
    public static readonly IReadOnlyDictionary<string, Placeholder> Placeholders = new Dictionary<string, Placeholder>(StringComparer.Ordinal)
    {
        ["客户姓名"] = Placeholder.CustomerName,
        ["customer_name"] = Placeholder.CustomerName,
        ["订单号"] = Placeholder.OrderNumber,
        ["order_number"] = Placeholder.OrderNumber,
        ["运单号"] = Placeholder.TrackingNumber,
        ["tracking_number"] = Placeholder.TrackingNumber,
        ["预计送达"] = Placeholder.ExpectedDelivery,
        ["expected_delivery"] = Placeholder.ExpectedDelivery,
        ["工单号"] = Placeholder.TicketNumber,
        ["ticket_number"] = Placeholder.TicketNumber,
        ["客服姓名"] = Placeholder.AgentName,
        ["agent_name"] = Placeholder.AgentName,
    };

    private CannedAnswer()
    {
        Title = Body = string.Empty;
    }

    public CannedAnswer(string title, string body, Tickets.TicketCategory? category)
    {
        Title = Guard.NotBlank(title, "canned.title", 100);
        Body = Guard.NotBlank(body, "canned.body", BodyMaxLength);
        Category = category;
        IsActive = true;
    }

    public enum Placeholder
    {
        CustomerName,
        OrderNumber,
        TrackingNumber,
        ExpectedDelivery,
        TicketNumber,
        AgentName,
    }

    public int Id { get; private set; }

    public string Title { get; private set; }

    public string Body { get; private set; }

    /// <summary>Offered first on tickets of this category; null for any.</summary>
    public Tickets.TicketCategory? Category { get; private set; }

    public bool IsActive { get; private set; }

    /// <summary>How often agents used it: the answer library's first signal of what works (话术优化).</summary>
    public int TimesUsed { get; private set; }

    public void Edit(string title, string body, Tickets.TicketCategory? category, bool isActive)
    {
        Title = Guard.NotBlank(title, "canned.title", 100);
        Body = Guard.NotBlank(body, "canned.body", BodyMaxLength);
        Category = category;
        IsActive = isActive;
    }

    public void MarkUsed() => TimesUsed++;

    /// <summary>A macro: besides its text, sending it sets this status (unless the agent picks another one).</summary>
    public Tickets.TicketStatus? SetsStatus { get; private set; }

    /// <summary>A macro: tags added to the ticket when it is sent.</summary>
    public List<string> AddsTags { get; private set; } = [];

    /// <summary>A macro: sending it assigns the ticket to the agent who sent it.</summary>
    public bool TakesTicket { get; private set; }

    public bool IsMacro => SetsStatus is not null || AddsTags.Count > 0 || TakesTicket;

    /// <summary>Makes the answer a macro (or, with nothing set, a plain answer again). New is never a status one sets.</summary>
    public void SetActions(Tickets.TicketStatus? status, IEnumerable<string> tags, bool takesTicket)
    {
        if (status == Tickets.TicketStatus.New)
        {
            throw new DomainException("canned.status.new");
        }

        SetsStatus = status;
        AddsTags = Tickets.Ticket.NormalizeTags(tags);
        TakesTicket = takesTicket;
    }

    /// <summary>Fills the known placeholders that have a value; others stay as written, visible to the agent.</summary>
    public static string Render(string body, IReadOnlyDictionary<Placeholder, string?> values) =>
        PlaceholderPattern().Replace(body, match =>
            Placeholders.TryGetValue(match.Groups[1].Value, out var placeholder) && values.TryGetValue(placeholder, out var value) && !string.IsNullOrEmpty(value)
                ? value
                : match.Value);

    [GeneratedRegex(@"\{([\p{L}_]+)\}")]
    private static partial Regex PlaceholderPattern();
}
