using HelpDesk.Domain.Common;
using HelpDesk.Domain.Sla;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Sla;

/// <summary>
/// The SLA monitor's tick (R7): takes the tickets whose next deadline has come (indexed; FOR UPDATE SKIP LOCKED, so
/// several app instances share the work and never take the same ticket), lets their clocks reach at-risk and breached,
/// and escalates each level once; on a breach the ticket goes one priority up and to the team's escalation team. The
/// notices and e-mails, the timeline and the open screens follow from the events (<see cref="SlaEscalated"/>, the
/// priority and team changes). A changed policy is applied to the ticket from now on, and due times are counted again
/// in the calendar as it is now (a year's holidays imported since). Everything of one tick commits
/// together, so a crash mid-tick loses and doubles nothing; the unique escalation key is the last guard.
/// </summary>
public static class SlaMonitor
{
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
            var escalationTeams = await db.Teams.Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.EscalationTeamId, cancellationToken);

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
                    ticket.Sla.UsePolicy(policy, calendar, now);
                }
                else
                {
                    // The calendar may have changed (holidays imported): due times as it says now.
                    ticket.Sla.Reschedule(policy, calendar);
                }

                foreach (var alarm in ticket.Sla.Tick(now, calendar))
                {
                    var clock = Clock(ticket.Sla, alarm.Metric);
                    if (done.Add((ticket.Id, alarm.Metric, alarm.Level, clock.StartedAt!.Value)))
                    {
                        db.SlaEscalations.Add(new SlaEscalation(ticket, alarm.Metric, alarm.Level, clock, now));
                        if (alarm.Level == EscalationLevel.Breached)
                        {
                            Breached(ticket, escalationTeams, now);
                        }

                        escalated++;
                    }
                }

                var (state, next) = ticket.Sla.Summary(now);
                ticket.SetSla(state, next);
            }

            await db.SaveChangesAsync(cancellationToken);
            return new Result(tickets.Count, escalated);
        }

        /// <summary>A breach raises the priority one level and hands the ticket to the team's escalation team, if it has one.</summary>
        private static void Breached(Ticket ticket, Dictionary<int, int?> escalationTeams, DateTimeOffset now)
        {
            if (ticket.Priority < TicketPriority.Urgent)
            {
                ticket.ChangePriority(ticket.Priority + 1, Actor.SlaMonitor, now);
            }

            if (ticket.TeamId is { } team && escalationTeams.GetValueOrDefault(team) is { } escalationTeam && escalationTeam != team)
            {
                ticket.AssignTo(escalationTeam, null, Actor.SlaMonitor, now);
            }
        }
    }

    public static SlaClock Clock(TicketSla sla, SlaMetric metric) => metric switch
    {
        SlaMetric.FirstResponse => sla.FirstResponse,
        SlaMetric.NextResponse => sla.NextResponse,
        _ => sla.Resolution,
    };
}
