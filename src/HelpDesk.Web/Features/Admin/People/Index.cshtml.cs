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
/// Staff: everyone with their roles, teams and state (active, locked), and adding a member of staff — name, work
/// e-mail, roles, teams. The new member gets an e-mail with a link to choose their password and then signs in.
/// </summary>
public class IndexModel(TimeProvider clock) : SlicePageModel
{
    public IReadOnlyList<Person> People { get; private set; } = [];

    public IReadOnlyList<TeamOption> Teams { get; private set; } = [];

    [BindProperty]
    public NewPerson Input { get; set; } = new();

    [TempData]
    public string? Flash { get; set; }

    public async Task OnGetAsync()
    {
        Input.Roles = [Roles.Agent]; // a new member is usually an agent (a posted form without roles has none)
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await SendAsync(new Create(Input.DisplayName, Input.Email, Input.Roles, Input.TeamIds));
        if (result.Succeeded)
        {
            Flash = L["people.created", Input.Email ?? string.Empty];
            return RedirectToPage();
        }

        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync() => (People, Teams) = await QueryAsync(new Query(clock.GetUtcNow()));

    public sealed class NewPerson
    {
        public string? DisplayName { get; set; }

        public string? Email { get; set; }

        public List<string> Roles { get; set; } = [];

        public List<int> TeamIds { get; set; } = [];
    }

    public sealed record Person(Guid Id, string DisplayName, string Email, IReadOnlyList<string> Roles, IReadOnlyList<string> Teams, bool IsActive, bool LockedOut);

    public sealed record TeamOption(int Id, string Name, Domain.Teams.TeamKind Kind);

    public sealed record Query(DateTimeOffset Now) : IQuery<(IReadOnlyList<Person>, IReadOnlyList<TeamOption>)>;

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, (IReadOnlyList<Person>, IReadOnlyList<TeamOption>)>
    {
        public async Task<(IReadOnlyList<Person>, IReadOnlyList<TeamOption>)> Handle(Query request, CancellationToken cancellationToken)
        {
            var people = await db.Users.AsNoTracking().OrderBy(u => !u.IsActive).ThenBy(u => u.Email)
                .Select(u => new
                {
                    u.Id, u.DisplayName, u.Email, u.IsActive, u.LockoutEnd,
                    Roles = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
                    Teams = db.TeamMembers.Where(m => m.UserId == u.Id).Join(db.Teams, m => m.TeamId, t => t.Id, (_, t) => t.Name).ToList(),
                })
                .AsSplitQuery()
                .ToListAsync(cancellationToken);
            var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Kind).ThenBy(t => t.Name).Select(t => new TeamOption(t.Id, t.Name, t.Kind)).ToListAsync(cancellationToken);
            return (people.Select(p => new Person(p.Id, p.DisplayName, p.Email ?? string.Empty, p.Roles, p.Teams, p.IsActive, p.LockoutEnd > request.Now)).ToList(), teams);
        }
    }

    public sealed record Create(string? DisplayName, string? Email, IReadOnlyList<string> Roles, IReadOnlyList<int> TeamIds) : ICommand<Guid>;

    public sealed class CreateValidator : AbstractValidator<Create>
    {
        public CreateValidator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.DisplayName).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => l["people.name.required"])
                .MaximumLength(100).WithMessage(_ => l["people.name.too_long", 100]);
            RuleFor(c => c.Email).Must(e => e is not null && EmailAddress.IsValid(e.Trim())).WithMessage(_ => l["form.email.invalid"]);
            RuleFor(c => c.Roles).Must(r => r.Count > 0 && r.All(Infrastructure.Roles.All.Contains)).WithMessage(_ => l["people.roles.required"]);
        }
    }

    public sealed class CreateHandler(UserManager<StaffUser> users, HelpDeskDbContext db, StaffAccounts accounts, IStringLocalizer<Strings> l) : IRequestHandler<Create, Guid>
    {
        public async Task<Guid> Handle(Create request, CancellationToken cancellationToken)
        {
            var email = request.Email!.Trim();
            if (await users.FindByEmailAsync(email) is not null)
            {
                throw new ValidationException([new FluentValidation.Results.ValidationFailure("Email", l["people.email.taken"])]);
            }

            var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = request.DisplayName!.Trim() };
            Check(await users.CreateAsync(user));
            Check(await users.AddToRolesAsync(user, request.Roles.Distinct()));
            await Membership.SetAsync(db, user.Id, request.TeamIds, cancellationToken);
            await accounts.MailPasswordLinkAsync(user, welcome: true);
            await db.SaveChangesAsync(cancellationToken);
            return user.Id;
        }
    }

    /// <summary>Identity's refusals (a taken e-mail, say) as a rule broken: nothing of the command is kept.</summary>
    internal static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new DomainException("people.identity", string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}

/// <summary>Which teams a member of staff is in: exactly these.</summary>
internal static class Membership
{
    public static async Task SetAsync(HelpDeskDbContext db, Guid userId, IReadOnlyCollection<int> teamIds, CancellationToken cancellationToken)
    {
        var teams = await db.Teams.Include(t => t.Members).ToListAsync(cancellationToken);
        if (teamIds.Except(teams.Select(t => t.Id)).Any())
        {
            throw new NotFoundException("team.not_found");
        }

        foreach (var team in teams)
        {
            if (teamIds.Contains(team.Id))
            {
                team.AddMember(userId);
            }
            else
            {
                team.RemoveMember(userId);
            }
        }
    }
}
