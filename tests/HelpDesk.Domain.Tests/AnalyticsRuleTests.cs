using HelpDesk.Domain.Analytics;
using HelpDesk.Domain.Sla;

namespace HelpDesk.Domain.Tests;

/// <summary>Issue 16 item 2: duration buckets, nearest-rank percentiles and medians, the complaint-rate rule, report periods, rising topics.</summary>
public sealed class AnalyticsRuleTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(0.4, 0)]
    [InlineData(0.5, 1)]
    [InlineData(45, 45)]
    [InlineData(119.49, 119)]
    [InlineData(119.5, 120)]
    [InlineData(124, 120)]
    [InlineData(125, 125)]
    [InlineData(599, 595)]
    [InlineData(600, 600)]
    [InlineData(629, 600)]
    [InlineData(2_400, 2_400)]
    [InlineData(2_519, 2_400)]
    [InlineData(20_000, 19_800)]
    [InlineData(-5, 0)]
    public void Minutes_fall_in_buckets_exact_below_two_hours_and_coarser_above(double minutes, int bucket) =>
        Assert.Equal(bucket, DurationBuckets.Bucket((decimal)minutes));

    [Fact]
    public void A_bucket_stands_for_its_value_when_one_minute_wide_else_its_middle_within_two_and_a_half_percent()
    {
        Assert.Equal(45m, DurationBuckets.Representative(45));
        Assert.Equal(122.5m, DurationBuckets.Representative(120));
        Assert.Equal(615m, DurationBuckets.Representative(600));
        foreach (var m in new[] { 120m, 333m, 599m, 600m, 1_234m, 2_399m, 2_400m, 9_999m, 14_400m, 50_000m })
        {
            var shown = DurationBuckets.Representative(DurationBuckets.Bucket(m));
            Assert.InRange(Math.Abs(shown - m) / m, 0m, 0.025m);
        }
    }

    [Fact]
    public void Percentiles_are_by_nearest_rank()
    {
        var h = new Dictionary<int, long> { [5] = 1, [20] = 1, [45] = 1 };
        Assert.Equal(20, Percentile.OfHistogram(h, 50));
        Assert.Equal(45, Percentile.OfHistogram(h, 90));
        var even = new Dictionary<int, long> { [35] = 1, [70] = 1, [80] = 1, [90] = 1 };
        Assert.Equal(70, Percentile.OfHistogram(even, 50)); // the lower middle: at least half are at or below it
        Assert.Equal(90, Percentile.OfHistogram(even, 90));
        var heavy = new Dictionary<int, long> { [1] = 89, [500] = 11 };
        Assert.Equal(500, Percentile.OfHistogram(heavy, 90));
        Assert.Equal(1, Percentile.OfHistogram(new Dictionary<int, long> { [1] = 90, [500] = 10 }, 90));
        Assert.Null(Percentile.OfHistogram(new Dictionary<int, long>(), 50));
        Assert.Null(Percentile.OfHistogram(new Dictionary<int, long> { [3] = 0 }, 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentile.OfHistogram(h, 0));
    }

    [Fact]
    public void The_median_of_numbers_averages_the_two_middle_ones()
    {
        Assert.Equal(25m, Percentile.Median([20m, 30m]));
        Assert.Equal(30m, Percentile.Median([100m, 30m, 5m]));
        Assert.Null(Percentile.Median([]));
    }

    [Fact]
    public void Business_minutes_across_lunch_and_evening_are_what_the_calendar_counts()
    {
        var calendar = new BusinessCalendar("工作日", BusinessCalendar.DefaultTimeZone, is24x7: false);
        calendar.SetWorkingIntervals(Enumerable.Range(1, 5).SelectMany(d => new[]
        {
            new WorkingInterval((DayOfWeek)d, new TimeOnly(9, 0), new TimeOnly(12, 0)),
            new WorkingInterval((DayOfWeek)d, new TimeOnly(13, 30), new TimeOnly(18, 0)),
        }));
        var cst = TimeSpan.FromHours(8);
        Assert.Equal(20, calendar.BusinessTimeBetween(new(2026, 11, 18, 11, 50, 0, cst), new(2026, 11, 18, 13, 40, 0, cst)).TotalMinutes);
        Assert.Equal(45, calendar.BusinessTimeBetween(new(2026, 11, 18, 17, 30, 0, cst), new(2026, 11, 19, 9, 15, 0, cst)).TotalMinutes);
        Assert.Equal(30, calendar.BusinessTimeBetween(new(2026, 11, 20, 17, 45, 0, cst), new(2026, 11, 23, 9, 15, 0, cst)).TotalMinutes); // over a weekend
    }

    [Fact]
    public void The_complaint_rate_needs_the_minimum_volume_and_alerts_only_above_the_threshold()
    {
        var rule = new ComplaintRateRule(50, 0.05m).Validate();
        Assert.Equal((null, ComplaintRateVerdict.NotEnoughOrders), rule.Evaluate(10, 49));
        Assert.Equal((0.05m, ComplaintRateVerdict.Normal), rule.Evaluate(5, 100)); // at the threshold: no alert
        Assert.Equal((0.0594m, ComplaintRateVerdict.AboveThreshold), rule.Evaluate(6, 101));
        Assert.Equal((0m, ComplaintRateVerdict.Normal), rule.Evaluate(0, 50));
        Assert.Equal((1.2m, ComplaintRateVerdict.AboveThreshold), rule.Evaluate(60, 50)); // more complaints than units can happen
        Assert.Throws<ArgumentException>(() => new ComplaintRateRule(0, 0.05m).Validate());
        Assert.Throws<ArgumentException>(() => new ComplaintRateRule(50, 0m).Validate());
    }

    [Fact]
    public void A_period_is_a_preset_or_a_range_of_at_most_ninety_days()
    {
        var today = new DateOnly(2026, 12, 2);
        Assert.Equal(new ReportPeriod(new DateOnly(2026, 11, 3), today), ReportPeriod.Parse(null, null, null, today).Period);
        Assert.Equal(new ReportPeriod(new DateOnly(2026, 11, 26), today), ReportPeriod.Parse("7", null, null, today).Period);
        Assert.Equal(90, ReportPeriod.Parse("90", "", " ", today).Period!.Days);
        Assert.Equal(90, ReportPeriod.Parse(null, "2026-09-04", "2026-12-02", today).Period!.Days);
        Assert.Equal(("to", "performance.period.too_long"), Refusal(ReportPeriod.Parse(null, "2026-09-03", "2026-12-02", today)));
        Assert.Equal(("to", "performance.period.reversed"), Refusal(ReportPeriod.Parse(null, "2026-12-02", "2026-12-01", today)));
        Assert.Equal(("from", "performance.period.from_invalid"), Refusal(ReportPeriod.Parse(null, "2026-13-01", "2026-12-01", today)));
        Assert.Equal(("to", "performance.period.to_invalid"), Refusal(ReportPeriod.Parse(null, "2026-12-01", null, today)));
        Assert.Equal(("days", "performance.period.days_invalid"), Refusal(ReportPeriod.Parse("14", null, null, today)));
        Assert.Equal(("days", "performance.period.days_invalid"), Refusal(ReportPeriod.Parse("-7", null, null, today)));
    }

    private static (string?, string?) Refusal((ReportPeriod? Period, string? Field, string? Error) r)
    {
        Assert.Null(r.Period);
        return (r.Field, r.Error);
    }

    [Theory]
    [InlineData(5, 0, true)] // new this period, at the minimum
    [InlineData(4, 0, false)] // new, but below the minimum
    [InlineData(10, 20, true)] // baseline 5 a period: exactly twice
    [InlineData(9, 20, false)] // just under twice
    [InlineData(50, 400, false)] // a common word at its usual level
    [InlineData(300, 400, true)]
    public void A_topic_rises_from_the_minimum_on_at_twice_its_baseline(long tickets, long baselineTickets, bool rising)
    {
        var (_, verdict) = new RisingTopicRule().Validate().Evaluate(tickets, baselineTickets);
        Assert.Equal(rising, verdict);
    }

    [Fact]
    public void The_baseline_is_the_average_of_the_periods_before_of_the_same_length()
    {
        var rule = new RisingTopicRule(MinimumTickets: 3, Factor: 1.5m, BaselinePeriods: 4);
        var week = new ReportPeriod(new DateOnly(2026, 11, 24), new DateOnly(2026, 11, 30));

        Assert.Equal(new DateOnly(2026, 10, 27), rule.BaselineFrom(week)); // four weeks before the 24th
        Assert.Equal((2.5m, true), rule.Evaluate(4, 10));
        Assert.Equal((3.33m, false), new RisingTopicRule(BaselinePeriods: 3).Evaluate(6, 10));
        Assert.Throws<ArgumentException>(() => new RisingTopicRule(Factor: 1m).Validate());
        Assert.Throws<ArgumentException>(() => new RisingTopicRule(MinimumTickets: 0).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => rule.Evaluate(-1, 0));
    }
}
