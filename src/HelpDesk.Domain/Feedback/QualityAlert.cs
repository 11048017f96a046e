using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Feedback;

public enum QualityAlertScope
{
    Product,
    Supplier,
}

/// <summary>
/// A complaint rate above the threshold (issue 16 item 2), raised once per product or supplier and period into a
/// department's queue (R10) with the numbers it was raised on. The unique key is (scope, subject, period start).
/// </summary>
public class QualityAlert
{
    private QualityAlert()
    {
        Subject = string.Empty;
        Label = string.Empty;
    }

    public QualityAlert(QualityAlertScope scope, string subject, string label, int departmentTeamId, DateOnly periodStart, DateOnly periodEnd,
        long complaints, long units, decimal rate, decimal threshold, DateTimeOffset now)
    {
        Scope = scope;
        Subject = Guard.NotBlank(subject, "quality_alert.subject", 200);
        Label = Guard.NotBlank(label, "quality_alert.label", 300);
        DepartmentTeamId = departmentTeamId;
        PeriodStart = periodStart;
        PeriodEnd = periodEnd;
        Complaints = complaints;
        Units = units;
        Rate = rate;
        Threshold = threshold;
        RaisedAt = now;
    }

    public long Id { get; private set; }

    public QualityAlertScope Scope { get; private set; }

    /// <summary>The product id (as text) or the supplier's name.</summary>
    public string Subject { get; private set; }

    /// <summary>What the department reads: the product's name (and supplier) or the supplier.</summary>
    public string Label { get; private set; }

    public int DepartmentTeamId { get; private set; }

    public DateOnly PeriodStart { get; private set; }

    /// <summary>The last business date the numbers covered when it was raised.</summary>
    public DateOnly PeriodEnd { get; private set; }

    public long Complaints { get; private set; }

    public long Units { get; private set; }

    public decimal Rate { get; private set; }

    public decimal Threshold { get; private set; }

    public DateTimeOffset RaisedAt { get; private set; }
}
