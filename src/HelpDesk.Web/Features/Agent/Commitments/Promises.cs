using FluentValidation;
using HelpDesk.Domain.Commitments;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Sla;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Agent.Commitments;

/// <summary>
/// Promises to customers (R8): recorded from the ticket (by hand, or confirmed from what the reply detected), kept
/// automatically by the event that fulfils them (<see cref="Features.Commitments.KeepPromises"/>), or settled by the
/// agent — kept, or the customer contacted and a new time agreed.
/// </summary>
public static class Promises
{
    public sealed record Add(Viewer Viewer, string Number, CommitmentKind Kind, string? Text, DateTime? DueLocal) : ICommand<long>;

    public sealed class AddValidator : AbstractValidator<Add>
    {
        public AddValidator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.Text).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage(_ => l["commitment.text.required"]);
            RuleFor(c => c.DueLocal).NotNull().WithMessage(_ => l["commitment.due.required"]);
        }
    }

    public sealed class AddHandler(HelpDeskDbContext db, TimeProvider clock, BusinessTime time) : IRequestHandler<Add, long>
    {
        public async Task<long> Handle(Add request, CancellationToken cancellationToken)
        {
            var ticket = await db.GetVisibleAsync(request.Viewer, request.Number, cancellationToken);
            if (ticket.Status == TicketStatus.Closed)
            {
                throw new DomainException("commitment.ticket_closed");
            }

            var commitment = new Commitment(ticket.Id, request.Viewer.Actor, request.Kind, request.Text!, time.FromLocal(request.DueLocal!.Value), clock.GetUtcNow());
            db.Commitments.Add(commitment);
            await db.SaveChangesAsync(cancellationToken);
            return commitment.Id;
        }
    }

    /// <summary>What the reply promised, for the agent to confirm: read against the ticket team's calendar.</summary>
    public sealed record Detect(string? Text, int? TeamId, DateTimeOffset Now) : IQuery<IReadOnlyList<DetectedPromise>>;

    public sealed class DetectHandler(HelpDeskDbContext db) : IRequestHandler<Detect, IReadOnlyList<DetectedPromise>>
    {
        public async Task<IReadOnlyList<DetectedPromise>> Handle(Detect request, CancellationToken cancellationToken)
        {
            var calendar = await CalendarOfAsync(db, request.TeamId, cancellationToken);
            return calendar is null ? [] : PromiseDetector.Detect(request.Text, request.Now, calendar);
        }
    }

    /// <summary>Settles a promise from the commitments page or the evening checklist.</summary>
    public sealed record Settle(Viewer Viewer, long CommitmentId, ChecklistTick Tick, string? Note, DateTime? NewDueLocal) : ICommand<Unit>;

    public sealed class SettleValidator : AbstractValidator<Settle>
    {
        public SettleValidator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.Note).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage(_ => l["commitment.note.required"]);
            RuleFor(c => c.NewDueLocal).NotNull().When(c => c.Tick == ChecklistTick.Rescheduled).WithMessage(_ => l["commitment.due.required"]);
        }
    }

    public sealed class SettleHandler(HelpDeskDbContext db, TimeProvider clock, BusinessTime time) : IRequestHandler<Settle, Unit>
    {
        public async Task<Unit> Handle(Settle request, CancellationToken cancellationToken)
        {
            var commitment = await db.Commitments.SingleOrDefaultAsync(c => c.Id == request.CommitmentId, cancellationToken);
            if (commitment is null || (commitment.OwnerId != request.Viewer.Id && !request.Viewer.IsSupervisor))
            {
                throw new NotFoundException("commitment.not_found");
            }

            var now = clock.GetUtcNow();
            if (request.Tick == ChecklistTick.Kept)
            {
                commitment.Keep(KeptVia.Agent, null, request.Note!, request.Viewer.Actor, now);
            }
            else
            {
                commitment.Reschedule(time.FromLocal(request.NewDueLocal!.Value), request.Note!, now);
            }

            // Every checklist still waiting for this promise records the tick (an agent in two teams is on two lists).
            foreach (var item in await db.ChecklistItems.Where(i => i.CommitmentId == commitment.Id && i.Tick == null).ToListAsync(cancellationToken))
            {
                item.Check(request.Tick, request.Note!, now);
            }
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }

    /// <summary>The calendar of a team (its own, or the first one), for reading due times.</summary>
    public static async Task<BusinessCalendar?> CalendarOfAsync(HelpDeskDbContext db, int? teamId, CancellationToken cancellationToken)
    {
        var id = teamId is { } t ? await db.Teams.Where(x => x.Id == t).Select(x => x.CalendarId).SingleOrDefaultAsync(cancellationToken) : null;
        return await db.BusinessCalendars.AsNoTracking().OrderBy(c => c.Id != id).ThenBy(c => c.Is24x7).ThenBy(c => c.Id).FirstOrDefaultAsync(cancellationToken);
    }
}

/// <summary>The agent phoned the customer: the call is logged on the ticket (and keeps the promises a call keeps, <see cref="Features.Commitments.KeepPromises"/>).</summary>
public static class LogCall
{
    public sealed record Command(Viewer Viewer, string Number, string? Summary) : ICommand<long>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<Strings> l) =>
            RuleFor(c => c.Summary).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage(_ => l["call.summary.required"]);
    }

    public sealed class Handler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<Command, long>
    {
        public async Task<long> Handle(Command request, CancellationToken cancellationToken)
        {
            var ticket = await db.GetVisibleAsync(request.Viewer, request.Number, cancellationToken);
            var call = ticket.LogCall(request.Viewer.Id, request.Viewer.Name, request.Summary!, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            return call.Id;
        }
    }
}
