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
    public sealed record Command(Viewer Viewer, string Number, int DepartmentTeamId, string? Summary) : ICommand<long>, Live.IChangesTickets
    {
        public IEnumerable<string> ChangedTickets => [Number];
    }

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
            var ticket = await db.FindVisibleAsync(request.Viewer, request.Number, cancellationToken) ?? throw new DomainException("ticket.not_found");
            var department = await db.Teams.SingleOrDefaultAsync(t => t.Id == request.DepartmentTeamId && t.Kind == TeamKind.Department, cancellationToken)
                ?? throw new DomainException("forward.department.unknown");
            var now = clock.GetUtcNow();
            var forwarded = new DepartmentRequest(ticket.Id, department.Id, request.Summary!, request.Viewer.Id, now);
            db.DepartmentRequests.Add(forwarded);
            db.Record(ticket, request.Viewer.Id, request.Viewer.Name, "ticket.changed", now, new FieldChange("forwarded", null, department.Name));
            await db.SaveChangesAsync(cancellationToken);
            return forwarded.Id;
        }
    }
}

/// <summary>Adds a follow-up task to the ticket (R9): call back, check the replacement arrived, and so on.</summary>
public static class CreateTask
{
    public sealed record Command(Viewer Viewer, string Number, string? Title, Domain.Tasks.FollowUpKind Kind, DateTime? DueLocal, Guid? OwnerId, Domain.Tasks.FollowUpSource Source = Domain.Tasks.FollowUpSource.Manual) : ICommand<long>, Live.IChangesTickets
    {
        public IEnumerable<string> ChangedTickets => [Number];
    }

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
            var ticket = await db.FindVisibleAsync(request.Viewer, request.Number, cancellationToken) ?? throw new DomainException("ticket.not_found");
            var owner = request.OwnerId ?? request.Viewer.Id;
            var due = time.FromLocal(request.DueLocal!.Value);
            var now = clock.GetUtcNow();
            var task = new Domain.Tasks.FollowUpTask(ticket.Id, owner, request.Kind, request.Title!, due, request.Source, now);
            db.FollowUpTasks.Add(task);
            db.Record(ticket, request.Viewer.Id, request.Viewer.Name, "ticket.changed", now, new FieldChange("task", null, request.Title!.Trim()));
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
    public sealed record Command(Viewer Viewer, string Number, string? IntoNumber) : ICommand<Unit>, Live.IChangesTickets
    {
        public IEnumerable<string> ChangedTickets => [Number, IntoNumber ?? Number];
    }

    public sealed class Handler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var duplicate = await db.FindVisibleAsync(request.Viewer, request.Number, cancellationToken) ?? throw new DomainException("ticket.not_found");
            var target = await db.FindVisibleAsync(request.Viewer, request.IntoNumber ?? string.Empty, cancellationToken) ?? throw new DomainException("ticket.merge.target_not_found");
            var now = clock.GetUtcNow();
            var status = duplicate.Status;
            duplicate.MergeInto(target, now);
            target.AddInternalNote(request.Viewer.Id, request.Viewer.Name, $"{duplicate.DisplayNumber} → {target.DisplayNumber}: {duplicate.Subject}", now);
            db.Record(duplicate, request.Viewer.Id, request.Viewer.Name, "ticket.changed", now, new FieldChange("merged", null, target.DisplayNumber));
            if (status != duplicate.Status)
            {
                db.Record(duplicate, request.Viewer.Id, request.Viewer.Name, "ticket.changed", now, new FieldChange("status", status.ToString(), duplicate.Status.ToString()));
            }

            db.Record(target, request.Viewer.Id, request.Viewer.Name, "ticket.changed", now, new FieldChange("merged_from", null, duplicate.DisplayNumber));
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
