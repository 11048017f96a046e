using System.Security.Claims;
using System.Threading.RateLimiting;
using HelpDesk.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace HelpDesk.Web.Infrastructure;

/// <summary>
/// Staff sign in with ASP.NET Core Identity (cookie). Folders are guarded by role (design.md §7):
/// /agent → Agent or Supervisor, /supervisor → Supervisor, /admin → Admin.
/// </summary>
public static class Authentication
{
    public const string AgentArea = nameof(AgentArea);
    public const string SupervisorArea = nameof(SupervisorArea);
    public const string AdminArea = nameof(AdminArea);
    public const string LoginRateLimit = "login";
    public const string PublicRateLimit = "public";
    public const int MaxFailedAccessAttempts = 5;

    public static IServiceCollection AddHelpDeskAuthentication(this IServiceCollection services)
    {
        services.AddIdentity<StaffUser, IdentityRole<Guid>>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = MaxFailedAccessAttempts;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<HelpDeskDbContext>()
            .AddClaimsPrincipalFactory<StaffClaims>()
            .AddDefaultTokenProviders();

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "helpdesk.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);

            // A signed-in user without the role gets a real 403 (rendered by the status-code page), not a redirect.
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
            .AddPolicy(AdminArea, p => p.RequireRole(Roles.Admin));

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Sign-in attempts (POSTs) per client address and minute; showing the form is never limited.
            options.AddPolicy(LoginRateLimit, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityOptions>>().Value.SignInAttemptsPerMinute,
                        Window = TimeSpan.FromMinutes(1),
                    })
                : RateLimitPartition.GetNoLimiter("read"));

            // The customers' public forms (complaint, find my ticket, replies) and the order lookup, per address.
            options.AddPolicy(PublicRateLimit, context => HttpMethods.IsPost(context.Request.Method) || context.Request.Query.ContainsKey("handler")
                ? RateLimitPartition.GetFixedWindowLimiter(
                    "public:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityOptions>>().Value.PublicPostsPerMinute,
                        Window = TimeSpan.FromMinutes(1),
                    })
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
