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
/// fields (the SLA clocks, a reply) does not count as a conflict. Every changed field is one audit entry.
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
        string? Tags) : ICommand<Unit>, Live.IChangesTickets
    {
        public IEnumerable<string> ChangedTickets => [Number];
    }

    public sealed class Handler(HelpDeskDbContext db, TimeProvider clock, Customers.CustomerLinks links) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var ticket = await db.FindVisibleAsync(request.Viewer, request.Number, cancellationToken)
                ?? throw new DomainException("ticket.not_found");
            if (await db.AuditEntries.AnyAsync(a => a.TicketId == ticket.Id && a.Action == "ticket.changed" && a.At > request.LoadedAt, cancellationToken))
            {
                throw new DbUpdateConcurrencyException();
            }

            var now = clock.GetUtcNow();
            var changes = new List<FieldChange>();

            if (request.TeamId != ticket.TeamId || request.AssigneeId != ticket.AssigneeId)
            {
                await EnsureAssignableAsync(request.TeamId, request.AssigneeId, cancellationToken);
                var names = await NamesAsync([ticket.TeamId, request.TeamId], [ticket.AssigneeId, request.AssigneeId], cancellationToken);
                if (request.TeamId != ticket.TeamId)
                {
                    changes.Add(new("team", names.Team(ticket.TeamId), names.Team(request.TeamId)));
                }

                if (request.AssigneeId != ticket.AssigneeId)
                {
                    changes.Add(new("assignee", names.User(ticket.AssigneeId), names.User(request.AssigneeId)));
                }

                ticket.AssignTo(request.TeamId, request.AssigneeId, now);
            }

            if (request.Status != ticket.Status)
            {
                changes.Add(new("status", ticket.Status.ToString(), request.Status.ToString()));
                ticket.ChangeStatus(request.Status, now);
            }

            if (request.Priority != ticket.Priority)
            {
                changes.Add(new("priority", ticket.Priority.ToString(), request.Priority.ToString()));
                ticket.ChangePriority(request.Priority, now);
            }

            if (request.Category != ticket.Category)
            {
                changes.Add(new("category", ticket.Category.ToString(), request.Category.ToString()));
                ticket.ChangeCategory(request.Category, now);
            }

            var tags = Ticket.NormalizeTags((request.Tags ?? string.Empty).Split([',', '，', ' '], StringSplitOptions.RemoveEmptyEntries));
            if (!tags.SequenceEqual(ticket.Tags))
            {
                changes.Add(new("tags", string.Join(", ", ticket.Tags), string.Join(", ", tags)));
                ticket.SetTags(tags, now);
            }

            foreach (var change in changes)
            {
                db.Record(ticket, request.Viewer.Id, request.Viewer.Name, "ticket.changed", now, change);
            }

            if (ticket.Status == TicketStatus.Resolved && changes.Any(c => c.Field == "status"))
            {
                // The customer is asked to confirm it is solved, and to rate it (R4.4).
                await links.MailAsync(ticket, "mail.rate.subject", "mail.rate.body", now, cancellationToken);
            }

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

        private async Task<Names> NamesAsync(int?[] teamIds, Guid?[] userIds, CancellationToken cancellationToken) => new(
            await db.Teams.Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken),
            await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken));

        private sealed record Names(Dictionary<int, string> Teams, Dictionary<Guid, string> Users)
        {
            public string? Team(int? id) => id is { } i ? Teams.GetValueOrDefault(i) : null;

            public string? User(Guid? id) => id is { } i ? Users.GetValueOrDefault(i) : null;
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
