using HelpDesk.Domain.AfterSales;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Agent.AfterSales;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Supervisor;

/// <summary>
/// After-sales cases waiting for a supervisor (R5), oldest first: above the agent's limit one approval, above the
/// second threshold two different supervisors; nobody approves their own request or approves twice.
/// </summary>
public class ApprovalsModel(TimeProvider clock) : SlicePageModel
{
    public const int PageSize = 100;

    public IReadOnlyList<Row> Waiting { get; private set; } = [];

    [BindProperty]
    public string? Note { get; set; }

    [TempData]
    public string? Flash { get; set; }

    public async Task OnGetAsync() => Waiting = await QueryAsync(new Query());

    public async Task<IActionResult> OnPostAsync(long caseId, bool approve)
    {
        if ((await SendAsync(new Cases.Decide(Viewer.From(User), caseId, approve, Note, clock.GetUtcNow()))).Succeeded)
        {
            Flash = L["approvals.decided"];
            return RedirectToPage();
        }

        Waiting = await QueryAsync(new Query());
        return Page();
    }

    public sealed record Query : IQuery<IReadOnlyList<Row>>;

    public sealed record Row(long Id, string Number, AfterSalesKind Kind, AfterSalesReason Why, decimal Amount, string Reason, string RequestedBy, DateTimeOffset RequestedAt, int RequiredApprovals, IReadOnlyList<Approval> Approvals);

    /// <summary>One query, on the (status, requested_at) index.</summary>
    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            var rows = await (
                from c in db.AfterSalesCases.AsNoTracking()
                where c.Status == AfterSalesStatus.Requested
                join t in db.Tickets on c.TicketId equals t.Id
                join u in db.Users on c.RequestedById equals u.Id
                orderby c.RequestedAt
                select new { c.Id, t.Number, c.Kind, c.Why, Amount = c.Lines.Sum(l => l.Amount) + c.CompensationAmount, c.Reason, u.DisplayName, c.RequestedAt, c.RequiredApprovals, c.Approvals })
                .Take(PageSize).ToListAsync(cancellationToken);
            return rows.Select(r => new Row(r.Id, Ticket.FormatNumber(r.Number), r.Kind, r.Why, r.Amount, r.Reason, r.DisplayName, r.RequestedAt, r.RequiredApprovals, r.Approvals)).ToList();
        }
    }
}
