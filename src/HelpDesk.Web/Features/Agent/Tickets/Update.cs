using HelpDesk.Domain.Common;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>
/// Changes a ticket's status, priority, category, team, assignee and tags in one save. The form posts the values it
/// showed and the agent's choice; the save is a three-way merge with what the ticket holds now
/// (<see cref="TicketFields"/>): fields the agent left alone keep their current value, and the save is refused (nothing
/// written, the agent told who changed what, see <see cref="Changes"/>) only when somebody else changed a field the
/// agent changed too. The ticket's row version (xmin) guards the read-modify-write against a save in between. Every
/// changed field is one audit entry (from the ticket's events), and a resolution invites the customer to confirm.
/// </summary>
public static class Update
{
    public sealed record Command(Viewer Viewer, string Number, TicketFields Was, TicketFields Wanted) : ICommand<Unit>;

    public sealed class Handler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var ticket = await db.GetVisibleAsync(request.Viewer, request.Number, cancellationToken);
            var current = TicketFields.Of(ticket);
            if (TicketFields.Conflicts(request.Was, request.Wanted, current).Count > 0)
            {
                throw new DbUpdateConcurrencyException();
            }

            var save = TicketFields.Merge(request.Was, request.Wanted, current);
            var (now, by) = (clock.GetUtcNow(), request.Viewer.Actor);
            if (save.TeamId != ticket.TeamId || save.AssigneeId != ticket.AssigneeId)
            {
                await EnsureAssignableAsync(save.TeamId, save.AssigneeId, cancellationToken);
                ticket.AssignTo(save.TeamId, save.AssigneeId, by, now);
            }

            if (save.Status != ticket.Status)
            {
                ticket.ChangeStatus(save.Status, by, now);
            }

            ticket.ChangePriority(save.Priority, by, now);
            ticket.ChangeCategory(save.Category, by, now);
            ticket.SetTags(save.Tags, by, now);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        /// <summary>A team must be a service team; an assignee must belong to it.</summary>
        private async Task EnsureAssignableAsync(int? teamId, Guid? assigneeId, CancellationToken cancellationToken)
        {
            if (teamId is { } team && !await db.Teams.AnyAsync(t => t.Id == team && t.Kind == Domain.Teams.TeamKind.Service, cancellationToken))
            {
                throw new DomainException("ticket.team.unknown");
            }

            if (assigneeId is { } user && !await db.TeamMembers.AnyAsync(m => m.TeamId == teamId && m.UserId == user, cancellationToken))
            {
                throw new DomainException("ticket.assignee.not_in_team");
            }
        }
    }
}

/// <summary>The latest change of each of some fields of a ticket: who made the change an agent's save ran into.</summary>
public static class Changes
{
    public sealed record Query(string Number, IReadOnlyList<string> Fields) : IQuery<IReadOnlyList<Change>>;

    public sealed record Change(string Actor, DateTimeOffset At, string Action, FieldChange? Field);

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, IReadOnlyList<Change>>
    {
        private const int Recent = 50;

        public async Task<IReadOnlyList<Change>> Handle(Query request, CancellationToken cancellationToken)
        {
            if (!Ticket.TryParseNumber(request.Number, out var number))
            {
                return [];
            }

            var entries = await db.AuditEntries.AsNoTracking()
                .Where(a => a.TicketId == db.Tickets.Where(t => t.Number == number).Select(t => t.Id).FirstOrDefault() && a.Action == AuditTrail.Changed)
                .OrderByDescending(a => a.Id)
                .Take(Recent)
                .Select(a => new { a.ActorName, a.At, a.Action, a.Details })
                .ToListAsync(cancellationToken);
            return entries
                .Select(e => new Change(e.ActorName, e.At, e.Action, AuditTrail.ReadChange(e.Details)))
                .Where(c => c.Field is { } f && request.Fields.Contains(f.Field))
                .DistinctBy(c => c.Field!.Field)
                .Reverse()
                .ToList();
        }
    }
}
