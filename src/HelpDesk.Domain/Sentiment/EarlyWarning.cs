using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Sentiment;

public static class EarlyWarning
{
    /// <summary>Who raised the priority of an angry customer's ticket, on the timeline and in the audit trail.</summary>
    public static readonly Actor Actor = new(null, "system:urgency");
}
