using HelpDesk.Domain.Notifications;
using HelpDesk.Domain.Sla;
using HelpDesk.Domain.Teams;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Infrastructure.Mail;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Sla;

/// <summary>
/// The SLA monitor's tick (R7): takes the tickets whose next deadline has come (indexed; FOR UPDATE SKIP LOCKED, so
/// several app instances share the work and never take the same ticket), lets their clocks reach at-risk and breached,
/// and escalates each level once: in-app notices to the assignee and the team's supervisor, an e-mail sent within the
/// calendar's working hours, and on a breach a higher priority and the team's escalation team. A changed policy is
/// applied to the ticket from now on. Everything of one tick commits together, so a crash mid-tick loses and doubles
/// nothing; the unique escalation key is the last guard.
/// </summary>
public static class SlaMonitor
{
    public const string Actor = "system:sla";

    public sealed record Command(int BatchSize = 200) : ICommand<Result>;

    public sealed record Result(int Checked, int Escalated);

    public sealed class Handler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var ids = await db.Database.SqlQuery<long>($"""
                SELECT id AS "Value" FROM tickets
                WHERE next_deadline_at <= {now}
                ORDER BY next_deadline_at
                LIMIT {request.BatchSize}
                FOR UPDATE SKIP LOCKED
                """).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return new Result(0, 0);
            }

            var tickets = await db.Tickets.Where(t => ids.Contains(t.Id)).ToListAsync(cancellationToken);
            var rules = await SlaRules.LoadAsync(db, cancellationToken);
            var customerIds = tickets.Select(t => t.CustomerId).Distinct().ToList();
            var tiers = await db.Customers.Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Tier, cancellationToken);
            var done = (await db.SlaEscalations.Where(e => ids.Contains(e.TicketId))
                .Select(e => new { e.TicketId, e.Metric, e.Level, e.ClockStartedAt }).ToListAsync(cancellationToken))
                .Select(e => (e.TicketId, e.Metric, e.Level, e.ClockStartedAt)).ToHashSet();
            var teamIds = tickets.Where(t => t.TeamId != null).Select(t => t.TeamId!.Value).Distinct().ToList();
            var teams = await db.Teams.Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
            var people = tickets.Select(t => t.AssigneeId).Concat(teams.Values.Select(t => t.SupervisorId)).OfType<Guid>().Distinct().ToList();
            var emails = await db.Users.Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email, cancellationToken);

            var escalated = 0;
            foreach (var ticket in tickets)
            {
                var (policy, calendar) = rules.For(ticket, tiers.GetValueOrDefault(ticket.CustomerId));
                if (policy is null || calendar is null)
                {
                    ticket.SetSla(SlaState.None, null);
                    continue;
                }

                if (policy.Id != ticket.Sla.PolicyId || ticket.Sla.Resolution.TargetMinutes != policy.ResolutionMinutes
                    || ticket.Sla.FirstResponse.TargetMinutes != policy.FirstResponseMinutes || ticket.Sla.NextResponse.TargetMinutes != policy.NextResponseMinutes)
                {
                    ticket.Sla.Apply(new TicketEvent(TicketEventKind.Reclassified, now), policy, calendar);
                }

                foreach (var alarm in ticket.Sla.Tick(now, calendar))
                {
                    var started = Clock(ticket.Sla, alarm.Metric).StartedAt!.Value;
                    if (done.Add((ticket.Id, alarm.Metric, alarm.Level, started)))
                    {
                        Escalate(ticket, alarm, started, teams, emails, calendar, now);
                        escalated++;
                    }
                }

                ticket.ClearEvents();
                var (state, next) = ticket.Sla.Summary(now);
                ticket.SetSla(state, next);
            }

            await db.SaveChangesAsync(cancellationToken);
            return new Result(tickets.Count, escalated);
        }

        private void Escalate(Ticket ticket, SlaAlarm alarm, DateTimeOffset clockStarted, Dictionary<int, Team> teams, Dictionary<Guid, string?> emails, BusinessCalendar calendar, DateTimeOffset now)
        {
            db.SlaEscalations.Add(new SlaEscalation(ticket.Id, alarm.Metric, alarm.Level, clockStarted, now));
            db.Record(ticket, null, Actor, "ticket.changed", now, new FieldChange("sla", null, $"{alarm.Metric}:{alarm.Level}"));

            var team = ticket.TeamId is { } teamId ? teams.GetValueOrDefault(teamId) : null;
            var key = alarm.Level == EscalationLevel.AtRisk ? "notify.sla.at_risk" : "notify.sla.breached";
            foreach (var person in new[] { ticket.AssigneeId, team?.SupervisorId }.OfType<Guid>().Distinct())
            {
                db.Notifications.Add(new Notification(person, key, [ticket.DisplayNumber, alarm.Metric.ToString()], ticket.Id, now));
                if (emails.GetValueOrDefault(person) is { Length: > 0 } email)
                {
                    // E-mail only within working hours: outside them it waits for the next working minute.
                    var mail = new OutboxMessage(email, $"[SLA] {ticket.DisplayNumber} {Subject(alarm)}", $"{ticket.DisplayNumber} {ticket.Subject}\n{Subject(alarm)}", calendar.NextWorkingInstant(now));
                    db.OutboxMessages.Add(mail);
                }
            }

            if (alarm.Level != EscalationLevel.Breached)
            {
                return;
            }

            if (ticket.Priority < TicketPriority.Urgent)
            {
                var from = ticket.Priority;
                ticket.ChangePriority(from + 1, now);
                db.Record(ticket, null, Actor, "ticket.changed", now, new FieldChange("priority", from.ToString(), ticket.Priority.ToString()));
            }

            if (team?.EscalationTeamId is { } escalationTeam && teams.GetValueOrDefault(escalationTeam) is var target && escalationTeam != ticket.TeamId)
            {
                db.Record(ticket, null, Actor, "ticket.changed", now, new FieldChange("team", team.Name, target?.Name ?? escalationTeam.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                ticket.AssignTo(escalationTeam, null, now);
            }
        }

        private static string Subject(SlaAlarm alarm) => (alarm.Metric, alarm.Level) switch
        {
            (SlaMetric.FirstResponse, EscalationLevel.AtRisk) => "首次响应即将超时 / First response at risk",
            (SlaMetric.FirstResponse, _) => "首次响应已超时 / First response breached",
            (SlaMetric.NextResponse, EscalationLevel.AtRisk) => "后续响应即将超时 / Next response at risk",
            (SlaMetric.NextResponse, _) => "后续响应已超时 / Next response breached",
            (_, EscalationLevel.AtRisk) => "解决时限即将超时 / Resolution at risk",
            _ => "解决时限已超时 / Resolution breached",
        };
    }

    public static SlaClock Clock(TicketSla sla, SlaMetric metric) => metric switch
    {
        SlaMetric.FirstResponse => sla.FirstResponse,
        SlaMetric.NextResponse => sla.NextResponse,
        _ => sla.Resolution,
    };
}
