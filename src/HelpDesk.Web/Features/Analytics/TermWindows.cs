using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Analytics;

/// <summary>
/// Keeps the hotspots' windows (<see cref="HotspotsSql.CreateWindows"/>) at today's business date: the rollup job sends
/// it every tick. Claims <c>term_windows_state</c> with FOR UPDATE SKIP LOCKED (with several instances one moves the
/// windows, the others skip), then moves them on a day at a time — each day reads only the rows of the days leaving
/// a window — or, when <c>BaselinePeriods</c> changed, the clock went back or more than a month has passed, rebuilds
/// them from <c>term_daily</c>. Returns the days moved (0: up to date or claimed elsewhere).
/// </summary>
public static class TermWindows
{
    private const int MaxDaysMoved = 31;

    public sealed record Command : ICommand<int>;

    public sealed record State(DateOnly AsOf, int BaselinePeriods);

    /// <summary>The business date the windows end on, and their baseline periods.</summary>
    public static Task<State?> ReadAsync(HelpDeskDbContext db, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<State>($"SELECT as_of, baseline_periods FROM term_windows_state WHERE id = 1").SingleOrDefaultAsync(cancellationToken);

    public sealed class Handler(HelpDeskDbContext db, BusinessTime time, TimeProvider clock, IOptions<HotspotsOptions> options) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var today = DateOnly.FromDateTime(time.ToLocal(clock.GetUtcNow()).DateTime);
            var periods = options.Value.BaselinePeriods;
            var claimed = await db.Database.SqlQuery<State>($"SELECT as_of, baseline_periods FROM term_windows_state WHERE id = 1 FOR UPDATE SKIP LOCKED").ToListAsync(cancellationToken);
            if (claimed is not [var state] || state == new State(today, periods))
            {
                return 0;
            }

            var days = today.DayNumber - state.AsOf.DayNumber;
            if (state.BaselinePeriods != periods || days is < 0 or > MaxDaysMoved)
            {
                await db.Database.ExecuteSqlAsync($"SELECT hd_term_windows_rebuild({today}, {periods})", cancellationToken);
                return Math.Abs(days);
            }

            for (var day = 0; day < days; day++)
            {
                await db.Database.ExecuteSqlRawAsync("SELECT hd_term_windows_roll()", cancellationToken);
            }

            return days;
        }
    }
}
