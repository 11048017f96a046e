using FluentValidation;
using HelpDesk.Domain.Commitments;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Sla;
using HelpDesk.Domain.Tasks;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Agent.Tickets;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Agent.Commitments;

/// <summary>
/// Promises to customers (R8): recorded from the ticket (by hand, or confirmed from what the reply detected), kept
/// automatically by the event that fulfils them (a reply, a logged call), or settled by the agent — kept, or the
/// customer contacted and a new time agreed.
/// </summary>
public static class Promises
{
    public sealed record Add(Viewer Viewer, string Number, CommitmentKind Kind, string? Text, DateTime? DueLocal) : ICommand<long>, Live.IChangesTickets
    {
        public IEnumerable<string> ChangedTickets => [Number];
    }

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
            var ticket = await db.FindVisibleAsync(request.Viewer, request.Number, cancellationToken) ?? throw new DomainException("ticket.not_found");
            if (ticket.Status == TicketStatus.Closed)
            {
                throw new DomainException("commitment.ticket_closed");
            }

            var now = clock.GetUtcNow();
            var commitment = new Commitment(ticket.Id, request.Viewer.Id, request.Kind, request.Text!, time.FromLocal(request.DueLocal!.Value), now);
            db.Commitments.Add(commitment);
            db.Record(ticket, request.Viewer.Id, request.Viewer.Name, "ticket.changed", now, new FieldChange("commitment", null, commitment.Text));
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
                throw new DomainException("commitment.not_found");
            }

            var now = clock.GetUtcNow();
            if (request.Tick == ChecklistTick.Kept)
            {
                commitment.Keep(KeptVia.Agent, null, request.Note!, now);
                await CompleteTasksAsync(db, commitment.Id, now, cancellationToken);
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

    /// <summary>
    /// Marks kept every open promise of the ticket that this event fulfils (a reply keeps "reply with information",
    /// a call keeps "call back" too), made before it.
    /// </summary>
    public static async Task<int> KeepByAsync(HelpDeskDbContext db, long ticketId, KeptVia via, long reference, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var open = await db.Commitments.Where(c => c.TicketId == ticketId && c.Status == CommitmentStatus.Open && c.MadeAt < now).ToListAsync(cancellationToken);
        var kept = 0;
        foreach (var commitment in open.Where(c => c.IsKeptBy(via)))
        {
            commitment.Keep(via, reference, "auto:" + via.ToString().ToLowerInvariant(), now);
            await CompleteTasksAsync(db, commitment.Id, now, cancellationToken);
            kept++;
        }

        return kept;
    }

    private static async Task CompleteTasksAsync(HelpDeskDbContext db, long commitmentId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var task in await db.FollowUpTasks.Where(t => t.CommitmentId == commitmentId && t.Status == FollowUpStatus.Open).ToListAsync(cancellationToken))
        {
            task.Complete(now);
        }
    }

    /// <summary>The calendar of a team (its own, or the first one), for reading due times.</summary>
    public static async Task<BusinessCalendar?> CalendarOfAsync(HelpDeskDbContext db, int? teamId, CancellationToken cancellationToken)
    {
        var id = teamId is { } t ? await db.Teams.Where(x => x.Id == t).Select(x => x.CalendarId).SingleOrDefaultAsync(cancellationToken) : null;
        return await db.BusinessCalendars.AsNoTracking().OrderBy(c => c.Id != id).ThenBy(c => c.Is24x7).ThenBy(c => c.Id).FirstOrDefaultAsync(cancellationToken);
    }
}

/// <summary>The agent phoned the customer: the call is logged on the ticket and keeps the promises a call keeps.</summary>
public static class LogCall
{
    public sealed record Command(Viewer Viewer, string Number, string? Summary) : ICommand<long>, Live.IChangesTickets
    {
        public IEnumerable<string> ChangedTickets => [Number];
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<Strings> l) =>
            RuleFor(c => c.Summary).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage(_ => l["call.summary.required"]);
    }

    public sealed class Handler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<Command, long>
    {
        public async Task<long> Handle(Command request, CancellationToken cancellationToken)
        {
            var ticket = await db.FindVisibleAsync(request.Viewer, request.Number, cancellationToken) ?? throw new DomainException("ticket.not_found");
            var now = clock.GetUtcNow();
            var call = ticket.LogCall(request.Viewer.Id, request.Viewer.Name, request.Summary!, now);
            db.Record(ticket, request.Viewer.Id, request.Viewer.Name, "ticket.called", now);
            await db.SaveChangesAsync(cancellationToken);
            await Promises.KeepByAsync(db, ticket.Id, KeptVia.Call, call.Id, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return call.Id;
        }
    }
}
