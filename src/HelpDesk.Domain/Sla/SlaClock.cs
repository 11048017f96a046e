namespace HelpDesk.Domain.Sla;

public enum SlaMetric
{
    FirstResponse,
    NextResponse,
    Resolution,
}

public enum ClockState
{
    NotStarted,
    Running,
    Paused,
    Met,
    MetLate,
}

/// <summary>
/// One SLA clock (first response, next response or resolution) counting business time of a calendar. It runs in
/// segments: <see cref="ElapsedMinutes"/> is what earlier segments consumed, <see cref="RunningSince"/> when the current
/// one began. While it runs, <see cref="DueAt"/> and <see cref="AtRiskAt"/> are the instants it reaches its target
/// and its at-risk share of it.
/// </summary>
public sealed class SlaClock
{
    public int TargetMinutes { get; private set; }

    public int AtRiskPercent { get; private set; } = 75;

    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>Business minutes consumed before <see cref="RunningSince"/>.</summary>
    public double ElapsedMinutes { get; private set; }

    public DateTimeOffset? RunningSince { get; private set; }

    public DateTimeOffset? DueAt { get; private set; }

    public DateTimeOffset? AtRiskAt { get; private set; }

    public DateTimeOffset? StoppedAt { get; private set; }

    /// <summary>It reached its target while running (set by the monitor, or on stopping late).</summary>
    public bool Breached { get; private set; }

    public bool IsRunning => RunningSince is not null;

    public ClockState State => StartedAt is null ? ClockState.NotStarted
        : RunningSince is not null ? ClockState.Running
        : StoppedAt is null ? ClockState.Paused
        : Breached ? ClockState.MetLate : ClockState.Met;

    public void SetTarget(int targetMinutes, int atRiskPercent, DateTimeOffset now, BusinessCalendar calendar)
    {
        TargetMinutes = targetMinutes;
        AtRiskPercent = atRiskPercent;
        if (IsRunning)
        {
            // A changed target applies from now on: what ran so far stays counted.
            ElapsedMinutes += calendar.BusinessTimeBetween(RunningSince!.Value, now).TotalMinutes;
            RunningSince = now;
            Schedule(calendar);
        }
    }

    /// <summary>Starts afresh (the next-response clock starts again after every customer message).</summary>
    public void Start(DateTimeOffset now, BusinessCalendar calendar)
    {
        StartedAt = now;
        ElapsedMinutes = 0;
        StoppedAt = null;
        Breached = false;
        RunningSince = now;
        Schedule(calendar);
    }

    public void Pause(DateTimeOffset now, BusinessCalendar calendar)
    {
        if (!IsRunning)
        {
            return;
        }

        ElapsedMinutes += calendar.BusinessTimeBetween(RunningSince!.Value, now).TotalMinutes;
        RunningSince = null;
        DueAt = AtRiskAt = null;
    }

    /// <summary>Continues a paused clock, or one that was met and is needed again (a reopened ticket).</summary>
    public void Resume(DateTimeOffset now, BusinessCalendar calendar)
    {
        if (StartedAt is null || IsRunning)
        {
            return;
        }

        StoppedAt = null;
        RunningSince = now;
        Schedule(calendar);
    }

    /// <summary>The clock's goal was reached (a reply, a resolution); late if its due time had passed.</summary>
    public void Stop(DateTimeOffset now, BusinessCalendar calendar)
    {
        if (!IsRunning)
        {
            return;
        }

        Breached |= now > DueAt;
        Pause(now, calendar);
        StoppedAt = now;
    }

    /// <summary>Marks the breach once the due time has passed; true the first time.</summary>
    public bool MarkBreachedIfDue(DateTimeOffset now)
    {
        if (!IsRunning || Breached || now < DueAt)
        {
            return false;
        }

        Breached = true;
        return true;
    }

    public bool IsAtRisk(DateTimeOffset now) => IsRunning && now >= AtRiskAt;

    /// <summary>Business time left to the target (negative when overdue), counting the running segment.</summary>
    public TimeSpan Remaining(DateTimeOffset now, BusinessCalendar calendar)
    {
        var used = ElapsedMinutes + (IsRunning ? calendar.BusinessTimeBetween(RunningSince!.Value, now).TotalMinutes : 0);
        if (IsRunning && now > DueAt)
        {
            // Past due: how long ago, in business time.
            return -calendar.BusinessTimeBetween(DueAt!.Value, now);
        }

        return TimeSpan.FromMinutes(TargetMinutes - used);
    }

    /// <summary>The next instant the monitor must look at this clock: when it becomes at risk, then when it is due.</summary>
    public DateTimeOffset? NextCheck(DateTimeOffset now) =>
        !IsRunning ? null : now < AtRiskAt ? AtRiskAt : !Breached ? DueAt : null;

    /// <summary>Counts a running clock's due and at-risk times again (the calendar changed); what it consumed stays.</summary>
    public void Reschedule(BusinessCalendar calendar)
    {
        if (IsRunning)
        {
            Schedule(calendar);
        }
    }

    private void Schedule(BusinessCalendar calendar)
    {
        var left = Math.Max(0, TargetMinutes - ElapsedMinutes);
        var riskLeft = Math.Max(0, (TargetMinutes * AtRiskPercent / 100.0) - ElapsedMinutes);
        DueAt = calendar.AddBusinessMinutes(RunningSince!.Value, left);
        AtRiskAt = calendar.AddBusinessMinutes(RunningSince.Value, riskLeft);
    }
}
