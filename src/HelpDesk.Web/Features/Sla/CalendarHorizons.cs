using System.Globalization;
using HelpDesk.Domain.Notifications;
using HelpDesk.Domain.Sla;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Sla;

/// <summary>
/// Calendars running out of known holidays (R7). A calendar in use (by a team or an active SLA policy) whose holidays
/// are known only until a date <see cref="WarningDays"/> days away or less is shown on the supervisors' start page,
/// and every supervisor gets one in-app notice per calendar and horizon (<see cref="Warn"/>, sent daily by the
/// checklist job; the calendar's row lock and its "warned for" year make a second instance or a second run skip it).
/// Importing the next year's schedule moves the horizon, and the next warning comes 60 days before the new one.
/// </summary>
public static class CalendarHorizons
{
    public const int WarningDays = 60;

    /// <summary>A calendar close to (or past) the last day with known holidays.</summary>
    public sealed record Row(int Id, string Name, DateOnly KnownUntil, int DaysLeft);

    public sealed record Query(DateTimeOffset Now) : IQuery<IReadOnlyList<Row>>;

    /// <summary>Warns the supervisors of each calendar that needs it; returns how many notices were written.</summary>
    public sealed record Warn(DateTimeOffset Now) : ICommand<int>;

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, IReadOnlyList<Row>>, IRequestHandler<Warn, int>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken) =>
            [.. (await InUseAsync(cancellationToken))
                .Where(c => c.DaysLeft(request.Now) <= WarningDays)
                .Select(c => new Row(c.Id, c.Name, c.KnownUntil!.Value, c.DaysLeft(request.Now)!.Value))];

        public async Task<int> Handle(Warn request, CancellationToken cancellationToken)
        {
            var due = (await InUseAsync(cancellationToken)).Where(c => c.NeedsHorizonWarning(request.Now, WarningDays)).Select(c => c.Id).ToList();
            if (due.Count == 0)
            {
                return 0;
            }

            var supervisors = await db.ActiveSupervisorIds().ToListAsync(cancellationToken);
            var written = 0;
            foreach (var id in due)
            {
                // Claim the calendar: another instance warning at the same time waits here, then finds it warned.
                await db.Database.ExecuteSqlAsync($"SELECT 1 FROM business_calendars WHERE id = {id} FOR UPDATE", cancellationToken);
                var calendar = await db.BusinessCalendars.SingleAsync(c => c.Id == id, cancellationToken);
                if (!calendar.NeedsHorizonWarning(request.Now, WarningDays))
                {
                    continue;
                }

                var left = calendar.DaysLeft(request.Now)!.Value;
                var key = left >= 0 ? "notify.calendar.horizon" : "notify.calendar.horizon_passed";
                string[] arguments = [calendar.Name, calendar.KnownUntil!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Math.Abs(left).ToString(CultureInfo.InvariantCulture), (calendar.HorizonYear!.Value + 1).ToString(CultureInfo.InvariantCulture)];
                foreach (var supervisor in supervisors)
                {
                    db.Notifications.Add(new Notification(supervisor, key, arguments, null, request.Now));
                    written++;
                }

                calendar.MarkHorizonWarned();
            }

            await db.SaveChangesAsync(cancellationToken);
            return written;
        }

        /// <summary>Calendars that keep a holiday schedule and count for somebody: a team's, or an active policy's.</summary>
        private async Task<List<BusinessCalendar>> InUseAsync(CancellationToken cancellationToken) =>
            (await db.BusinessCalendars.AsNoTracking()
                .Where(c => !c.Is24x7 && (db.Teams.Any(t => t.CalendarId == c.Id) || db.SlaPolicies.Any(p => p.IsActive && p.CalendarId == c.Id)))
                .OrderBy(c => c.Name)
                .ToListAsync(cancellationToken))
            .Where(c => c.HorizonYear is not null).ToList();
    }
}
