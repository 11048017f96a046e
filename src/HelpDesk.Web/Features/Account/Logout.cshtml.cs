using HelpDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HelpDesk.Web.Features.Account;

/// <summary>Sign-out is a POST (with antiforgery); a GET changes nothing and goes home.</summary>
[AllowAnonymous]
public class LogoutModel(SignInManager<StaffUser> signIn) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    /// <summary>Signs out everywhere: a copy of the session cookie (another tab, another device) stops working too.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (await signIn.UserManager.GetUserAsync(User) is { } user)
        {
            await StaffSessions.EndAllAsync(signIn.UserManager, user);
        }

        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }
}
