using System.Globalization;
using System.Text.Json;
using HelpDesk.Domain.AfterSales;
using HelpDesk.Domain.Audit;
using HelpDesk.Domain.Commitments;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Complaints;
using HelpDesk.Domain.Feedback;
using HelpDesk.Domain.Sla;
using HelpDesk.Domain.Tasks;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Shared;

/// <summary>One change of one field: stored as the audit entry's details, shown on the ticket's timeline.</summary>
public sealed record FieldChange(string Field, string? From, string? To);

/// <summary>
/// The append-only audit trail, written from the domain events of every slice: who did what to which ticket and
/// when. "ticket.changed" entries (one per field) are the ticket's timeline and what a stale save is checked
/// against; the others (created, replied, noted, called) complete the record.
/// </summary>
public sealed class AuditTrail(HelpDeskDbContext db, TicketNumbers numbers) : IDomainEventHandler<ITicketActivity>, IPrepareForEvents
{
    public const string Changed = "ticket.changed";
    private readonly Dictionary<int, string> _teams = [];
    private readonly Dictionary<Guid, string> _people = [];

    public Task PrepareAsync(IReadOnlyList<IDomainEvent> round, CancellationToken cancellationToken) =>
        numbers.LoadAsync(round.OfType<ITicketActivity>().Select(e => e.TicketId).OfType<long>(), cancellationToken);

    public async Task HandleAsync(ITicketActivity domainEvent, CancellationToken cancellationToken)
    {
        if (domainEvent.TicketId is not { } ticketId)
        {
            return;
        }

        foreach (var (action, change) in await DescribeAsync(domainEvent, cancellationToken))
        {
            await AddAsync(ticketId, domainEvent, action, change, cancellationToken);
        }

        if (domainEvent is TicketMerged merged)
        {
            await AddAsync(merged.Into.Id, domainEvent, Changed, new FieldChange("merged_from", null, merged.Ticket.DisplayNumber), cancellationToken);
        }
    }

    public static FieldChange? ReadChange(string? details)
    {
        if (details is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<FieldChange>(details);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<IReadOnlyList<(string Action, FieldChange? Change)>> DescribeAsync(ITicketActivity e, CancellationToken cancellationToken) => e switch
    {
        TicketOpened => [("ticket.created", null)],
        AgentResponded { Message.Kind: MessageKind.Call } => [("ticket.called", null)],
        AgentResponded => [("ticket.replied", null)],
        NoteAdded => [("ticket.noted", null)],
        StatusChanged s => [Field("status", s.From.ToString(), s.To.ToString())],
        PriorityChanged p => [Field("priority", p.From.ToString(), p.To.ToString())],
        CategoryChanged c => [Field("category", c.From.ToString(), c.To.ToString())],
        TagsChanged t => [Field("tags", string.Join(", ", t.From), string.Join(", ", t.To))],
        TicketAssigned a => await AssignedAsync(a, cancellationToken),
        TicketMerged m => [Field("merged", null, m.Into.DisplayNumber)],
        CommitmentMade c => [Field("commitment", null, c.Commitment.Text)],
        FollowUpTaskCreated t => [Field("task", null, t.Task.Title)],
        ForwardedToDepartment f => [Field("forwarded", null, await TeamAsync(f.Request.DepartmentTeamId, cancellationToken))],
        DepartmentAnswered d => [Field("department_answer", null, await TeamAsync(d.Request.DepartmentTeamId, cancellationToken))],
        SolutionsOffered o => [Field("offer", null, string.Join(" / ", o.Offer.Options.Select(x => x.Description)))],
        SolutionChosen o => [Field("solution", null, o.Offer.Chosen?.Description)],
        ComplaintAdvanced c => [Field("complaint_stage", c.From.ToString(), c.To.ToString())],
        AfterSalesCaseOpened c => [Field("aftersales", null, $"{c.Case.Kind}:{c.Case.Amount.ToString("0.00", CultureInfo.InvariantCulture)}")],
        AfterSalesCaseMoved c => [Field("aftersales_status", null, c.To.ToString())],
        AfterSalesApprovalGiven c when c.Case.Status == AfterSalesStatus.Requested => [Field("aftersales_status", null, c.Case.Status.ToString())],
        SlaEscalated s => [Field("sla", null, $"{s.Escalation.Metric}:{s.Escalation.Level}")],
        _ => [],
    };

    private async Task<IReadOnlyList<(string, FieldChange?)>> AssignedAsync(TicketAssigned a, CancellationToken cancellationToken)
    {
        var entries = new List<(string, FieldChange?)>();
        if (a.FromTeamId != a.ToTeamId)
        {
            entries.Add(Field("team", await TeamAsync(a.FromTeamId, cancellationToken), await TeamAsync(a.ToTeamId, cancellationToken)));
        }

        if (a.FromAssigneeId != a.ToAssigneeId)
        {
            entries.Add(Field("assignee", await PersonAsync(a.FromAssigneeId, cancellationToken), await PersonAsync(a.ToAssigneeId, cancellationToken)));
        }

        return entries;
    }

    private static (string, FieldChange?) Field(string field, string? from, string? to) => (Changed, new FieldChange(field, from, to));

    private async Task AddAsync(long ticketId, IDomainEvent e, string action, FieldChange? change, CancellationToken cancellationToken) =>
        db.AuditEntries.Add(new AuditEntry(
            e.At,
            e.By.StaffId,
            e.By.Name,
            nameof(Ticket),
            (await numbers.OfAsync(ticketId, cancellationToken)).ToString(CultureInfo.InvariantCulture),
            action,
            change is null ? null : JsonSerializer.Serialize(change),
            ticketId));

    private async Task<string?> TeamAsync(int? id, CancellationToken cancellationToken)
    {
        if (id is not { } teamId)
        {
            return null;
        }

        if (!_teams.TryGetValue(teamId, out var name))
        {
            name = _teams[teamId] = await db.Teams.Where(t => t.Id == teamId).Select(t => t.Name).SingleOrDefaultAsync(cancellationToken) ?? teamId.ToString(CultureInfo.InvariantCulture);
        }

        return name;
    }

    private async Task<string?> PersonAsync(Guid? id, CancellationToken cancellationToken)
    {
        if (id is not { } userId)
        {
            return null;
        }

        if (!_people.TryGetValue(userId, out var name))
        {
            name = _people[userId] = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken) ?? string.Empty;
        }

        return name;
    }
}

/// <summary>Ticket numbers by id for the event handlers: from the tickets already loaded, else one query each.</summary>
public sealed class TicketNumbers(HelpDeskDbContext db)
{
    private readonly Dictionary<long, long> _known = [];

    public async Task<long> OfAsync(long ticketId, CancellationToken cancellationToken)
    {
        await LoadAsync([ticketId], cancellationToken);
        return _known.TryGetValue(ticketId, out var number) ? number : throw new InvalidOperationException($"Ticket {ticketId} is gone.");
    }

    /// <summary>The numbers of many tickets at once: the tracked ones from the identity map, the others in one query.</summary>
    public async Task LoadAsync(IEnumerable<long> ticketIds, CancellationToken cancellationToken)
    {
        var missing = new List<long>();
        foreach (var id in ticketIds.Distinct().Where(id => !_known.ContainsKey(id)))
        {
            if (Tracked(id) is { } number)
            {
                _known[id] = number;
            }
            else
            {
                missing.Add(id);
            }
        }

        if (missing.Count > 0)
        {
            foreach (var t in await db.Tickets.Where(t => missing.Contains(t.Id)).Select(t => new { t.Id, t.Number }).ToListAsync(cancellationToken))
            {
                _known[t.Id] = t.Number;
            }
        }
    }

    /// <summary>
    /// A tracked ticket's number by its key, without the full DetectChanges that reading <c>Local</c> starts (once per
    /// event that was quadratic: a checklist of 50,000 promises tracks 100,000 entities).
    /// </summary>
    private long? Tracked(long ticketId)
    {
        var tracker = db.ChangeTracker;
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return db.Tickets.Local.FindEntry(ticketId)?.Entity.Number;
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }
}
