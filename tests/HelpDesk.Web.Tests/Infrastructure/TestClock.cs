namespace HelpDesk.Web.Tests.Infrastructure;

/// <summary>A clock the test sets and moves by hand.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now.ToUniversalTime();

    /// <summary>Always UTC, like the system clock (PostgreSQL's timestamptz takes only UTC offsets).</summary>
    public override DateTimeOffset GetUtcNow() => _now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void Advance(TimeSpan by) => _now += by;

    public void Set(DateTimeOffset now) => _now = now.ToUniversalTime();
}
