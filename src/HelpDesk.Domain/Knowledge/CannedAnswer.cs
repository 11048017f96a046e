using System.Text.RegularExpressions;
using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Knowledge;

/// <summary>
/// A standard answer (标准化解答/话术) with placeholders such as <c>{客户姓名}</c> or <c>{customer_name}</c>, filled
/// from the ticket before the agent edits and sends it (R11). A placeholder without a value (no parcel, no refund yet)
/// and an unknown one are left as written, so the agent sees them (the reply box marks them and a public reply that
/// still holds one is refused). Each answer is a variant of an <see cref="AnswerIntent"/>; a new answer without one
/// starts its own intent.
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
        ["承运商"] = Placeholder.Carrier,
        ["carrier"] = Placeholder.Carrier,
        ["承诺时间"] = Placeholder.PromiseDue,
        ["promise_due"] = Placeholder.PromiseDue,
        ["退款金额"] = Placeholder.RefundAmount,
        ["refund_amount"] = Placeholder.RefundAmount,
    };

    private CannedAnswer()
    {
        Title = Body = string.Empty;
    }

    public CannedAnswer(string title, string body, Tickets.TicketCategory? category, AnswerIntent? intent = null)
    {
        Title = Guard.NotBlank(title, "canned.title", 100);
        Body = Guard.NotBlank(body, "canned.body", BodyMaxLength);
        Category = category;
        IsActive = true;
        Intent = intent ?? new AnswerIntent(Title, category);
        IntentId = Intent.Id;
    }

    public enum Placeholder
    {
        CustomerName,
        OrderNumber,
        TrackingNumber,
        ExpectedDelivery,
        TicketNumber,
        AgentName,
        Carrier,
        PromiseDue,
        RefundAmount,
    }

    public int Id { get; private set; }

    /// <summary>The question this answer is a variant for (话术优化 compares an intent's variants).</summary>
    public int IntentId { get; private set; }

    /// <summary>For the mapping only: the intent of a new answer (its id is set when both are saved).</summary>
    private AnswerIntent? Intent { get; set; }

    /// <summary>When a supervisor retired it as a losing variant (it is inactive since).</summary>
    public DateTimeOffset? RetiredAt { get; private set; }

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
        RetiredAt = isActive ? null : RetiredAt;
    }

    public void MarkUsed() => TimesUsed++;

    /// <summary>Moves the answer to another intent (admins regroup variants).</summary>
    public void MoveTo(AnswerIntent intent)
    {
        Intent = intent;
        IntentId = intent.Id;
    }

    /// <summary>A losing variant is no longer offered (see <see cref="AnswerIntent.Retire"/>).</summary>
    internal void Retire(DateTimeOffset now)
    {
        IsActive = false;
        RetiredAt ??= now;
    }

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

    /// <summary>The known placeholders still in a text (filled ones are gone): what the agent has to fill in.</summary>
    public static IReadOnlyList<string> Unfilled(string? text) =>
        [.. PlaceholderPattern().Matches(text ?? string.Empty).Where(m => Placeholders.ContainsKey(m.Groups[1].Value)).Select(m => m.Value).Distinct()];

    [GeneratedRegex(@"\{([\p{L}_]+)\}")]
    private static partial Regex PlaceholderPattern();
}
