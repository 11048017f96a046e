using System.Security.Claims;
using System.Threading.RateLimiting;
using HelpDesk.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Infrastructure;

/// <summary>
/// Staff sign in with ASP.NET Core Identity (cookie). Folders are guarded by role (design.md §7):
/// /agent → Agent or Supervisor, /supervisor → Supervisor, /admin → Admin, /analytics → Supervisor, Admin or Analyst.
/// </summary>
public static class Authentication
{
    public const string AgentArea = nameof(AgentArea);
    public const string SupervisorArea = nameof(SupervisorArea);
    public const string AdminArea = nameof(AdminArea);

    /// <summary>The analytics pages (/analytics): supervisors, admins and the read-only analysts.</summary>
    public const string AnalyticsArea = nameof(AnalyticsArea);

    /// <summary>The knowledge base's editors: supervisors, admins and department liaisons (<see cref="KnowledgeEditorRequirement"/>).</summary>
    public const string KnowledgeArea = nameof(KnowledgeArea);

    /// <summary>What only supervisors and admins do in the knowledge base (search synonyms).</summary>
    public const string KnowledgeManagers = nameof(KnowledgeManagers);
    public const string LoginRateLimit = "login";
    public const string PublicRateLimit = "public";
    /// <summary>Failures from everywhere before the account itself is locked (day-long; an admin or an e-mailed link opens it).</summary>
    public const int LockoutAfterFailures = 50;

    public static IServiceCollection AddHelpDeskAuthentication(this IServiceCollection services, IHostEnvironment environment)
    {
        // One key ring in PostgreSQL for every instance: a sign-in cookie or an antiforgery token made by one instance
        // is read by any other (and survives restarts). New keys are made well before the active one expires, so all
        // instances have loaded them by the time they are used.
        services.AddDataProtection().SetApplicationName("HelpDesk").PersistKeysToDbContext<HelpDeskDbContext>();
        services.AddIdentity<StaffUser, IdentityRole<Guid>>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = LockoutAfterFailures;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromDays(1);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<HelpDeskDbContext>()
            .AddUserManager<StaffUserManager>()
            .AddClaimsPrincipalFactory<StaffClaims>()
            .AddDefaultTokenProviders();

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "helpdesk.auth";
            options.Cookie.HttpOnly = true;
            // In Production the app is served over HTTPS (TLS at a proxy is seen through its X-Forwarded-Proto): the
            // session cookie never travels in clear. Elsewhere it is Secure whenever the request is.
            options.Cookie.SecurePolicy = environment.IsProduction() ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);

            // A signed-in user without the role gets a real 403 (rendered by the status-code page), not a redirect.
            // Every request checks the session against the user's security stamp (one primary-key read): signing out,
            // a new password, changed roles or deactivation end all sessions at once, copied cookies included.
            options.Events.OnValidatePrincipal = StaffSessions.ValidateAsync;

            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            options.Events.OnRedirectToLogin = context =>
            {
                if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                    || context.Request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }
                else
                {
                    context.Response.Redirect(context.RedirectUri);
                }

                return Task.CompletedTask;
            };
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(AgentArea, p => p.RequireRole(Roles.Agent, Roles.Supervisor))
            .AddPolicy(SupervisorArea, p => p.RequireRole(Roles.Supervisor))
            .AddPolicy(KnowledgeArea, p => p.RequireAuthenticatedUser().AddRequirements(new KnowledgeEditorRequirement()))
            .AddPolicy(KnowledgeManagers, p => p.RequireRole(Roles.Supervisor, Roles.Admin))
            .AddPolicy(AdminArea, p => p.RequireRole(Roles.Admin))
            .AddPolicy(AnalyticsArea, p => p.RequireRole(Roles.Supervisor, Roles.Admin, Roles.Analyst));

        services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, KnowledgeEditorHandler>();
        services.AddSingleton<RateLimits>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                // When to come back (the rest of the window), then the friendly 429 page.
                var after = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(after.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            // Sign-in attempts (POSTs) per client address and minute; showing the form is never limited. Counted in
            // Redis when it is configured, so the limit holds across instances (RateLimits).
            options.AddPolicy(LoginRateLimit, context => HttpMethods.IsPost(context.Request.Method)
                ? context.RequestServices.GetRequiredService<RateLimits>().FixedWindow(
                    "login:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                    context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityOptions>>().Value.SignInAttemptsPerMinute,
                    TimeSpan.FromMinutes(1))
                : RateLimitPartition.GetNoLimiter("read"));

            // The customers' public forms (complaint, find my ticket, replies) and the order lookup, per address.
            options.AddPolicy(PublicRateLimit, context => HttpMethods.IsPost(context.Request.Method) || context.Request.Query.ContainsKey("handler")
                ? context.RequestServices.GetRequiredService<RateLimits>().FixedWindow(
                    "public:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                    context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityOptions>>().Value.PublicPostsPerMinute,
                    TimeSpan.FromMinutes(1))
                : RateLimitPartition.GetNoLimiter("read"));
        });
        return services;
    }

    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;
}

/// <summary>Adds the staff member's display name to the sign-in cookie, for the page header and message authors.</summary>
public sealed class StaffClaims(UserManager<StaffUser> users, RoleManager<IdentityRole<Guid>> roles, Microsoft.Extensions.Options.IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<StaffUser, IdentityRole<Guid>>(users, roles, options)
{
    public const string DisplayName = "display_name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayName, user.DisplayName));
        return identity;
    }

    public static string NameOf(ClaimsPrincipal user) => user.FindFirstValue(DisplayName) ?? user.Identity?.Name ?? string.Empty;
}

/// <summary>
/// Sessions of staff end when what they were granted on changes: <see cref="EndAllAsync"/> renews the security stamp
/// that every session cookie carries (sign-out does; Identity does on a new password; <see cref="StaffUserManager"/>
/// on changed roles), and <see cref="ValidateAsync"/> refuses a cookie whose stamp is not the user's current one, or
/// whose user is deactivated.
/// </summary>
public static class StaffSessions
{
    public static async Task ValidateAsync(Microsoft.AspNetCore.Authentication.Cookies.CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var stampClaim = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var id = context.Principal?.UserId() ?? Guid.Empty;
        var stamp = context.Principal?.FindFirstValue(stampClaim);
        var db = services.GetRequiredService<HelpDeskDbContext>();
        var current = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.SecurityStamp, u.IsActive })
            .SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (current is null || !current.IsActive || stamp is null || current.SecurityStamp != stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    /// <summary>Ends every session of the user (all devices): their cookies stop working at the next request.</summary>
    public static Task<IdentityResult> EndAllAsync(UserManager<StaffUser> users, StaffUser user) => users.UpdateSecurityStampAsync(user);
}
