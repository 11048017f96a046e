using HelpDesk.Domain.Commitments;
using HelpDesk.Domain.Teams;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Supervisor;

/// <summary>
/// The teams' evening checklists (R8) for any date, the promises broken in a period (not kept by the time first
/// promised, or rescheduled), and the kept-on-time rate per agent and per team, week by week.
/// </summary>
public class ChecklistsModel(TimeProvider clock) : SlicePageModel
{
    [BindProperty(SupportsGet = true)]
    public int? TeamId { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? Date { get; set; }

    public Model Report { get; private set; } = null!;

    public async Task OnGetAsync() => Report = await QueryAsync(new Query(TeamId, Date, clock.GetUtcNow()));

    public sealed record Query(int? TeamId, DateOnly? Date, DateTimeOffset Now, int Days = 28) : IQuery<Model>;

    public sealed record Model(
        IReadOnlyList<(int Id, string Name)> Teams,
        int? TeamId,
        IReadOnlyList<DateOnly> Dates,
        DateOnly? Date,
        IReadOnlyList<ItemRow> Items,
        IReadOnlyList<BrokenRow> Broken,
        IReadOnlyList<RateRow> Agents,
        IReadOnlyList<RateRow> Weeks);

    public sealed record ItemRow(string Owner, string Number, string Text, ChecklistSection Section, CommitmentStatus StatusAtCheck, CommitmentStatus StatusNow, bool HasTask, ChecklistTick? Tick, string? Note);

    public sealed record BrokenRow(string Owner, string Number, string Text, DateTimeOffset PromisedFor, CommitmentStatus Status, int Rescheduled);

    /// <summary>Promises due in the period and already due: how many were kept on the word first given.</summary>
    public sealed record RateRow(string Label, int Due, int KeptOnTime)
    {
        public double? Rate => Due == 0 ? null : Math.Round(100.0 * KeptOnTime / Due, 1);
    }

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var teams = await db.Teams.AsNoTracking().Where(t => t.Kind == TeamKind.Service).OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(cancellationToken);
            var teamId = request.TeamId ?? teams.FirstOrDefault()?.Id;
            var dates = await db.DailyChecklists.AsNoTracking().Where(d => d.TeamId == teamId).OrderByDescending(d => d.BusinessDate).Select(d => d.BusinessDate).Take(60).ToListAsync(cancellationToken);
            var date = request.Date ?? dates.FirstOrDefault();

            var items = await (
                from d in db.DailyChecklists.AsNoTracking()
                where d.TeamId == teamId && d.BusinessDate == date
                join i in db.ChecklistItems on d.Id equals i.ChecklistId
                join c in db.Commitments on i.CommitmentId equals c.Id
                join t in db.Tickets on c.TicketId equals t.Id
                join u in db.Users on i.OwnerId equals u.Id
                orderby u.DisplayName, i.Section, c.DueAt
                select new { u.DisplayName, t.Number, c.Text, i.Section, i.StatusAtCheck, c.Status, i.FollowUpTaskId, i.Tick, i.Note })
                .ToListAsync(cancellationToken);

            var since = request.Now.AddDays(-request.Days);
            var members = db.TeamMembers.Where(m => m.TeamId == teamId).Select(m => m.UserId);
            var due = await (
                from c in db.Commitments.AsNoTracking()
                where members.Contains(c.OwnerId) && c.OriginalDueAt >= since && c.OriginalDueAt < request.Now && c.Status != CommitmentStatus.Cancelled
                join t in db.Tickets on c.TicketId equals t.Id
                join u in db.Users on c.OwnerId equals u.Id
                select new
                {
                    Owner = u.DisplayName,
                    t.Number,
                    c.Text,
                    c.OriginalDueAt,
                    c.Status,
                    c.RescheduleCount,
                    KeptOnTime = c.Status == CommitmentStatus.Kept && c.RescheduleCount == 0 && c.ClosedAt <= c.OriginalDueAt,
                })
                .ToListAsync(cancellationToken);

            var time = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
            DateOnly WeekOf(DateTimeOffset at)
            {
                var local = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, time).DateTime);
                return local.AddDays(-(((int)local.DayOfWeek + 6) % 7));
            }

            return new Model(
                teams.Select(t => (t.Id, t.Name)).ToList(),
                teamId,
                dates,
                date == default ? null : date,
                items.Select(i => new ItemRow(i.DisplayName, Ticket.FormatNumber(i.Number), i.Text, i.Section, i.StatusAtCheck, i.Status, i.FollowUpTaskId is not null, i.Tick, i.Note)).ToList(),
                due.Where(c => !c.KeptOnTime).OrderByDescending(c => c.OriginalDueAt)
                    .Select(c => new BrokenRow(c.Owner, Ticket.FormatNumber(c.Number), c.Text, c.OriginalDueAt, c.Status, c.RescheduleCount)).ToList(),
                due.GroupBy(c => c.Owner).OrderBy(g => g.Key).Select(g => new RateRow(g.Key, g.Count(), g.Count(c => c.KeptOnTime))).ToList(),
                due.GroupBy(c => WeekOf(c.OriginalDueAt)).OrderBy(g => g.Key)
                    .Select(g => new RateRow(g.Key.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), g.Count(), g.Count(c => c.KeptOnTime))).ToList());
        }
    }
}
