using FluentValidation;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Customers;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Admin.People;

/// <summary>
/// One member of staff: name, e-mail, roles, teams, active or not (deactivating ends their sessions at once; changed
/// roles too); and, apart, sending a link to choose a new password, or unlocking an account locked by failed sign-ins.
/// An admin cannot deactivate themselves or take their own admin role away.
/// </summary>
public class EditModel : SlicePageModel
{
    public Details? Person { get; private set; }

    public IReadOnlyList<IndexModel.TeamOption> Teams { get; private set; } = [];

    [BindProperty]
    public Form Input { get; set; } = new();

    [TempData]
    public string? Flash { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        Input = new Form { DisplayName = Person!.DisplayName, Email = Person.Email, Roles = [.. Person.Roles], TeamIds = [.. Person.TeamIds], IsActive = Person.IsActive };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id) =>
        await AfterAsync(id, await SendAsync(new Update(Viewer.From(User), id, Input.DisplayName, Input.Email, Input.Roles, Input.TeamIds, Input.IsActive)), "admin.saved");

    public async Task<IActionResult> OnPostPasswordAsync(Guid id) => await AfterAsync(id, await SendAsync(new SendPasswordLink(id), string.Empty), "people.password_sent");

    public async Task<IActionResult> OnPostUnlockAsync(Guid id) => await AfterAsync(id, await SendAsync(new Admin.IndexModel.Unlock(id), string.Empty), "admin.unlocked");

    private async Task<IActionResult> AfterAsync(Guid id, SendResult<Unit> result, string flash)
    {
        if (result.Succeeded)
        {
            Flash = L[flash];
            return RedirectToPage(new { id });
        }

        return await LoadAsync(id) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        (Person, Teams) = await QueryAsync(new Query(id, HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()));
        return Person is not null;
    }

    public sealed class Form
    {
        public string? DisplayName { get; set; }

        public string? Email { get; set; }

        public List<string> Roles { get; set; } = [];

        public List<int> TeamIds { get; set; } = [];

        public bool IsActive { get; set; }
    }

    public sealed record Details(Guid Id, string DisplayName, string Email, IReadOnlyList<string> Roles, IReadOnlyList<int> TeamIds, bool IsActive, bool LockedOut);

    public sealed record Query(Guid Id, DateTimeOffset Now) : IQuery<(Details?, IReadOnlyList<IndexModel.TeamOption>)>;

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, (Details?, IReadOnlyList<IndexModel.TeamOption>)>
    {
        public async Task<(Details?, IReadOnlyList<IndexModel.TeamOption>)> Handle(Query request, CancellationToken cancellationToken)
        {
            var user = await db.Users.AsNoTracking().Where(u => u.Id == request.Id)
                .Select(u => new
                {
                    u.Id, u.DisplayName, u.Email, u.IsActive, u.LockoutEnd,
                    Roles = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
                    Teams = db.TeamMembers.Where(m => m.UserId == u.Id).Select(m => m.TeamId).ToList(),
                })
                .SingleOrDefaultAsync(cancellationToken);
            var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Kind).ThenBy(t => t.Name).Select(t => new IndexModel.TeamOption(t.Id, t.Name, t.Kind)).ToListAsync(cancellationToken);
            return (user is null ? null : new Details(user.Id, user.DisplayName, user.Email ?? string.Empty, user.Roles, user.Teams, user.IsActive, user.LockoutEnd > request.Now), teams);
        }
    }

    public sealed record Update(Viewer Viewer, Guid Id, string? DisplayName, string? Email, IReadOnlyList<string> Roles, IReadOnlyList<int> TeamIds, bool IsActive) : ICommand<Unit>;

    public sealed class UpdateValidator : AbstractValidator<Update>
    {
        public UpdateValidator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.DisplayName).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => l["people.name.required"])
                .MaximumLength(100).WithMessage(_ => l["people.name.too_long", 100]);
            RuleFor(c => c.Email).Must(e => e is not null && EmailAddress.IsValid(e.Trim())).WithMessage(_ => l["form.email.invalid"]);
            RuleFor(c => c.Roles).Must(r => r.Count > 0 && r.All(Infrastructure.Roles.All.Contains)).WithMessage(_ => l["people.roles.required"]);
            RuleFor(c => c.IsActive).Must((c, active) => active || c.Viewer.Id != c.Id).WithMessage(_ => l["people.self.deactivate"]);
            RuleFor(c => c.Roles).Must((c, roles) => c.Viewer.Id != c.Id || roles.Contains(Infrastructure.Roles.Admin)).WithMessage(_ => l["people.self.admin"]);
        }
    }

    public sealed class UpdateHandler(UserManager<StaffUser> users, HelpDeskDbContext db, IStringLocalizer<Strings> l) : IRequestHandler<Update, Unit>
    {
        public async Task<Unit> Handle(Update request, CancellationToken cancellationToken)
        {
            var user = await users.FindByIdAsync(request.Id.ToString()) ?? throw new NotFoundException("admin.user.not_found");
            var email = request.Email!.Trim();
            if (await users.FindByEmailAsync(email) is { } other && other.Id != user.Id)
            {
                throw new ValidationException([new FluentValidation.Results.ValidationFailure("Email", l["people.email.taken"])]);
            }

            user.DisplayName = request.DisplayName!.Trim();
            IndexModel.Check(await users.SetEmailAsync(user, email));
            IndexModel.Check(await users.SetUserNameAsync(user, email));
            user.EmailConfirmed = true;
            var roles = await users.GetRolesAsync(user);
            IndexModel.Check(await users.RemoveFromRolesAsync(user, roles.Except(request.Roles)));
            IndexModel.Check(await users.AddToRolesAsync(user, request.Roles.Distinct().Except(roles)));
            if (user.IsActive != request.IsActive)
            {
                user.IsActive = request.IsActive;
                IndexModel.Check(await StaffSessions.EndAllAsync(users, user)); // a deactivated member's sessions end now
            }

            IndexModel.Check(await users.UpdateAsync(user));
            await Membership.SetAsync(db, user.Id, request.TeamIds, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }

    public sealed record SendPasswordLink(Guid Id) : ICommand<Unit>;

    public sealed class SendPasswordLinkHandler(UserManager<StaffUser> users, StaffAccounts accounts, HelpDeskDbContext db) : IRequestHandler<SendPasswordLink, Unit>
    {
        public async Task<Unit> Handle(SendPasswordLink request, CancellationToken cancellationToken)
        {
            var user = await users.FindByIdAsync(request.Id.ToString()) ?? throw new NotFoundException("admin.user.not_found");
            await accounts.MailPasswordLinkAsync(user, welcome: false);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
