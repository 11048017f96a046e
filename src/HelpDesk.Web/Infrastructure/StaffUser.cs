using Microsoft.AspNetCore.Identity;

namespace HelpDesk.Web.Infrastructure;

/// <summary>A member of staff who signs in: agent, supervisor or admin (design.md §7).</summary>
public class StaffUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>Automatic assignment stops giving this agent tickets at this many open ones.</summary>
    public int MaxOpenTickets { get; set; } = 25;

    public bool IsOnDuty { get; set; } = true;

    /// <summary>A deactivated member of staff cannot sign in, and their open sessions end at their next request.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>
    /// Granted by an admin to a department liaison who pays refunds out (the after-sales department's, say); agents
    /// of service teams and supervisors may anyway.
    /// </summary>
    public bool MayRefund { get; set; }
}

/// <summary>The user manager of staff: a change of roles ends the member's sessions, so no cookie keeps old rights.</summary>
public sealed class StaffUserManager(
    IUserStore<StaffUser> store,
    Microsoft.Extensions.Options.IOptions<IdentityOptions> options,
    IPasswordHasher<StaffUser> hasher,
    IEnumerable<IUserValidator<StaffUser>> userValidators,
    IEnumerable<IPasswordValidator<StaffUser>> passwordValidators,
    ILookupNormalizer normalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<StaffUser>> logger)
    : UserManager<StaffUser>(store, options, hasher, userValidators, passwordValidators, normalizer, errors, services, logger)
{
    public override async Task<IdentityResult> AddToRolesAsync(StaffUser user, IEnumerable<string> roles) => await Renew(user, await base.AddToRolesAsync(user, roles));

    public override async Task<IdentityResult> AddToRoleAsync(StaffUser user, string role) => await Renew(user, await base.AddToRoleAsync(user, role));

    public override async Task<IdentityResult> RemoveFromRolesAsync(StaffUser user, IEnumerable<string> roles) => await Renew(user, await base.RemoveFromRolesAsync(user, roles));

    public override async Task<IdentityResult> RemoveFromRoleAsync(StaffUser user, string role) => await Renew(user, await base.RemoveFromRoleAsync(user, role));

    private async Task<IdentityResult> Renew(StaffUser user, IdentityResult changed) =>
        changed.Succeeded ? await UpdateSecurityStampAsync(user) : changed;
}

public static class Roles
{
    public const string Agent = "Agent";
    public const string Supervisor = "Supervisor";
    public const string Admin = "Admin";

    /// <summary>Reads the analytics pages (/analytics) and their exports, nothing else: no ticket work, no settings.</summary>
    public const string Analyst = "Analyst";

    public static readonly string[] All = [Agent, Supervisor, Admin, Analyst];
}
