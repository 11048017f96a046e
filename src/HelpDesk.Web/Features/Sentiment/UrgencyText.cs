using HelpDesk.Domain.Sentiment;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Sentiment;

/// <summary>What a score is made of, in the reader's language: "升级威胁「12315」+50；重复联系「第三次」+50".</summary>
public static class UrgencyText
{
    /// <summary>The marker shown on the queue and the ticket: a score and its stored reasons.</summary>
    public sealed record Mark(int Score, IReadOnlyList<string> Reasons);

    public static string Reason(IStringLocalizer l, UrgencyReason reason) =>
        l["urgency.reason." + reason.Code, reason.Term, reason.Points > 0 ? $"+{reason.Points}" : reason.Points.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    public static string Describe(IStringLocalizer l, IEnumerable<string> reasons) =>
        string.Join(l["urgency.separator"], reasons.Select(UrgencyReason.Decode).OfType<UrgencyReason>().Select(r => Reason(l, r)));

    /// <summary>A marker when the ticket has turned urgent, else none.</summary>
    public static Mark? Of(DateTimeOffset? urgentAt, int? score, IReadOnlyList<string>? reasons) =>
        urgentAt is not null && score is { } s ? new Mark(s, reasons ?? []) : null;
}
