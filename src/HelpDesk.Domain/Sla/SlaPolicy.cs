using HelpDesk.Domain.Common;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;

namespace HelpDesk.Domain.Sla;

/// <summary>How a target fits its calendar, counted from now.</summary>
public enum TargetFit
{
    Fits,

    /// <summary>It would end after the last day with known holidays: import the next year's schedule first.</summary>
    BeyondKnownCalendar,

    /// <summary>It would end more than <see cref="SlaPolicy.MaxTargetDays"/> days from now.</summary>
    TooLong,
}

/// <summary>
/// One rule of the ordered SLA rule list: the first active policy (by <see cref="Position"/>) whose conditions all
/// match a ticket gives its targets. A null condition matches anything.
/// </summary>
public class SlaPolicy
{
    /// <summary>The longest a target may run: it must end within this many days of now (and within the known calendar).</summary>
    public const int MaxTargetDays = 366;

    private SlaPolicy()
    {
        Name = string.Empty;
    }

    public SlaPolicy(string name, int position, int calendarId, int firstResponseMinutes, int nextResponseMinutes, int resolutionMinutes, int atRiskPercent = 75)
    {
        Name = Guard.NotBlank(name, "sla.name", 100);
        Position = position;
        CalendarId = calendarId;
        SetTargets(firstResponseMinutes, nextResponseMinutes, resolutionMinutes, atRiskPercent);
        IsActive = true;
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    public int Position { get; private set; }

    public bool IsActive { get; private set; }

    public TicketPriority? Priority { get; private set; }

    public TicketCategory? Category { get; private set; }

    public Channel? Channel { get; private set; }

    public CustomerTier? CustomerTier { get; private set; }

    public int CalendarId { get; private set; }

    public int FirstResponseMinutes { get; private set; }

    public int NextResponseMinutes { get; private set; }

    public int ResolutionMinutes { get; private set; }

    /// <summary>A clock is "at risk" once this share of its target has elapsed.</summary>
    public int AtRiskPercent { get; private set; }

    /// <summary>Business minutes a pause (waiting for the customer, on hold) may last before the clocks run again; null: no cap.</summary>
    public int? PauseCapMinutes { get; private set; }

    public void SetPauseCap(int? minutes) =>
        PauseCapMinutes = minutes is null ? null : Guard.Positive(minutes.Value, "sla.pause_cap");

    public void Rename(string name, int position)
    {
        Name = Guard.NotBlank(name, "sla.name", 100);
        Position = position;
    }

    public void UseCalendar(int calendarId) => CalendarId = calendarId;

    public void Activate(bool active) => IsActive = active;

    public void MatchOn(TicketPriority? priority, TicketCategory? category, Channel? channel, CustomerTier? tier)
    {
        Priority = priority;
        Category = category;
        Channel = channel;
        CustomerTier = tier;
    }

    public void SetTargets(int firstResponseMinutes, int nextResponseMinutes, int resolutionMinutes, int atRiskPercent)
    {
        FirstResponseMinutes = Guard.Positive(firstResponseMinutes, "sla.first_response");
        NextResponseMinutes = Guard.Positive(nextResponseMinutes, "sla.next_response");
        ResolutionMinutes = Guard.Positive(resolutionMinutes, "sla.resolution");
        if (atRiskPercent is < 1 or > 99)
        {
            throw new DomainException("sla.at_risk_percent");
        }

        AtRiskPercent = atRiskPercent;
    }

    /// <summary>
    /// Whether <paramref name="minutes"/> business minutes of <paramref name="calendar"/>, started now, end on a day whose
    /// holidays are known and within <see cref="MaxTargetDays"/> days: a deadline nobody can compute honestly is no target.
    /// </summary>
    public static TargetFit Fit(int minutes, BusinessCalendar calendar, DateTimeOffset now)
    {
        if (minutes > MaxTargetDays * 24 * 60)
        {
            return TargetFit.TooLong;
        }

        var end = calendar.Reach(now, Math.Max(0, minutes));
        return end.BeyondKnownCalendar ? TargetFit.BeyondKnownCalendar
            : end.At > now.AddDays(MaxTargetDays) ? TargetFit.TooLong
            : TargetFit.Fits;
    }

    public bool Matches(TicketPriority priority, TicketCategory category, Channel channel, CustomerTier tier) =>
        IsActive
        && (Priority is null || Priority == priority)
        && (Category is null || Category == category)
        && (Channel is null || Channel == channel)
        && (CustomerTier is null || CustomerTier == tier);

    /// <summary>The policy that applies: the first match in rule order, or null when none does.</summary>
    public static SlaPolicy? Select(IEnumerable<SlaPolicy> policies, TicketPriority priority, TicketCategory category, Channel channel, CustomerTier tier) =>
        policies.OrderBy(p => p.Position).ThenBy(p => p.Id).FirstOrDefault(p => p.Matches(priority, category, channel, tier));
}
