using FluentValidation;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Feedback;
using HelpDesk.Domain.Teams;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Agent.Tickets;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Agent.Departments;

/// <summary>
/// A department's queue (R10): what service teams forwarded to the departments the user belongs to (supervisors:
/// all departments), open first. The answer goes back into the ticket as an internal note and onto its timeline.
/// </summary>
public class IndexModel : SlicePageModel
{
    public IReadOnlyList<Row> Requests { get; private set; } = [];

    [BindProperty]
    public AnswerInput Input { get; set; } = new();

    [TempData]
    public string? Flash { get; set; }

    public async Task OnGetAsync() => Requests = await QueryAsync(new Query(Viewer.From(User)));

    public async Task<IActionResult> OnPostAnswerAsync()
    {
        var result = await SendAsync(new Answer.Command(Viewer.From(User), Input.RequestId, Input.Text));
        if (result.Succeeded)
        {
            Flash = L["department.answered"];
            return RedirectToPage();
        }

        Requests = await QueryAsync(new Query(Viewer.From(User)));
        return Page();
    }

    public sealed class AnswerInput
    {
        public long RequestId { get; set; }

        public string? Text { get; set; }
    }

    public sealed record Query(Viewer Viewer) : IQuery<IReadOnlyList<Row>>;

    public sealed record Row(long Id, string Department, string Number, string Subject, string Summary, string RequestedBy, DateTimeOffset RequestedAt, DepartmentRequestStatus Status, string? Answer, DateTimeOffset? AnsweredAt);

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            var mine = db.TeamMembers.Where(m => m.UserId == request.Viewer.Id).Select(m => m.TeamId);
            var rows = await (
                from r in db.DepartmentRequests.AsNoTracking()
                where request.Viewer.IsSupervisor || mine.Contains(r.DepartmentTeamId)
                join d in db.Teams on r.DepartmentTeamId equals d.Id
                join t in db.Tickets on r.TicketId equals t.Id
                join u in db.Users on r.RequestedById equals u.Id
                orderby r.Status, r.RequestedAt descending
                select new { r.Id, Department = d.Name, t.Number, t.Subject, r.Summary, By = u.DisplayName, r.RequestedAt, r.Status, r.Answer, r.AnsweredAt })
                .Take(200)
                .ToListAsync(cancellationToken);
            return rows.Select(r => new Row(r.Id, r.Department, Ticket.FormatNumber(r.Number), r.Subject, r.Summary, r.By, r.RequestedAt, r.Status, r.Answer, r.AnsweredAt)).ToList();
        }
    }
}

/// <summary>A department answers a forwarded request; only its members (or a supervisor) may.</summary>
public static class Answer
{
    public sealed record Command(Viewer Viewer, long RequestId, string? Text) : ICommand<Unit>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<Strings> l) =>
            RuleFor(c => c.Text).Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => l["department.answer.required"]);
    }

    public sealed class Handler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var forwarded = await db.DepartmentRequests.SingleOrDefaultAsync(r => r.Id == request.RequestId, cancellationToken) ?? throw new DomainException("department.request.not_found");
            var member = request.Viewer.IsSupervisor || await db.TeamMembers.AnyAsync(m => m.TeamId == forwarded.DepartmentTeamId && m.UserId == request.Viewer.Id, cancellationToken);
            if (!member)
            {
                throw new DomainException("department.request.not_found");
            }

            var now = clock.GetUtcNow();
            forwarded.Respond(request.Text!, request.Viewer.Id, now);
            var ticket = await db.Tickets.SingleAsync(t => t.Id == forwarded.TicketId, cancellationToken);
            var department = await db.Teams.Where(t => t.Id == forwarded.DepartmentTeamId && t.Kind == TeamKind.Department).Select(t => t.Name).SingleAsync(cancellationToken);
            ticket.AddInternalNote(request.Viewer.Id, $"{request.Viewer.Name}（{department}）", request.Text!, now);
            db.Record(ticket, request.Viewer.Id, request.Viewer.Name, "ticket.changed", now, new FieldChange("department_answer", null, department));
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
