using System.Globalization;
using FluentValidation;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Sla;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Admin;

/// <summary>
/// The ordered SLA rules (R7): the first active policy whose conditions match a ticket gives its targets. An active
/// catch-all (no conditions) must always remain, so every ticket has a target. A saved change applies to open
/// tickets from now on: they are handed to the SLA monitor, which re-targets their clocks.
/// </summary>
public class SlaPoliciesModel(TimeProvider clock) : SlicePageModel
{
    public Model Rules { get; private set; } = null!;

    [BindProperty]
    public Form Input { get; set; } = new();

    [TempData]
    public string? Flash { get; set; }

    public async Task OnGetAsync() => Rules = await QueryAsync(new Query());

    public async Task<IActionResult> OnPostAsync()
    {
        if ((await SendAsync(new Save(Input, clock.GetUtcNow()))).Succeeded)
        {
            Flash = L["admin.saved"];
            return RedirectToPage();
        }

        Rules = await QueryAsync(new Query());
        return Page();
    }

    public sealed class Form
    {
        public int? Id { get; set; }

        public string? Name { get; set; }

        public int Position { get; set; } = 100;

        public bool IsActive { get; set; } = true;

        public TicketPriority? Priority { get; set; }

        public TicketCategory? Category { get; set; }

        public Channel? Channel { get; set; }

        public CustomerTier? Tier { get; set; }

        public int CalendarId { get; set; }

        public int FirstResponseMinutes { get; set; } = 120;

        public int NextResponseMinutes { get; set; } = 240;

        public int ResolutionMinutes { get; set; } = 2880;

        public int AtRiskPercent { get; set; } = 75;

        public int? PauseCapMinutes { get; set; }
    }

    public sealed record Query : IQuery<Model>;

    public sealed record Model(IReadOnlyList<Form> Policies, IReadOnlyList<(int Id, string Name)> Calendars);

    public sealed class QueryHandler(HelpDeskDbContext db) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var policies = await db.SlaPolicies.AsNoTracking().OrderBy(p => p.Position).ThenBy(p => p.Id).Select(p => new Form
            {
                Id = p.Id, Name = p.Name, Position = p.Position, IsActive = p.IsActive, Priority = p.Priority, Category = p.Category,
                Channel = p.Channel, Tier = p.CustomerTier, CalendarId = p.CalendarId, FirstResponseMinutes = p.FirstResponseMinutes,
                NextResponseMinutes = p.NextResponseMinutes, ResolutionMinutes = p.ResolutionMinutes, AtRiskPercent = p.AtRiskPercent,
                PauseCapMinutes = p.PauseCapMinutes,
            }).ToListAsync(cancellationToken);
            var calendars = await db.BusinessCalendars.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken);
            return new Model(policies, calendars.Select(c => (c.Id, c.Name)).ToList());
        }
    }

    public sealed record Save(Form Policy, DateTimeOffset Now) : ICommand<int>;

    /// <summary>
    /// An active policy's targets must end, counted from now in its calendar, on a day whose holidays are known and
    /// within a year (<see cref="SlaPolicy.Fit"/>): one message per target that does not. Positive targets are the
    /// domain's rule.
    /// </summary>
    public sealed class SaveValidator : AbstractValidator<Save>
    {
        public SaveValidator(HelpDeskDbContext db, IStringLocalizer<Strings> l) =>
            RuleFor(c => c).CustomAsync(async (save, context, cancellationToken) =>
            {
                var f = save.Policy;
                var calendar = f.IsActive ? await db.BusinessCalendars.AsNoTracking().SingleOrDefaultAsync(c => c.Id == f.CalendarId, cancellationToken) : null;
                if (calendar is null)
                {
                    return;
                }

                foreach (var (field, label, minutes) in new[]
                {
                    (nameof(Form.FirstResponseMinutes), "policies.first", (int?)f.FirstResponseMinutes), (nameof(Form.NextResponseMinutes), "policies.next", f.NextResponseMinutes),
                    (nameof(Form.ResolutionMinutes), "policies.resolution", f.ResolutionMinutes), (nameof(Form.PauseCapMinutes), "policies.pause_cap", f.PauseCapMinutes),
                })
                {
                    switch (minutes is > 0 ? SlaPolicy.Fit(minutes.Value, calendar, save.Now) : TargetFit.Fits)
                    {
                        case TargetFit.BeyondKnownCalendar:
                            context.AddFailure(field, l["sla.target.beyond_calendar", l[label], calendar.Name, calendar.KnownUntil!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), calendar.HorizonYear!.Value + 1]);
                            break;
                        case TargetFit.TooLong:
                            context.AddFailure(field, l["sla.target.too_long", l[label], SlaPolicy.MaxTargetDays]);
                            break;
                    }
                }
            });
    }

    public sealed class SaveHandler(HelpDeskDbContext db) : IRequestHandler<Save, int>
    {
        public async Task<int> Handle(Save request, CancellationToken cancellationToken)
        {
            var f = request.Policy;
            if (!await db.BusinessCalendars.AnyAsync(c => c.Id == f.CalendarId, cancellationToken))
            {
                throw new DomainException("sla.calendar.unknown");
            }

            var policy = f.Id is { } id
                ? await db.SlaPolicies.SingleOrDefaultAsync(p => p.Id == id, cancellationToken) ?? throw new DomainException("sla.not_found")
                : db.SlaPolicies.Add(new SlaPolicy(f.Name ?? string.Empty, f.Position, f.CalendarId, f.FirstResponseMinutes, f.NextResponseMinutes, f.ResolutionMinutes, f.AtRiskPercent)).Entity;
            policy.Rename(f.Name ?? string.Empty, f.Position);
            policy.SetTargets(f.FirstResponseMinutes, f.NextResponseMinutes, f.ResolutionMinutes, f.AtRiskPercent);
            policy.SetPauseCap(f.PauseCapMinutes);
            policy.MatchOn(f.Priority, f.Category, f.Channel, f.Tier);
            policy.UseCalendar(f.CalendarId);
            policy.Activate(f.IsActive);
            await db.SaveChangesAsync(cancellationToken);

            // Every ticket must match some rule: an active catch-all has to remain.
            if (!await db.SlaPolicies.AnyAsync(p => p.IsActive && p.Priority == null && p.Category == null && p.Channel == null && p.CustomerTier == null, cancellationToken))
            {
                throw new DomainException("sla.no_catch_all");
            }

            // Open tickets take the change from now on: the monitor re-targets them, in batches.
            await db.Database.ExecuteSqlAsync($"UPDATE tickets SET next_deadline_at = {request.Now} WHERE status <> 'Resolved' AND status <> 'Closed'", cancellationToken);
            return policy.Id;
        }
    }
}
