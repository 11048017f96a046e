using HelpDesk.Domain.AfterSales;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Agent.AfterSales;

/// <summary>
/// A ticket's after-sales desk (R5): the order's lines with what the policy allows for the chosen type and reason
/// (and why, in sentences the agent can paste to the customer), the request form, and every case on the ticket
/// with its history and the next steps it allows. Supervisors approve or reject here or in their queue.
/// </summary>
public class IndexModel(TimeProvider clock) : SlicePageModel
{
    [BindProperty(SupportsGet = true)]
    public AfterSalesKind Kind { get; set; } = AfterSalesKind.ReturnAndRefund;

    [BindProperty(SupportsGet = true)]
    public AfterSalesReason Why { get; set; } = AfterSalesReason.QualityProblem;

    [BindProperty]
    public StartInput Input { get; set; } = new();

    [BindProperty]
    public string? Carrier { get; set; }

    [BindProperty]
    public string? TrackingNumber { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [TempData]
    public string? Flash { get; set; }

    public Model Desk { get; private set; } = null!;

    public sealed class StartInput
    {
        public string? Reason { get; set; }

        public decimal? Compensation { get; set; }

        public CompensationForm CompensationForm { get; set; }

        public List<LineInput> Lines { get; set; } = [];
    }

    public sealed class LineInput
    {
        public long OrderLineId { get; set; }

        public bool Selected { get; set; }

        public int Quantity { get; set; } = 1;

        public decimal? Amount { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(string number) => await LoadAsync(number) ? Page() : NotFound();

    public async Task<IActionResult> OnPostStartAsync(string number)
    {
        var lines = Input.Lines.Where(l => l.Selected).Select(l => new Cases.LineRequest(l.OrderLineId, l.Quantity, l.Amount)).ToList();
        var result = await SendAsync(new Cases.Start(Viewer.From(User), number, Kind, Why, Kind == AfterSalesKind.Compensation ? [] : lines, Input.Compensation, Input.Reason, clock.GetUtcNow(), Input.CompensationForm), "Input");
        return await AfterAsync(number, result.Succeeded, "aftersales.started");
    }

    public async Task<IActionResult> OnPostStepAsync(string number, long caseId, Cases.StepKind step) =>
        await AfterAsync(number, (await SendAsync(new Cases.Step(Viewer.From(User), caseId, step, Carrier, TrackingNumber, clock.GetUtcNow()))).Succeeded, "aftersales.updated");

    public async Task<IActionResult> OnPostDecideAsync(string number, long caseId, bool approve) =>
        await AfterAsync(number, (await SendAsync(new Cases.Decide(Viewer.From(User), caseId, approve, Note, clock.GetUtcNow()))).Succeeded, "approvals.decided");

    /// <summary>A policy sentence in the user's language.</summary>
    public string Explain(PolicyReason reason) => L[reason.Key, reason.Arguments];

    private async Task<IActionResult> AfterAsync(string number, bool succeeded, string flashKey)
    {
        if (succeeded)
        {
            Flash = L[flashKey];
            return RedirectToPage(new { number, kind = Kind, why = Why });
        }

        return await LoadAsync(number) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string number)
    {
        if (await QueryAsync(new Query(Viewer.From(User), number, Kind, Why, clock.GetUtcNow())) is not { } desk)
        {
            return false;
        }

        Desk = desk;
        if (Input.Lines.Count == 0)
        {
            Input.Lines = Desk.Lines.Select(l => new LineInput { OrderLineId = l.Id, Quantity = l.Quantity }).ToList();
        }

        return true;
    }

    public sealed record Query(Viewer Viewer, string Number, AfterSalesKind Kind, AfterSalesReason Why, DateTimeOffset Now) : IQuery<Model?>;

    public sealed record Model(string Number, string Subject, string? OrderNumber, IReadOnlyList<LineRow> Lines, IReadOnlyList<CaseRow> Cases, AfterSalesSettings Settings);

    /// <summary>An order line with the quantity still open to a case and what earlier cases claim of its money.</summary>
    public sealed record LineRow(long Id, string Product, int Quantity, decimal PaidAmount, decimal Claimed, PolicyVerdict Verdict);

    public sealed record CaseRow(
        long Id, AfterSalesKind Kind, AfterSalesReason Why, AfterSalesStatus Status, decimal Amount, CompensationForm? CompensationForm, string Reason, int RequiredApprovals,
        IReadOnlyList<Approval> Approvals, IReadOnlyList<AfterSalesStep> Steps, IReadOnlyList<(string Product, int Quantity, decimal Amount)> Lines, IReadOnlyList<Cases.StepKind> NextSteps);

    public sealed class Handler(HelpDeskDbContext db, BusinessTime time) : IRequestHandler<Query, Model?>
    {
        public async Task<Model?> Handle(Query request, CancellationToken cancellationToken)
        {
            if (!Ticket.TryParseNumber(request.Number, out var n))
            {
                return null;
            }

            var ticket = await db.Tickets.AsNoTracking().VisibleTo(db, request.Viewer).Where(t => t.Number == n)
                .Select(t => new { t.Id, t.Subject, t.OrderId }).SingleOrDefaultAsync(cancellationToken);
            if (ticket is null)
            {
                return null;
            }

            var order = ticket.OrderId is { } orderId
                ? await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Shipments).AsSplitQuery().SingleAsync(o => o.Id == orderId, cancellationToken)
                : null;
            var lineIds = order?.Lines.Select(l => l.Id).ToArray() ?? [];
            var productIds = order?.Lines.Select(l => l.ProductId).ToArray() ?? [];
            var excluded = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.ExcludedFromNoReasonReturn, cancellationToken);
            // As the request will count them: what earlier cases (not rejected) already claim of each line.
            var claimed = await (
                from l in db.Set<AfterSalesLine>().AsNoTracking()
                where lineIds.Contains(l.OrderLineId)
                join c in db.AfterSalesCases on l.AfterSalesCaseId equals c.Id
                where c.Status != AfterSalesStatus.Rejected
                group l by l.OrderLineId into g
                select new { g.Key, Amount = g.Sum(l => l.Amount), Quantity = g.Sum(l => l.Quantity) })
                .ToDictionaryAsync(x => x.Key, cancellationToken);
            var lines = (order?.Lines ?? []).Select(l =>
            {
                var (amount, quantity) = claimed.TryGetValue(l.Id, out var c) ? (c.Amount, c.Quantity) : (0m, 0);
                var left = Math.Max(0, l.Quantity - quantity);
                var verdict = ReturnPolicy.Evaluate(new PolicyQuestion(request.Kind, request.Why, order!.DeliveredAt, excluded.GetValueOrDefault(l.ProductId),
                    l.Quantity, Math.Max(1, left), l.PaidAmount, amount, request.Now, time.Zone));
                return new LineRow(l.Id, l.ProductName, left, l.PaidAmount, amount, left > 0 ? verdict : verdict with { Allowed = false, MaxAmount = 0 });
            }).ToList();

            var cases = await db.AfterSalesCases.AsNoTracking().Include(c => c.Lines).Where(c => c.TicketId == ticket.Id).OrderBy(c => c.RequestedAt).ToListAsync(cancellationToken);
            var names = order?.Lines.ToDictionary(l => l.Id, l => l.ProductName) ?? [];
            return new Model(
                Ticket.FormatNumber(n), ticket.Subject, order?.Number, lines,
                cases.Select(c => new CaseRow(c.Id, c.Kind, c.Why, c.Status, c.Amount, c.CompensationForm, c.Reason, c.RequiredApprovals, c.Approvals, c.Steps,
                    c.Lines.Select(l => (names.GetValueOrDefault(l.OrderLineId, "?"), l.Quantity, l.Amount)).ToList(), NextSteps(c))).ToList(),
                await db.AfterSalesSettings.AsNoTracking().SingleAsync(cancellationToken));
        }

        /// <summary>The buttons a case shows: the steps the case allows from where it is.</summary>
        private static IReadOnlyList<Cases.StepKind> NextSteps(AfterSalesCase c) => [.. c.NextSteps().Select(to => to switch
        {
            AfterSalesStatus.AwaitingReturn => Cases.StepKind.AwaitReturn,
            AfterSalesStatus.Received => Cases.StepKind.Receive,
            AfterSalesStatus.Refunded => Cases.StepKind.Refund,
            AfterSalesStatus.Reshipped => Cases.StepKind.Reship,
            AfterSalesStatus.Repaired => Cases.StepKind.Repaired,
            _ => Cases.StepKind.Close,
        })];
    }
}
