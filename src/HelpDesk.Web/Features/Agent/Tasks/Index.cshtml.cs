using FluentValidation;
using HelpDesk.Domain.Commitments;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Tasks;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Agent.Tasks;

/// <summary>
/// Follow-up tasks (R9): mine, my teams', overdue; created by hand (here or on a ticket), by the evening checklist,
/// and later by complaints and after-sales steps. Completing a task that follows up a promise can mark it kept.
/// </summary>
public class IndexModel(TimeProvider clock) : SlicePageModel
{
    [BindProperty(SupportsGet = true)]
    public TaskView View { get; set; }

    [BindProperty]
    public NewTask Input { get; set; } = new();

    [BindProperty]
    public long TaskId { get; set; }

    [BindProperty]
    public bool KeepPromise { get; set; }

    [TempData]
    public string? Flash { get; set; }

    public IReadOnlyList<Row> Tasks { get; private set; } = [];

    public async Task OnGetAsync() => Tasks = await QueryAsync(new Query(Viewer.From(User), View, clock.GetUtcNow()));

    public async Task<IActionResult> OnPostCreateAsync() => await AfterAsync((await SendAsync(new Create(Viewer.From(User), Input.Title, Input.Kind, Input.DueLocal))).Succeeded, "flash.task_created");

    public async Task<IActionResult> OnPostCompleteAsync() => await AfterAsync((await SendAsync(new Complete(Viewer.From(User), TaskId, KeepPromise), string.Empty)).Succeeded, "flash.task_done");

    private async Task<IActionResult> AfterAsync(bool succeeded, string flash)
    {
        if (succeeded)
        {
            Flash = L[flash];
            return RedirectToPage(new { view = View.ToString().ToLowerInvariant() });
        }

        Tasks = await QueryAsync(new Query(Viewer.From(User), View, clock.GetUtcNow()));
        return Page();
    }

    public enum TaskView
    {
        Mine,
        Team,
        Overdue,
    }

    public sealed class NewTask
    {
        public string? Title { get; set; }

        public FollowUpKind Kind { get; set; }

        public DateTime? DueLocal { get; set; }
    }

    public sealed record Query(Viewer Viewer, TaskView View, DateTimeOffset Now) : IQuery<IReadOnlyList<Row>>;

    public sealed record Row(long Id, string Title, FollowUpKind Kind, FollowUpSource Source, DateTimeOffset DueAt, bool Overdue, string Owner, string? Number, bool FollowsPromise);

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            var me = request.Viewer.Id;
            var teammates = db.TeamMembers.Where(m => db.TeamMembers.Any(x => x.UserId == me && x.TeamId == m.TeamId)).Select(m => m.UserId);
            var tasks = db.FollowUpTasks.AsNoTracking().Where(t => t.Status == FollowUpStatus.Open);
            tasks = request.View switch
            {
                TaskView.Team when request.Viewer.IsSupervisor => tasks,
                TaskView.Team => tasks.Where(t => teammates.Contains(t.OwnerId)),
                TaskView.Overdue => tasks.Where(t => t.OwnerId == me && t.DueAt < request.Now),
                _ => tasks.Where(t => t.OwnerId == me),
            };
            var rows = await (
                from t in tasks
                join u in db.Users on t.OwnerId equals u.Id
                join k in db.Tickets on t.TicketId equals k.Id into ks
                from k in ks.DefaultIfEmpty()
                orderby t.DueAt
                select new { t.Id, t.Title, t.Kind, t.Source, t.DueAt, u.DisplayName, Number = (long?)k.Number, t.CommitmentId })
                .Take(300).ToListAsync(cancellationToken);
            return rows.Select(t => new Row(t.Id, t.Title, t.Kind, t.Source, t.DueAt, t.DueAt < request.Now, t.DisplayName, t.Number is { } n ? Ticket.FormatNumber(n) : null, t.CommitmentId is not null)).ToList();
        }
    }

    public sealed record Create(Viewer Viewer, string? Title, FollowUpKind Kind, DateTime? DueLocal) : ICommand<long>;

    public sealed class CreateValidator : AbstractValidator<Create>
    {
        public CreateValidator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.Title).Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => l["task.title.required"]);
            RuleFor(c => c.DueLocal).NotNull().WithMessage(_ => l["task.due.required"]);
        }
    }

    public sealed class CreateHandler(HelpDeskDbContext db, TimeProvider clock, BusinessTime time) : IRequestHandler<Create, long>
    {
        public async Task<long> Handle(Create request, CancellationToken cancellationToken)
        {
            var task = new FollowUpTask(null, request.Viewer.Id, request.Kind, request.Title!, time.FromLocal(request.DueLocal!.Value), FollowUpSource.Manual, request.Viewer.Actor, clock.GetUtcNow());
            db.FollowUpTasks.Add(task);
            await db.SaveChangesAsync(cancellationToken);
            return task.Id;
        }
    }

    /// <summary>Done; when it follows up a promise and the agent says so, the promise is kept by this task.</summary>
    public sealed record Complete(Viewer Viewer, long TaskId, bool KeepPromise) : ICommand<Unit>;

    public sealed class CompleteHandler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<Complete, Unit>
    {
        public async Task<Unit> Handle(Complete request, CancellationToken cancellationToken)
        {
            var task = await db.FollowUpTasks.SingleOrDefaultAsync(t => t.Id == request.TaskId, cancellationToken);
            if (task is null || (task.OwnerId != request.Viewer.Id && !request.Viewer.IsSupervisor))
            {
                throw new NotFoundException("task.not_found");
            }

            var now = clock.GetUtcNow();
            task.Complete(request.Viewer.Actor, now);
            if (request.KeepPromise && task.CommitmentId is { } commitmentId
                && await db.Commitments.SingleOrDefaultAsync(c => c.Id == commitmentId && c.Status == CommitmentStatus.Open, cancellationToken) is { } promise)
            {
                promise.Keep(KeptVia.Task, task.Id, task.Title, request.Viewer.Actor, now);
            }

            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
