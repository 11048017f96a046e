namespace HelpDesk.Domain.AfterSales;

public enum AfterSalesReason
{
    /// <summary>七天无理由: the customer changed their mind.</summary>
    NoReason,
    QualityProblem,
    WrongItem,
    DamagedInTransit,
    Other,
}

/// <summary>What the policy needs to know about one order line and the request on it.</summary>
public sealed record PolicyQuestion(
    AfterSalesKind Kind,
    AfterSalesReason Reason,
    DateTimeOffset? DeliveredAt,
    bool ExcludedFromNoReasonReturn,
    int OrderedQuantity,
    int RequestedQuantity,
    decimal PaidAmount,
    decimal AlreadyRefunded,
    DateTimeOffset Now,
    TimeZoneInfo Zone);

/// <summary>One sentence of the verdict: a localization key and its arguments, for the agent to read and paste.</summary>
public sealed record PolicyReason(string Key, params object[] Arguments);

/// <summary>Allowed or not, the largest refund the line allows, and why — in words for the customer.</summary>
public sealed record PolicyVerdict(bool Allowed, decimal MaxAmount, IReadOnlyList<PolicyReason> Reasons);

/// <summary>
/// The shop's after-sales policy (R5), pure: 7-day no-reason return counted from delivery in the business time zone
/// (through the end of the 7th day after the delivery day), unless the product is excluded (opened personal care,
/// customised goods); quality problems, wrong or damaged items: refund, return or exchange within 15 days, repair
/// within the 365-day warranty; never more than was paid for the quantity, less what was already refunded.
/// </summary>
public static class ReturnPolicy
{
    public const int NoReasonDays = 7;
    public const int QualityDays = 15;
    public const int WarrantyDays = 365;

    public static PolicyVerdict Evaluate(PolicyQuestion q)
    {
        var reasons = new List<PolicyReason>();
        if (q.RequestedQuantity <= 0 || q.RequestedQuantity > q.OrderedQuantity)
        {
            return new(false, 0, [new("policy.quantity", q.OrderedQuantity)]);
        }

        var perUnit = q.PaidAmount / q.OrderedQuantity;
        var left = Math.Max(0, q.PaidAmount - q.AlreadyRefunded);
        var max = Math.Round(Math.Min(perUnit * q.RequestedQuantity, left), 2);
        if (q.AlreadyRefunded > 0)
        {
            reasons.Add(new("policy.already_refunded", q.AlreadyRefunded, left));
        }

        if (q.Kind == AfterSalesKind.Compensation)
        {
            return new(true, 0, [new("policy.compensation")]);
        }

        if (q.DeliveredAt is not { } delivered)
        {
            // Not delivered (lost or late parcel): only the money can come back.
            var ok = q.Kind == AfterSalesKind.RefundOnly && max > 0;
            reasons.Add(new(ok ? "policy.not_delivered.refund" : "policy.not_delivered"));
            return new(ok, ok ? max : 0, reasons);
        }

        var deliveryDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(delivered, q.Zone).DateTime);
        bool Within(int days, out DateOnly lastDay)
        {
            lastDay = deliveryDay.AddDays(days);
            var end = lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue);
            return q.Now < new DateTimeOffset(end, q.Zone.GetUtcOffset(end));
        }

        if (q.Reason == AfterSalesReason.NoReason)
        {
            if (q.ExcludedFromNoReasonReturn)
            {
                reasons.Add(new("policy.no_reason.excluded"));
                return new(false, 0, reasons);
            }

            var inTime = Within(NoReasonDays, out var last);
            reasons.Add(new(inTime ? "policy.no_reason.ok" : "policy.no_reason.late", deliveryDay, last));
            var allowed = inTime && q.Kind is AfterSalesKind.ReturnAndRefund && max > 0;
            if (inTime && q.Kind is not AfterSalesKind.ReturnAndRefund)
            {
                reasons.Add(new("policy.no_reason.return_only"));
            }
            else if (inTime && !allowed)
            {
                reasons.Add(new("policy.nothing_left"));
            }

            return new(allowed, allowed ? max : 0, reasons);
        }

        if (q.Kind == AfterSalesKind.Repair)
        {
            var inWarranty = Within(WarrantyDays, out var warrantyEnd);
            reasons.Add(new(inWarranty ? "policy.repair.ok" : "policy.repair.late", warrantyEnd));
            return new(inWarranty, 0, reasons);
        }

        var inQuality = Within(QualityDays, out var qualityEnd);
        reasons.Add(new(inQuality ? "policy.quality.ok" : "policy.quality.late", deliveryDay, qualityEnd));
        var money = q.Kind is AfterSalesKind.RefundOnly or AfterSalesKind.ReturnAndRefund;
        var granted = inQuality && (!money || max > 0);
        if (inQuality && !granted)
        {
            reasons.Add(new("policy.nothing_left"));
        }

        return new(granted, granted && money ? max : 0, reasons);
    }
}
