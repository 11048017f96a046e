using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Infrastructure.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Admin.People;

/// <summary>
/// The link that lets a member of staff choose a password: sent when an admin adds them, and whenever an admin resets
/// it (an admin never sees or types anyone's password). Valid a day, once; see <c>Features/Account/Password</c>.
/// </summary>
public sealed class StaffAccounts(UserManager<StaffUser> users, HelpDeskDbContext db, PublicAddress address, IStringLocalizer<Strings> l, TimeProvider clock)
{
    /// <summary>Queues the e-mail with a fresh password link (the unit of work saves it).</summary>
    public async Task MailPasswordLinkAsync(StaffUser user, bool welcome)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = $"{address.BaseUrl}/account/password?user={user.Id}&token={Uri.EscapeDataString(token)}";
        db.OutboxMessages.Add(new OutboxMessage(
            user.Email!,
            l[welcome ? "mail.welcome.subject" : "mail.password.subject"],
            l[welcome ? "mail.welcome.body" : "mail.password.body", user.DisplayName, link],
            clock.GetUtcNow()));
    }
}
