using HelpDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Account;

/// <summary>
/// Staff sign-in. A wrong e-mail and a wrong password get the same message; after five failures the account is
/// locked for 15 minutes. Signed in, each role lands on its own start page unless a local return URL is given.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(Authentication.LoginRateLimit)]
public class LoginModel(SignInManager<StaffUser> signIn, IStringLocalizer<Strings> localizer) : PageModel
{
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

        var user = await signIn.UserManager.FindByEmailAsync(Input.Email.Trim());
        var result = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            ModelState.AddModelError(string.Empty, localizer["login.locked"]);
            return Page();
        }

        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, localizer["login.failed"]);
            return Page();
        }

        if (Url.IsLocalUrl(ReturnUrl))
        {
            return LocalRedirect(ReturnUrl);
        }

        var roles = await signIn.UserManager.GetRolesAsync(user!);
        return LocalRedirect(roles.Contains(Roles.Admin) ? "/admin" : roles.Contains(Roles.Supervisor) ? "/supervisor" : "/agent/tickets");
    }

    public sealed class LoginInput
    {
        public string Email { get; set; } = string.Empty;

        public string Password { get; set; } = string.Empty;

        public bool RememberMe { get; set; }
    }
}
