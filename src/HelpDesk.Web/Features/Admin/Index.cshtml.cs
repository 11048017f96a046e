using FluentValidation;
using HelpDesk.Domain.Common;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Admin;

/// <summary>
/// The admin's start page: every member of staff with roles, teams and whether the account is locked; and, per
/// agent, what automatic assignment needs: on duty or not, and how many open tickets they take at most.
/// </summary>
public class IndexModel(TimeProvider clock) : SlicePageModel
{
    public IReadOnlyList<StaffRow> Staff { get; private set; } = [];

    [BindProperty]
    public CapacityInput Input { get; set; } = new();

    [TempData]
    public string? Flash { get; set; }

    public async Task OnGetAsync() => Staff = await QueryAsync(new Query(clock.GetUtcNow()));

    public async Task<IActionResult> OnPostCapacityAsync()
    {
        var result = await SendAsync(new SetCapacity(Input.UserId, Input.MaxOpenTickets, Input.OnDuty, Input.MayRefund));
        if (result.Succeeded)
        {
            Flash = L["admin.saved"];
            return RedirectToPage();
        }

        Staff = await QueryAsync(new Query(clock.GetUtcNow()));
        return Page();
    }

    public async Task<IActionResult> OnPostUnlockAsync(Guid id)
    {
        if ((await SendAsync(new Unlock(id))).Succeeded)
        {
            Flash = L["admin.unlocked"];
            return RedirectToPage();
        }

        Staff = await QueryAsync(new Query(clock.GetUtcNow()));
        return Page();
    }

    public sealed class CapacityInput
    {
        public Guid UserId { get; set; }

        public int MaxOpenTickets { get; set; }

        public bool OnDuty { get; set; }

        public bool MayRefund { get; set; }
    }

    /// <summary>Automatic assignment's settings of an agent, and whether a department liaison may pay refunds out.</summary>
    public sealed record SetCapacity(Guid UserId, int MaxOpenTickets, bool OnDuty, bool MayRefund = false) : ICommand<Unit>;

    public sealed class SetCapacityValidator : AbstractValidator<SetCapacity>
    {
        public SetCapacityValidator(IStringLocalizer<Strings> l) =>
            RuleFor(c => c.MaxOpenTickets).InclusiveBetween(0, 500).WithMessage(_ => l["admin.capacity.range", 0, 500]);
    }

    public sealed class SetCapacityHandler(HelpDeskDbContext db) : IRequestHandler<SetCapacity, Unit>
    {
        public async Task<Unit> Handle(SetCapacity request, CancellationToken cancellationToken)
        {
            var user = await db.Users.SingleOrDefaultAsync(u => u.Id == request.UserId, cancellationToken) ?? throw new NotFoundException("admin.user.not_found");
            user.MaxOpenTickets = request.MaxOpenTickets;
            user.IsOnDuty = request.OnDuty;
            user.MayRefund = request.MayRefund;
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }

    /// <summary>Opens an account locked by failed sign-ins (the owner can also do it by an e-mailed link).</summary>
    public sealed record Unlock(Guid UserId) : ICommand<Unit>;

    public sealed class UnlockHandler(Microsoft.AspNetCore.Identity.UserManager<StaffUser> users) : IRequestHandler<Unlock, Unit>
    {
        public async Task<Unit> Handle(Unlock request, CancellationToken cancellationToken)
        {
            var user = await users.FindByIdAsync(request.UserId.ToString()) ?? throw new NotFoundException("admin.user.not_found");
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            return Unit.Value;
        }
    }

    public sealed record Query(DateTimeOffset Now) : IQuery<IReadOnlyList<StaffRow>>;

    public sealed record StaffRow(Guid Id, string DisplayName, string Email, IReadOnlyList<string> Roles, IReadOnlyList<string> Teams, bool LockedOut, bool OnDuty, int MaxOpenTickets, bool MayRefund = false);

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, IReadOnlyList<StaffRow>>
    {
        public async Task<IReadOnlyList<StaffRow>> Handle(Query request, CancellationToken cancellationToken)
        {
            var staff = await db.Users.AsNoTracking()
                .OrderBy(u => u.Email)
                .Select(u => new
                {
                    u.Id,
                    u.MaxOpenTickets,
                    u.DisplayName,
                    u.Email,
                    u.LockoutEnd,
                    u.IsOnDuty,
                    u.MayRefund,
                    Roles = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
                    Teams = db.TeamMembers.Where(m => m.UserId == u.Id).Join(db.Teams, m => m.TeamId, t => t.Id, (_, t) => t.Name).ToList(),
                })
                .AsSplitQuery()
                .ToListAsync(cancellationToken);
            return staff.Select(u => new StaffRow(u.Id, u.DisplayName, u.Email ?? string.Empty, u.Roles, u.Teams, u.LockoutEnd > request.Now, u.IsOnDuty, u.MaxOpenTickets, u.MayRefund)).ToList();
        }
    }
}
