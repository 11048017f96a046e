using System.Globalization;

namespace HelpDesk.Web.Infrastructure;

/// <summary>Times are stored in UTC and shown in the business time zone (<c>HelpDesk:TimeZone</c>, default Asia/Shanghai).</summary>
public sealed class BusinessTime(IConfiguration configuration)
{
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(configuration["HelpDesk:TimeZone"] is { Length: > 0 } id ? id : "Asia/Shanghai");

    public DateTimeOffset ToLocal(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, Zone);

    public string Format(DateTimeOffset time) => ToLocal(time).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public string Format(DateTimeOffset? time) => time is { } t ? Format(t) : string.Empty;
}
