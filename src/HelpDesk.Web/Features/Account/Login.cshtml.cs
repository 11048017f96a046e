using HelpDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Account;

/// <summary>
/// Staff sign-in. Every failure — unknown e-mail, wrong password, locked or deactivated account — gets the same message
/// and takes about as long (an unknown e-mail is checked against a stand-in password), so nobody learns which accounts
/// exist. Failures slow down whoever fails (<see cref="SignInThrottle"/>: that e-mail from that address, or the address),
/// not the owner; only after many failures from everywhere (<see cref="Authentication.LockoutAfterFailures"/>) is the
/// account itself locked, and then an admin or an e-mailed link (<c>/account/unlock</c>) opens it again. Signed in,
/// each role lands on its own start page unless a local return URL is given.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(Authentication.LoginRateLimit)]
public class LoginModel(SignInManager<StaffUser> signIn, SignInThrottle throttle, IStringLocalizer<Strings> localizer, TimeProvider clock) : PageModel
{
    /// <summary>A password hash nobody has, so an unknown e-mail costs the same hashing as a known one.</summary>
    private static string? _standIn;

    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Input.Email))
        {
            ModelState.AddModelError("Input.Email", localizer["login.email.required"]);
        }

        if (string.IsNullOrEmpty(Input.Password))
        {
            ModelState.AddModelError("Input.Password", localizer["login.password.required"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var (email, address, aborted) = (Input.Email.Trim(), HttpContext.Connection.RemoteIpAddress, HttpContext.RequestAborted);
        if (await throttle.BlockedUntilAsync(email, address, aborted) is { } until)
        {
            var wait = until - clock.GetUtcNow();
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            ModelState.AddModelError(string.Empty, localizer["login.throttled", (int)Math.Ceiling(wait.TotalMinutes)]);
            return Page();
        }

        var users = signIn.UserManager;
        var user = await users.FindByEmailAsync(email);
        var signedIn = false;
        if (user is { IsActive: true } && !await users.IsLockedOutAsync(user))
        {
            signedIn = (await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true)).Succeeded;
        }
        else
        {
            _standIn ??= users.PasswordHasher.HashPassword(new StaffUser(), Guid.NewGuid().ToString());
            users.PasswordHasher.VerifyHashedPassword(user ?? new StaffUser(), _standIn, Input.Password);
        }

        if (!signedIn)
        {
            await throttle.FailedAsync(email, address, aborted);
            ModelState.AddModelError(string.Empty, localizer["login.failed"]);
            return Page();
        }

        await throttle.SucceededAsync(email, address, aborted);
        if (Url.IsLocalUrl(ReturnUrl))
        {
            return LocalRedirect(ReturnUrl);
        }

        var roles = await users.GetRolesAsync(user!);
        return LocalRedirect(roles.Contains(Roles.Admin) ? "/admin" : roles.Contains(Roles.Supervisor) ? "/supervisor" : roles.Contains(Roles.Analyst) && !roles.Contains(Roles.Agent) ? "/analytics" : "/agent/tickets");
    }

    public sealed class LoginInput
    {
        public string Email { get; set; } = string.Empty;

        public string Password { get; set; } = string.Empty;

        public bool RememberMe { get; set; }
    }
}
