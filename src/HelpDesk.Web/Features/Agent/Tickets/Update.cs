using HelpDesk.Domain.Common;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>
/// Changes a ticket's status, priority, category, team, assignee and tags in one save. The form carries the
/// moment the agent loaded it: if anybody (a colleague, the SLA monitor) changed the ticket's fields since, nothing
/// is written and the agent is told what changed (see <see cref="Changes"/>). Work that does not touch these
/// fields (the SLA clocks, a reply) does not count as a conflict. Every changed field is one audit entry (from the
/// ticket's events), and a resolution invites the customer to confirm and rate.
/// </summary>
public static class Update
{
    public sealed record Command(
        Viewer Viewer,
        string Number,
        DateTimeOffset LoadedAt,
        TicketStatus Status,
        TicketPriority Priority,
        TicketCategory Category,
        int? TeamId,
        Guid? AssigneeId,
        string? Tags) : ICommand<Unit>;

    public sealed class Handler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var ticket = await db.GetVisibleAsync(request.Viewer, request.Number, cancellationToken);
            if (await db.AuditEntries.AnyAsync(a => a.TicketId == ticket.Id && a.Action == "ticket.changed" && a.At > request.LoadedAt, cancellationToken))
            {
                throw new DbUpdateConcurrencyException();
            }

            var (now, by) = (clock.GetUtcNow(), request.Viewer.Actor);
            if (request.TeamId != ticket.TeamId || request.AssigneeId != ticket.AssigneeId)
            {
                await EnsureAssignableAsync(request.TeamId, request.AssigneeId, cancellationToken);
                ticket.AssignTo(request.TeamId, request.AssigneeId, by, now);
            }

            if (request.Status != ticket.Status)
            {
                ticket.ChangeStatus(request.Status, by, now);
            }

            ticket.ChangePriority(request.Priority, by, now);
            ticket.ChangeCategory(request.Category, by, now);
            ticket.SetTags((request.Tags ?? string.Empty).Split([',', '，', ' '], StringSplitOptions.RemoveEmptyEntries), by, now);
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

/// <summary>What others changed on a ticket since a moment: shown to an agent whose save came too late.</summary>
public static class Changes
{
    public sealed record Query(string Number, DateTimeOffset Since) : IQuery<IReadOnlyList<Change>>;

    public sealed record Change(string Actor, DateTimeOffset At, string Action, FieldChange? Field);

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, IReadOnlyList<Change>>
    {
        public async Task<IReadOnlyList<Change>> Handle(Query request, CancellationToken cancellationToken)
        {
            if (!Ticket.TryParseNumber(request.Number, out var number))
            {
                return [];
            }

            var entries = await db.AuditEntries.AsNoTracking()
                .Where(a => a.TicketId == db.Tickets.Where(t => t.Number == number).Select(t => t.Id).FirstOrDefault() && a.At > request.Since)
                .OrderBy(a => a.At).ThenBy(a => a.Id)
                .Select(a => new { a.ActorName, a.At, a.Action, a.Details })
                .ToListAsync(cancellationToken);
            return entries.Select(e => new Change(e.ActorName, e.At, e.Action, AuditTrail.ReadChange(e.Details))).ToList();
        }
    }
}
