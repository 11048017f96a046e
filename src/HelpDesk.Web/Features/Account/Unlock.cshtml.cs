using HelpDesk.Domain.Customers;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Infrastructure.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Account;

/// <summary>
/// A member of staff whose account was locked by too many failed sign-ins opens it again with a link sent to their
/// e-mail (valid a day, once). The page answers the same whether or not the address belongs to a locked account.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(Authentication.PublicRateLimit)]
public class UnlockModel(UserManager<StaffUser> users, HelpDeskDbContext db, PublicAddress address, IStringLocalizer<Strings> l, TimeProvider clock) : PageModel
{
    private const string Purpose = "unlock";

    [BindProperty]
    public string? Email { get; set; }

    public bool Sent { get; private set; }

    public bool Unlocked { get; private set; }

    public bool Invalid { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email) || !EmailAddress.IsValid(Email.Trim()))
        {
            ModelState.AddModelError(nameof(Email), l["form.email.invalid"]);
            return Page();
        }

        if (await users.FindByEmailAsync(Email.Trim()) is { IsActive: true } user && await users.IsLockedOutAsync(user))
        {
            var token = await users.GenerateUserTokenAsync(user, TokenOptions.DefaultProvider, Purpose);
            var link = $"{address.BaseUrl}/account/unlock?handler=confirm&user={user.Id}&token={Uri.EscapeDataString(token)}";
            db.OutboxMessages.Add(new OutboxMessage(user.Email!, l["mail.unlock.subject"], l["mail.unlock.body", user.DisplayName, link], clock.GetUtcNow()));
            await db.SaveChangesAsync(HttpContext.RequestAborted);
        }

        Sent = true;
        return Page();
    }

    public async Task<IActionResult> OnGetConfirmAsync(Guid user, string? token)
    {
        var staff = await users.FindByIdAsync(user.ToString());
        if (staff is null || string.IsNullOrEmpty(token) || !await users.VerifyUserTokenAsync(staff, TokenOptions.DefaultProvider, Purpose, token))
        {
            Invalid = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await users.SetLockoutEndDateAsync(staff, null);
        await users.ResetAccessFailedCountAsync(staff);
        await users.UpdateSecurityStampAsync(staff); // the link works once
        Unlocked = true;
        return Page();
    }
}
