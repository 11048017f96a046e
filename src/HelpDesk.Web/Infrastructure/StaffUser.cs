using Microsoft.AspNetCore.Identity;

namespace HelpDesk.Web.Infrastructure;

/// <summary>A member of staff who signs in: agent, supervisor or admin (design.md §7).</summary>
public class StaffUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>Automatic assignment stops giving this agent tickets at this many open ones.</summary>
    public int MaxOpenTickets { get; set; } = 25;

    public bool IsOnDuty { get; set; } = true;
}

public static class Roles
{
    public const string Agent = "Agent";
    public const string Supervisor = "Supervisor";
    public const string Admin = "Admin";

    public static readonly string[] All = [Agent, Supervisor, Admin];
}
