using FluentValidation;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Feedback;
using HelpDesk.Domain.Teams;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>
/// Hands a question to another department (R10, 工单流转): product, logistics, finance, operations or after-sales.
/// The department finds it at /agent/departments; its answer comes back into the ticket as an internal note.
/// </summary>
public static class Forward
{
    public sealed record Command(Viewer Viewer, string Number, int DepartmentTeamId, string? Summary) : ICommand<long>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<Strings> l) =>
            RuleFor(c => c.Summary).Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => l["forward.summary.required"])
                .MaximumLength(DepartmentRequest.TextMaxLength).WithMessage(_ => l["forward.summary.too_long", DepartmentRequest.TextMaxLength]);
    }

    public sealed class Handler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<Command, long>
    {
        public async Task<long> Handle(Command request, CancellationToken cancellationToken)
        {
            var ticket = await db.GetVisibleAsync(request.Viewer, request.Number, cancellationToken);
            var department = await db.Teams.SingleOrDefaultAsync(t => t.Id == request.DepartmentTeamId && t.Kind == TeamKind.Department, cancellationToken)
                ?? throw new DomainException("forward.department.unknown");
            var forwarded = new DepartmentRequest(ticket.Id, department.Id, request.Summary!, request.Viewer.Actor, clock.GetUtcNow());
            db.DepartmentRequests.Add(forwarded);
            await db.SaveChangesAsync(cancellationToken);
            return forwarded.Id;
        }
    }
}

/// <summary>Adds a follow-up task to the ticket (R9): call back, check the replacement arrived, and so on.</summary>
public static class CreateTask
{
    public sealed record Command(Viewer Viewer, string Number, string? Title, Domain.Tasks.FollowUpKind Kind, DateTime? DueLocal, Guid? OwnerId, Domain.Tasks.FollowUpSource Source = Domain.Tasks.FollowUpSource.Manual) : ICommand<long>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.Title).Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => l["task.title.required"]);
            RuleFor(c => c.DueLocal).NotNull().WithMessage(_ => l["task.due.required"]);
        }
    }

    public sealed class Handler(HelpDeskDbContext db, TimeProvider clock, BusinessTime time) : IRequestHandler<Command, long>
    {
        public async Task<long> Handle(Command request, CancellationToken cancellationToken)
        {
            var ticket = await db.GetVisibleAsync(request.Viewer, request.Number, cancellationToken);
            var owner = request.OwnerId ?? request.Viewer.Id;
            var task = new Domain.Tasks.FollowUpTask(ticket.Id, owner, request.Kind, request.Title!, time.FromLocal(request.DueLocal!.Value), request.Source, request.Viewer.Actor, clock.GetUtcNow());
            db.FollowUpTasks.Add(task);
            await db.SaveChangesAsync(cancellationToken);
            return task.Id;
        }
    }
}

/// <summary>
/// Folds a duplicate into another ticket of the same customer: the duplicate is closed and points at the ticket
/// that carries the conversation on; both timelines say so.
/// </summary>
public static class Merge
{
    public sealed record Command(Viewer Viewer, string Number, string? IntoNumber) : ICommand<Unit>;

    public sealed class Handler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var duplicate = await db.GetVisibleAsync(request.Viewer, request.Number, cancellationToken);
            var target = await db.FindVisibleAsync(request.Viewer, request.IntoNumber ?? string.Empty, cancellationToken) ?? throw new DomainException("ticket.merge.target_not_found");
            var now = clock.GetUtcNow();
            duplicate.MergeInto(target, request.Viewer.Actor, now);
            target.AddInternalNote(request.Viewer.Id, request.Viewer.Name, $"{duplicate.DisplayNumber} → {target.DisplayNumber}: {duplicate.Subject}", now);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
