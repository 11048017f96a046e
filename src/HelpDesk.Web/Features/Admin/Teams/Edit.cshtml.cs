using FluentValidation;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Teams;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Admin.Teams;

/// <summary>
/// One team: its name, members, supervisor (who gets its SLA escalations and evening digest), the escalation team a
/// breached ticket moves to, the calendar its promises and checklist follow, and the checklist time (service teams).
/// A department's members are its liaisons: they see and answer its queue.
/// </summary>
public class EditModel : SlicePageModel
{
    public Details? Team { get; private set; }

    [BindProperty]
    public Form Input { get; set; } = new();

    [TempData]
    public string? Flash { get; set; }

    public async Task<IActionResult> OnGetAsync(int id)
    {
        Team = await QueryAsync(new Query(id));
        if (Team is null)
        {
            return NotFound();
        }

        Input = new Form
        {
            Name = Team.Name, SupervisorId = Team.SupervisorId, EscalationTeamId = Team.EscalationTeamId, CalendarId = Team.CalendarId,
            ChecklistTime = Team.ChecklistTime, AssignOnFirstReply = Team.AssignOnFirstReply, MemberIds = [.. Team.MemberIds],
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id)
    {
        var result = await SendAsync(new Update(id, Input.Name, Input.SupervisorId, Input.EscalationTeamId, Input.CalendarId, Input.ChecklistTime, Input.MemberIds, Input.AssignOnFirstReply));
        if (result.Succeeded)
        {
            Flash = L["admin.saved"];
            return RedirectToPage(new { id });
        }

        Team = await QueryAsync(new Query(id));
        return Team is null ? NotFound() : Page();
    }

    public sealed class Form
    {
        public string? Name { get; set; }

        public Guid? SupervisorId { get; set; }

        public int? EscalationTeamId { get; set; }

        public int? CalendarId { get; set; }

        public TimeOnly ChecklistTime { get; set; } = new(18, 0);

        public bool AssignOnFirstReply { get; set; } = true;

        public List<Guid> MemberIds { get; set; } = [];
    }

    public sealed record Option<T>(T Id, string Name);

    public sealed record Details(
        int Id, string Name, TeamKind Kind, Department? Department, Guid? SupervisorId, int? EscalationTeamId, int? CalendarId, TimeOnly ChecklistTime,
        bool AssignOnFirstReply, IReadOnlyList<Guid> MemberIds, IReadOnlyList<Option<Guid>> Staff, IReadOnlyList<Option<Guid>> Supervisors, IReadOnlyList<Option<int>> OtherTeams,
        IReadOnlyList<Option<int>> Calendars);

    public sealed record Query(int Id) : IQuery<Details?>;

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, Details?>
    {
        public async Task<Details?> Handle(Query request, CancellationToken cancellationToken)
        {
            var team = await db.Teams.AsNoTracking().Include(t => t.Members).SingleOrDefaultAsync(t => t.Id == request.Id, cancellationToken);
            if (team is null)
            {
                return null;
            }

            var staff = await db.Users.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.DisplayName).Select(u => new Option<Guid>(u.Id, u.DisplayName)).ToListAsync(cancellationToken);
            var supervisors = await db.Users.AsNoTracking().Where(u => u.IsActive && db.UserRoles.Any(r => r.UserId == u.Id && db.Roles.Any(x => x.Id == r.RoleId && x.Name == Roles.Supervisor)))
                .OrderBy(u => u.DisplayName).Select(u => new Option<Guid>(u.Id, u.DisplayName)).ToListAsync(cancellationToken);
            var teams = await db.Teams.AsNoTracking().Where(t => t.Id != team.Id && t.Kind == TeamKind.Service).OrderBy(t => t.Name).Select(t => new Option<int>(t.Id, t.Name)).ToListAsync(cancellationToken);
            var calendars = await db.BusinessCalendars.AsNoTracking().OrderBy(c => c.Name).Select(c => new Option<int>(c.Id, c.Name)).ToListAsync(cancellationToken);
            return new Details(team.Id, team.Name, team.Kind, team.Department, team.SupervisorId, team.EscalationTeamId, team.CalendarId, team.ChecklistTime,
                team.AssignOnFirstReply, team.Members.Select(m => m.UserId).ToList(), staff, supervisors, teams, calendars);
        }
    }

    public sealed record Update(int Id, string? Name, Guid? SupervisorId, int? EscalationTeamId, int? CalendarId, TimeOnly ChecklistTime, IReadOnlyList<Guid> MemberIds, bool AssignOnFirstReply = true) : ICommand<Unit>;

    public sealed class UpdateValidator : AbstractValidator<Update>
    {
        public UpdateValidator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => l["team.name.required"])
                .MaximumLength(100).WithMessage(_ => l["team.name.too_long", 100]);
            RuleFor(c => c.EscalationTeamId).Must((c, e) => e != c.Id).WithMessage(_ => l["team.escalation_self"]);
        }
    }

    public sealed class UpdateHandler(HelpDeskDbContext db) : IRequestHandler<Update, Unit>
    {
        public async Task<Unit> Handle(Update request, CancellationToken cancellationToken)
        {
            var team = await db.Teams.Include(t => t.Members).SingleOrDefaultAsync(t => t.Id == request.Id, cancellationToken) ?? throw new NotFoundException("team.not_found");
            if (request.SupervisorId is { } supervisor && !await db.UserRoles.AnyAsync(r => r.UserId == supervisor && db.Roles.Any(x => x.Id == r.RoleId && x.Name == Roles.Supervisor), cancellationToken))
            {
                throw new DomainException("teams.supervisor.not_supervisor");
            }

            if (request.EscalationTeamId is { } escalation && !await db.Teams.AnyAsync(t => t.Id == escalation && t.Kind == TeamKind.Service, cancellationToken))
            {
                throw new NotFoundException("team.not_found");
            }

            if (request.CalendarId is { } calendar && !await db.BusinessCalendars.AnyAsync(c => c.Id == calendar, cancellationToken))
            {
                throw new NotFoundException("calendar.not_found");
            }

            var members = request.MemberIds.Distinct().ToList();
            if (await db.Users.CountAsync(u => members.Contains(u.Id), cancellationToken) != members.Count)
            {
                throw new NotFoundException("admin.user.not_found");
            }

            team.Rename(request.Name!);
            team.SetSupervisor(request.SupervisorId);
            team.EscalateTo(request.EscalationTeamId);
            team.UseCalendar(request.CalendarId);
            team.SetChecklistTime(request.ChecklistTime);
            team.SetAssignOnFirstReply(request.AssignOnFirstReply);
            foreach (var gone in team.Members.Select(m => m.UserId).Except(members).ToList())
            {
                team.RemoveMember(gone);
            }

            foreach (var member in members)
            {
                team.AddMember(member);
            }

            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
