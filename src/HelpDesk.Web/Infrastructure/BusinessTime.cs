using System.Globalization;

namespace HelpDesk.Web.Infrastructure;

/// <summary>Times are stored in UTC and shown in the business time zone (<c>HelpDesk:TimeZone</c>, default Asia/Shanghai).</summary>
public sealed class BusinessTime(Microsoft.Extensions.Options.IOptions<HelpDeskOptions> options)
{
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public DateTimeOffset ToLocal(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, Zone);

    /// <summary>A local date and time typed by a user (datetime-local) as an instant.</summary>
    public DateTimeOffset FromLocal(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, Zone.GetUtcOffset(unspecified)).ToUniversalTime();
    }

    /// <summary>The first instant of a business day (midnight in the business time zone).</summary>
    public DateTimeOffset StartOfDay(DateOnly day) => FromLocal(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>For datetime-local inputs.</summary>
    public string Input(DateTimeOffset time) => ToLocal(time).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    public string Format(DateTimeOffset time) => ToLocal(time).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public string Format(DateTimeOffset? time) => time is { } t ? Format(t) : string.Empty;

    /// <summary>For narrow columns: "14:05" today, "12-03 14:05" this year, else the date (the full time goes in a title).</summary>
    public string FormatShort(DateTimeOffset time, DateTimeOffset now)
    {
        var (local, today) = (ToLocal(time), ToLocal(now));
        var format = local.Date == today.Date ? "HH:mm" : local.Year == today.Year ? "MM-dd HH:mm" : "yyyy-MM-dd";
        return local.ToString(format, CultureInfo.InvariantCulture);
    }
}
