using HelpDesk.Domain.Common;
using HelpDesk.Domain.Tickets;

namespace HelpDesk.Domain.Sla;

public enum PauseReason
{
    None,
    WaitingForCustomer,
    OnHold,
}

public enum EscalationLevel
{
    AtRisk,
    Breached,
}

/// <summary>A clock that reached a level: what the monitor escalates, once per ticket, metric and level.</summary>
public sealed record SlaAlarm(SlaMetric Metric, EscalationLevel Level);

/// <summary>
/// A ticket's SLA (R7): its three clocks under the policy that matched it, and why they are paused. Fed by the
/// ticket's events (opened, replies, customer messages, status changes, reclassification) and by the monitor's
/// ticks; summarised into the ticket's <see cref="SlaState"/> and next deadline, which the queue and the
/// monitor's index use.
/// </summary>
public sealed class TicketSla
{
    public int? PolicyId { get; private set; }

    public int? CalendarId { get; private set; }

    public SlaClock FirstResponse { get; private set; } = new();

    public SlaClock NextResponse { get; private set; } = new();

    public SlaClock Resolution { get; private set; } = new();

    public PauseReason PauseReason { get; private set; }

    public DateTimeOffset? PausedAt { get; private set; }

    /// <summary>When a capped pause ends and the clocks run again even without the customer.</summary>
    public DateTimeOffset? PauseEndsAt { get; private set; }

    public IEnumerable<(SlaMetric Metric, SlaClock Clock)> Clocks =>
        [(SlaMetric.FirstResponse, FirstResponse), (SlaMetric.NextResponse, NextResponse), (SlaMetric.Resolution, Resolution)];

    /// <summary>
    /// Applies one event of the ticket's life to the clocks: opening starts first response and resolution, an
    /// agent's response stops first and next response, the customer's next message starts next response, status
    /// changes pause, stop and resume, and reclassification (priority, category, team) re-targets under the policy
    /// that matches now. Events that do not concern the clocks change nothing.
    /// </summary>
    public void Apply(IDomainEvent e, SlaPolicy? policy, BusinessCalendar? calendar)
    {
        if (policy is null || calendar is null || e is not TicketEvent)
        {
            return;
        }

        var reclassified = e is PriorityChanged or CategoryChanged || (e is TicketAssigned assigned && assigned.FromTeamId != assigned.ToTeamId);
        if (PolicyId != policy.Id || reclassified)
        {
            UsePolicy(policy, calendar, e.At);
        }

        switch (e)
        {
            case TicketOpened:
                FirstResponse.Start(e.At, calendar);
                Resolution.Start(e.At, calendar);
                break;
            case AgentResponded:
                FirstResponse.Stop(e.At, calendar);
                NextResponse.Stop(e.At, calendar);
                break;
            case CustomerWrote when FirstResponse.StoppedAt is not null && !NextResponse.IsRunning && PauseReason == PauseReason.None:
                NextResponse.Start(e.At, calendar);
                break;
            case StatusChanged status:
                OnStatus(status.From, status.To, e.At, policy, calendar);
                break;
        }
    }

    /// <summary>
    /// The monitor's look at the ticket: ends a capped pause, and returns every level a clock has reached
    /// (the caller escalates each once).
    /// </summary>
    public IReadOnlyList<SlaAlarm> Tick(DateTimeOffset now, BusinessCalendar calendar)
    {
        if (PauseReason != PauseReason.None && PauseEndsAt is { } ends && now >= ends)
        {
            ResumeAll(ends, calendar);
        }

        var alarms = new List<SlaAlarm>();
        foreach (var (metric, clock) in Clocks)
        {
            if (clock.IsAtRisk(now))
            {
                alarms.Add(new(metric, EscalationLevel.AtRisk));
            }

            clock.MarkBreachedIfDue(now);
            if (clock.IsRunning && clock.Breached)
            {
                alarms.Add(new(metric, EscalationLevel.Breached));
            }
        }

        return alarms;
    }

    /// <summary>The ticket-level summary: the worst running clock, and when the monitor must look next.</summary>
    public (SlaState State, DateTimeOffset? NextCheck) Summary(DateTimeOffset now)
    {
        var running = Clocks.Select(c => c.Clock).Where(c => c.IsRunning).ToList();
        var state = running.Any(c => c.Breached || now >= c.DueAt) ? SlaState.Breached
            : running.Any(c => c.IsAtRisk(now)) ? SlaState.AtRisk
            : running.Count > 0 ? SlaState.OnTrack
            : PauseReason != PauseReason.None ? SlaState.Paused
            : SlaState.None;
        var next = running.Select(c => c.NextCheck(now)).Append(PauseReason != PauseReason.None ? PauseEndsAt : null)
            .Where(t => t is not null).Min();
        return (state, next);
    }

    /// <summary>
    /// Counts the running clocks' due times (and a capped pause's end) again in <paramref name="calendar"/> as it is now —
    /// after holidays were imported or edited — without touching what they have consumed.
    /// </summary>
    public void Reschedule(SlaPolicy policy, BusinessCalendar calendar)
    {
        foreach (var (_, clock) in Clocks)
        {
            clock.Reschedule(calendar);
        }

        if (PauseReason != PauseReason.None && PausedAt is { } pausedAt && policy.PauseCapMinutes is { } cap)
        {
            PauseEndsAt = calendar.AddBusinessMinutes(pausedAt, cap);
        }
    }

    /// <summary>Targets the clocks with <paramref name="policy"/> from <paramref name="at"/> (a changed policy, a reclassified ticket).</summary>
    public void UsePolicy(SlaPolicy policy, BusinessCalendar calendar, DateTimeOffset at)
    {
        PolicyId = policy.Id;
        CalendarId = calendar.Id;
        FirstResponse.SetTarget(policy.FirstResponseMinutes, policy.AtRiskPercent, at, calendar);
        NextResponse.SetTarget(policy.NextResponseMinutes, policy.AtRiskPercent, at, calendar);
        Resolution.SetTarget(policy.ResolutionMinutes, policy.AtRiskPercent, at, calendar);
    }

    private void OnStatus(TicketStatus from, TicketStatus to, DateTimeOffset at, SlaPolicy policy, BusinessCalendar calendar)
    {
        switch (to)
        {
            case TicketStatus.PendingCustomer:
                Pause(PauseReason.WaitingForCustomer, at, policy.PauseCapMinutes, calendar);
                break;
            case TicketStatus.OnHold:
                Pause(PauseReason.OnHold, at, policy.PauseCapMinutes, calendar);
                break;
            case TicketStatus.Resolved or TicketStatus.Closed:
                foreach (var (_, clock) in Clocks)
                {
                    clock.Stop(at, calendar);
                }

                PauseReason = PauseReason.None;
                PausedAt = PauseEndsAt = null;
                break;
            case TicketStatus.Open or TicketStatus.New:
                if (from is TicketStatus.Resolved or TicketStatus.Closed)
                {
                    Resolution.Resume(at, calendar);
                }
                else
                {
                    ResumeAll(at, calendar);
                }

                break;
        }
    }

    private void Pause(PauseReason reason, DateTimeOffset at, int? capMinutes, BusinessCalendar calendar)
    {
        foreach (var (_, clock) in Clocks)
        {
            clock.Pause(at, calendar);
        }

        PauseReason = reason;
        PausedAt = at;
        PauseEndsAt = capMinutes is { } cap ? calendar.AddBusinessMinutes(at, cap) : null;
    }

    private void ResumeAll(DateTimeOffset at, BusinessCalendar calendar)
    {
        if (PauseReason == PauseReason.None)
        {
            return;
        }

        foreach (var (_, clock) in Clocks)
        {
            if (clock.StoppedAt is null)
            {
                clock.Resume(at, calendar);
            }
        }

        PauseReason = PauseReason.None;
        PausedAt = PauseEndsAt = null;
    }
}
