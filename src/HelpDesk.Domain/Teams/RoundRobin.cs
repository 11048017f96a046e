namespace HelpDesk.Domain.Teams;

/// <summary>An agent as automatic assignment sees them.</summary>
public sealed record AssignmentCandidate(Guid UserId, bool OnDuty, int OpenTickets, int MaxOpenTickets, DateTimeOffset? LastAssignedAt);

/// <summary>
/// Automatic assignment within a team (R3 triage): among agents who are on duty and under their capacity, the one
/// who was given a ticket longest ago (never first); ties go to the lighter load, then a stable id order.
/// </summary>
public static class RoundRobin
{
    public static Guid? Pick(IEnumerable<AssignmentCandidate> candidates) =>
        candidates
            .Where(c => c.OnDuty && c.OpenTickets < c.MaxOpenTickets)
            .OrderBy(c => c.LastAssignedAt ?? DateTimeOffset.MinValue)
            .ThenBy(c => c.OpenTickets)
            .ThenBy(c => c.UserId)
            .Select(c => (Guid?)c.UserId)
            .FirstOrDefault();
}
