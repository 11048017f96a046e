using HelpDesk.Domain.Commitments;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Agent.Commitments;

/// <summary>
/// The agent's promises (R8): every open one by due time, and the items of the latest evening checklist to tick —
/// kept, or the customer contacted and a new time agreed, each with a note.
/// </summary>
public class IndexModel(TimeProvider clock) : SlicePageModel
{
    public Model Mine { get; private set; } = null!;

    [BindProperty]
    public SettleInput Input { get; set; } = new();

    [TempData]
    public string? Flash { get; set; }

    public async Task OnGetAsync() => Mine = await QueryAsync(new Query(Viewer.From(User), clock.GetUtcNow()));

    public async Task<IActionResult> OnPostAsync()
    {
        if ((await SendAsync(new Promises.Settle(Viewer.From(User), Input.CommitmentId, Input.Tick, Input.Note, Input.NewDueLocal), string.Empty)).Succeeded)
        {
            Flash = L["flash.promise_settled"];
            return RedirectToPage();
        }

        Mine = await QueryAsync(new Query(Viewer.From(User), clock.GetUtcNow()));
        return Page();
    }

    public sealed class SettleInput
    {
        public long CommitmentId { get; set; }

        public ChecklistTick Tick { get; set; }

        public string? Note { get; set; }

        public DateTime? NewDueLocal { get; set; }
    }

    public sealed record Query(Viewer Viewer, DateTimeOffset Now) : IQuery<Model>;

    public sealed record Model(IReadOnlyList<Row> Open, DateOnly? ChecklistDate, IReadOnlyList<ItemRow> Checklist);

    public sealed record Row(long Id, string Number, string Subject, CommitmentKind Kind, string Text, DateTimeOffset DueAt, bool Overdue);

    public sealed record ItemRow(long CommitmentId, string Number, string Text, ChecklistSection Section, CommitmentStatus Status, DateTimeOffset DueAt, ChecklistTick? Tick, string? Note);

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var me = request.Viewer.Id;
            var open = await (
                from c in db.Commitments.AsNoTracking()
                where c.OwnerId == me && c.Status == CommitmentStatus.Open
                join t in db.Tickets on c.TicketId equals t.Id
                orderby c.DueAt
                select new { c.Id, t.Number, t.Subject, c.Kind, c.Text, c.DueAt })
                .Take(200).ToListAsync(cancellationToken);

            var myTeams = db.TeamMembers.Where(m => m.UserId == me).Select(m => m.TeamId);
            var latest = await db.DailyChecklists.Where(d => myTeams.Contains(d.TeamId)).MaxAsync(d => (DateOnly?)d.BusinessDate, cancellationToken);
            var items = latest is null ? [] : await (
                from i in db.ChecklistItems.AsNoTracking()
                join d in db.DailyChecklists on i.ChecklistId equals d.Id
                where i.OwnerId == me && d.BusinessDate == latest && myTeams.Contains(d.TeamId)
                join c in db.Commitments on i.CommitmentId equals c.Id
                join t in db.Tickets on c.TicketId equals t.Id
                orderby i.Section, c.DueAt
                select new { c.Id, t.Number, c.Text, i.Section, c.Status, c.DueAt, i.Tick, i.Note })
                .ToListAsync(cancellationToken);

            return new Model(
                open.Select(c => new Row(c.Id, Ticket.FormatNumber(c.Number), c.Subject, c.Kind, c.Text, c.DueAt, c.DueAt < request.Now)).ToList(),
                latest,
                items.DistinctBy(i => i.Id).Select(i => new ItemRow(i.Id, Ticket.FormatNumber(i.Number), i.Text, i.Section, i.Status, i.DueAt, i.Tick, i.Note)).ToList());
        }
    }
}
