using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Teams;

public enum TeamKind
{
    /// <summary>Agents who work tickets.</summary>
    Service,

    /// <summary>Another department that receives routed feedback (R10).</summary>
    Department,
}

public enum Department
{
    Product,
    Logistics,
    Finance,
    Operations,
    AfterSales,
}

public class Team
{
    private readonly List<TeamMember> _members = [];

    private Team()
    {
        Name = string.Empty;
    }

    public Team(string name, TeamKind kind, Department? department = null)
    {
        if ((kind == TeamKind.Department) != department.HasValue)
        {
            throw new DomainException("team.department_mismatch");
        }

        Name = Guard.NotBlank(name, "team.name", 100);
        Kind = kind;
        Department = department;
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    public TeamKind Kind { get; private set; }

    public Department? Department { get; private set; }

    public int? CalendarId { get; private set; }

    public Guid? SupervisorId { get; private set; }

    /// <summary>Where tickets of this team go when their SLA is breached, if anywhere.</summary>
    public int? EscalationTeamId { get; private set; }

    /// <summary>Local time (in the team's calendar) the evening checklist is built on working days; default 18:00.</summary>
    public TimeOnly ChecklistTime { get; private set; } = new(18, 0);

    public void SetChecklistTime(TimeOnly time) => ChecklistTime = time;

    /// <summary>Whether the first public reply to an unassigned ticket assigns it to the agent who replied; default on.</summary>
    public bool AssignOnFirstReply { get; private set; } = true;

    public void SetAssignOnFirstReply(bool assign) => AssignOnFirstReply = assign;

    public void Rename(string name) => Name = Guard.NotBlank(name, "team.name", 100);

    public IReadOnlyList<TeamMember> Members => _members;

    public void SetSupervisor(Guid? supervisorId) => SupervisorId = supervisorId;

    public void UseCalendar(int? calendarId) => CalendarId = calendarId;

    public void EscalateTo(int? teamId)
    {
        if (teamId == Id && Id != 0)
        {
            throw new DomainException("team.escalation_self");
        }

        EscalationTeamId = teamId;
    }

    public void AddMember(Guid userId)
    {
        if (_members.All(m => m.UserId != userId))
        {
            _members.Add(new TeamMember(userId));
        }
    }

    public void RemoveMember(Guid userId) => _members.RemoveAll(m => m.UserId == userId);
}

public class TeamMember
{
    private TeamMember()
    {
    }

    internal TeamMember(Guid userId) => UserId = userId;

    public int TeamId { get; private set; }

    public Guid UserId { get; private set; }

    /// <summary>When automatic assignment last gave this member a ticket of this team (round-robin order).</summary>
    public DateTimeOffset? LastAssignedAt { get; private set; }

    public void MarkAssigned(DateTimeOffset now) => LastAssignedAt = now;
}
