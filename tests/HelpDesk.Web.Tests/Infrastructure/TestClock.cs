using Microsoft.Extensions.Time.Testing;

namespace HelpDesk.Web.Tests.Infrastructure;

/// <summary>Test clocks are <see cref="FakeTimeProvider"/>s that always report UTC, like the system clock (timestamptz takes only UTC).</summary>
public static class TestClock
{
    public static FakeTimeProvider At(DateTimeOffset now) => new(now.ToUniversalTime());

    /// <summary>Moves the clock to <paramref name="now"/>, forwards or back (a test may start a scenario on another day).</summary>
    public static void Set(this FakeTimeProvider clock, DateTimeOffset now) => clock.AdjustTime(now.ToUniversalTime());
}
