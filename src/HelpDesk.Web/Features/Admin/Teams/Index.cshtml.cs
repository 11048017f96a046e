using FluentValidation;
using HelpDesk.Domain.Teams;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Admin.Teams;

/// <summary>
/// Teams: the service teams that work tickets and the departments that answer forwarded questions (R10), with their
/// supervisor, escalation team, calendar, evening checklist time and members; and a new team or department.
/// </summary>
public class IndexModel : SlicePageModel
{
    public IReadOnlyList<Row> Teams { get; private set; } = [];

    [BindProperty]
    public NewTeam Input { get; set; } = new();

    [TempData]
    public string? Flash { get; set; }

    public async Task OnGetAsync() => Teams = await QueryAsync(new Query());

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await SendAsync(new Create(Input.Name, Input.Department));
        if (result.Succeeded)
        {
            return RedirectToPage("Edit", new { id = result.Value });
        }

        Teams = await QueryAsync(new Query());
        return Page();
    }

    public sealed class NewTeam
    {
        public string? Name { get; set; }

        /// <summary>Empty: a service team; else the department this team is.</summary>
        public Department? Department { get; set; }
    }

    public sealed record Row(int Id, string Name, TeamKind Kind, Department? Department, string? Supervisor, string? EscalationTeam, string? Calendar, TimeOnly ChecklistTime, int Members);

    public sealed record Query : IQuery<IReadOnlyList<Row>>;

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken) =>
            await db.Teams.AsNoTracking().OrderBy(t => t.Kind).ThenBy(t => t.Name)
                .Select(t => new Row(
                    t.Id, t.Name, t.Kind, t.Department,
                    db.Users.Where(u => u.Id == t.SupervisorId).Select(u => u.DisplayName).FirstOrDefault(),
                    db.Teams.Where(e => e.Id == t.EscalationTeamId).Select(e => e.Name).FirstOrDefault(),
                    db.BusinessCalendars.Where(c => c.Id == t.CalendarId).Select(c => c.Name).FirstOrDefault(),
                    t.ChecklistTime,
                    t.Members.Count))
                .ToListAsync(cancellationToken);
    }

    public sealed record Create(string? Name, Department? Department) : ICommand<int>;

    public sealed class CreateValidator : AbstractValidator<Create>
    {
        public CreateValidator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => l["team.name.required"])
                .MaximumLength(100).WithMessage(_ => l["team.name.too_long", 100]);
            RuleFor(c => c.Department).IsInEnum().WithMessage(_ => l["form.choose"]);
        }
    }

    public sealed class CreateHandler(HelpDeskDbContext db) : IRequestHandler<Create, int>
    {
        public async Task<int> Handle(Create request, CancellationToken cancellationToken)
        {
            var team = new Team(request.Name!, request.Department is null ? TeamKind.Service : TeamKind.Department, request.Department);
            db.Teams.Add(team);
            await db.SaveChangesAsync(cancellationToken);
            return team.Id;
        }
    }
}
