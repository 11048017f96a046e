using HelpDesk.Domain.AfterSales;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Complaints;
using HelpDesk.Domain.Notifications;
using HelpDesk.Domain.Sla;
using HelpDesk.Domain.Teams;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Notifications;

/// <summary>
/// In-app notices to the people who must act, from the domain events (shown in the reader's language):
/// the assignee when the customer writes again or says it is not solved, whoever offered solutions when the customer
/// chooses, the requester when a supervisor decides an after-sales case, and on an SLA escalation the assignee and
/// the team's supervisor — who are also e-mailed, within the calendar's working hours. A breach within a minute of
/// its at-risk warning (both noticed in one tick after a pause, or in two ticks close together) replaces the warning:
/// one notice per ticket, metric and minute, so an unread count means one thing to do each.
/// </summary>
public sealed class NotifyStaff(HelpDeskDbContext db) :
    IDomainEventHandler<CustomerWrote>,
    IDomainEventHandler<SolutionChosen>,
    IDomainEventHandler<AfterSalesCaseMoved>,
    IDomainEventHandler<SlaEscalated>,
    IPrepareForEvents
{
    private readonly Dictionary<int, Team?> _teams = [];
    private readonly Dictionary<Guid, string?> _emails = [];
    private readonly Dictionary<int, BusinessCalendar?> _calendars = [];

    // What this handler added in this unit of work (a breach looks there for the warning it replaces, not in the
    // change tracker: reading Local runs DetectChanges over everything tracked, once per breach in a storm).
    private readonly List<Notification> _notices = [];
    private readonly List<OutboxMessage> _mails = [];

    // Per round: the saved, unread at-risk notices of the last minute of the tickets that breached (one query).
    private static readonly ILookup<long, Notification> NoWarnings = Array.Empty<Notification>().ToLookup(n => 0L);
    private ILookup<long, Notification> _savedWarnings = NoWarnings;

    public async Task PrepareAsync(IReadOnlyList<IDomainEvent> round, CancellationToken cancellationToken)
    {
        var breaches = round.OfType<SlaEscalated>().Where(e => e.Escalation.Level == EscalationLevel.Breached).ToList();
        if (breaches.Count == 0)
        {
            _savedWarnings = NoWarnings;
            return;
        }

        var tickets = breaches.Select(e => e.Escalation.TicketId).Distinct().ToList();
        var since = breaches.Min(e => e.At) - WarningReplacedWithin;
        _savedWarnings = (await db.Notifications
            .Where(n => n.TicketId != null && tickets.Contains(n.TicketId.Value) && n.Key == AtRisk && n.ReadAt == null && n.CreatedAt >= since)
            .ToListAsync(cancellationToken)).ToLookup(n => n.TicketId!.Value);
    }

    public Task HandleAsync(CustomerWrote domainEvent, CancellationToken cancellationToken)
    {
        if (domainEvent.Ticket.AssigneeId is { } assignee)
        {
            Notify(assignee, domainEvent.NotSolved ? "notify.not_solved" : "notify.customer_replied", domainEvent.Ticket, domainEvent.At);
        }

        return Task.CompletedTask;
    }

    public async Task HandleAsync(SolutionChosen domainEvent, CancellationToken cancellationToken)
    {
        var ticket = await TicketAsync(domainEvent.Offer.TicketId, cancellationToken);
        Notify(ticket.AssigneeId ?? domainEvent.Offer.OfferedById, "notify.solution_chosen", ticket, domainEvent.At, domainEvent.Offer.Chosen?.Description ?? string.Empty);
    }

    public async Task HandleAsync(AfterSalesCaseMoved domainEvent, CancellationToken cancellationToken)
    {
        var @case = domainEvent.Case;
        if (domainEvent.To is AfterSalesStatus.Approved or AfterSalesStatus.Rejected && domainEvent.By.StaffId != @case.RequestedById)
        {
            var key = domainEvent.To == AfterSalesStatus.Approved ? "notify.aftersales.approved" : "notify.aftersales.rejected";
            Notify(@case.RequestedById, key, await TicketAsync(@case.TicketId, cancellationToken), domainEvent.At);
        }
    }

    public async Task HandleAsync(SlaEscalated domainEvent, CancellationToken cancellationToken)
    {
        var escalation = domainEvent.Escalation;
        var ticket = await TicketAsync(escalation.TicketId, cancellationToken);
        var team = domainEvent.TeamId is { } teamId ? await TeamAsync(teamId, cancellationToken) : null;
        var calendar = ticket.Sla.CalendarId is { } calendarId ? await CalendarAsync(calendarId, cancellationToken) : null;
        var key = escalation.Level == EscalationLevel.AtRisk ? AtRisk : "notify.sla.breached";
        var people = new[] { domainEvent.AssigneeId, team?.SupervisorId }.OfType<Guid>().Distinct().ToList();
        if (escalation.Level == EscalationLevel.Breached)
        {
            WithdrawWarnings(ticket, escalation.Metric, people, domainEvent.At);
        }

        foreach (var person in people)
        {
            Notify(person, key, ticket, domainEvent.At, escalation.Metric.ToString());
            if (await EmailAsync(person, cancellationToken) is { Length: > 0 } email)
            {
                // E-mail only within working hours: outside them it waits for the next working minute.
                var subject = Subject(escalation.Metric, escalation.Level);
                var at = calendar?.NextWorkingInstant(domainEvent.At) ?? domainEvent.At;
                var mail = new OutboxMessage(email, $"[SLA] {ticket.DisplayNumber} {subject}", $"{ticket.DisplayNumber} {ticket.Subject}\n{subject}", at);
                db.OutboxMessages.Add(mail);
                _mails.Add(mail);
            }
        }
    }

    private const string AtRisk = "notify.sla.at_risk";

    private static readonly TimeSpan WarningReplacedWithin = TimeSpan.FromMinutes(1);

    /// <summary>The at-risk notices (and not yet saved warning mails) of the last minute that this breach replaces.</summary>
    private void WithdrawWarnings(Ticket ticket, SlaMetric metric, IReadOnlyList<Guid> people, DateTimeOffset at)
    {
        var since = at - WarningReplacedWithin;
        var metricName = metric.ToString();
        var warnings = _savedWarnings[ticket.Id].Where(n => n.CreatedAt >= since && db.Entry(n).State != EntityState.Deleted)
            .Concat(_notices.Where(n => n.TicketId == ticket.Id && n.Key == AtRisk && db.Entry(n).State == EntityState.Added))
            .Where(n => people.Contains(n.UserId) && n.Arguments.Skip(1).FirstOrDefault() == metricName)
            .ToList();
        db.Notifications.RemoveRange(warnings);
        var subject = $"[SLA] {ticket.DisplayNumber} {Subject(metric, EscalationLevel.AtRisk)}";
        db.OutboxMessages.RemoveRange(_mails.Where(m => m.Subject == subject && db.Entry(m).State == EntityState.Added).ToList());
    }

    private static string Subject(SlaMetric metric, EscalationLevel level) => (metric, level) switch
    {
        (SlaMetric.FirstResponse, EscalationLevel.AtRisk) => "首次响应即将超时 / First response at risk",
        (SlaMetric.FirstResponse, _) => "首次响应已超时 / First response breached",
        (SlaMetric.NextResponse, EscalationLevel.AtRisk) => "后续响应即将超时 / Next response at risk",
        (SlaMetric.NextResponse, _) => "后续响应已超时 / Next response breached",
        (_, EscalationLevel.AtRisk) => "解决时限即将超时 / Resolution at risk",
        _ => "解决时限已超时 / Resolution breached",
    };

    private void Notify(Guid person, string key, Ticket ticket, DateTimeOffset at, params string[] more)
    {
        var notice = new Notification(person, key, [ticket.DisplayNumber, .. more], ticket.Id, at);
        db.Notifications.Add(notice);
        _notices.Add(notice);
    }

    private async Task<Ticket> TicketAsync(long id, CancellationToken cancellationToken) =>
        await db.Tickets.FindAsync([id], cancellationToken) ?? throw new InvalidOperationException($"Ticket {id} is gone.");

    private async Task<Team?> TeamAsync(int id, CancellationToken cancellationToken)
    {
        if (!_teams.TryGetValue(id, out var team))
        {
            team = _teams[id] = await db.Teams.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        }

        return team;
    }

    private async Task<string?> EmailAsync(Guid person, CancellationToken cancellationToken)
    {
        if (!_emails.TryGetValue(person, out var email))
        {
            email = _emails[person] = await db.Users.Where(u => u.Id == person).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        }

        return email;
    }

    private async Task<BusinessCalendar?> CalendarAsync(int id, CancellationToken cancellationToken)
    {
        if (!_calendars.TryGetValue(id, out var calendar))
        {
            calendar = _calendars[id] = await db.BusinessCalendars.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        }

        return calendar;
    }
}
