using HelpDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Account;

/// <summary>
/// Choosing a password from the link an admin had sent (a new member of staff, or a reset): the link works once and
/// for a day; the new password (at least 10 characters) ends every other session and opens a locked account.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(Authentication.PublicRateLimit)]
public class PasswordModel(UserManager<StaffUser> users, IStringLocalizer<Strings> l) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public Guid UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? Repeat { get; set; }

    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrEmpty(NewPassword))
        {
            ModelState.AddModelError(nameof(NewPassword), l["login.password.required"]);
        }
        else if (NewPassword != Repeat)
        {
            ModelState.AddModelError(nameof(Repeat), l["password.repeat"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByIdAsync(UserId.ToString());
        var result = user is { IsActive: true } && !string.IsNullOrEmpty(Token)
            ? await users.ResetPasswordAsync(user, Token, NewPassword!)
            : IdentityResult.Failed(users.ErrorDescriber.InvalidToken());
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == nameof(IdentityErrorDescriber.InvalidToken) ? string.Empty : nameof(NewPassword), Describe(error));
            }

            return Page();
        }

        await users.SetLockoutEndDateAsync(user!, null);
        await users.ResetAccessFailedCountAsync(user!);
        Done = true;
        return Page();
    }

    private string Describe(IdentityError error) => error.Code switch
    {
        nameof(IdentityErrorDescriber.InvalidToken) => l["password.link_invalid"],
        nameof(IdentityErrorDescriber.PasswordTooShort) => l["password.too_short", users.Options.Password.RequiredLength],
        _ => l["password.weak"],
    };
}
