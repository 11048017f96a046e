using FluentValidation;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Feedback;
using HelpDesk.Domain.Teams;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Agent.Departments;

/// <summary>
/// A department's queue (R10): what service teams forwarded to the departments the user belongs to (supervisors:
/// all departments), open first, with the products concerned (the complaint's lines, else the ticket's order) and a
/// count by supplier and product that filters the list. The answer goes back into the ticket as an internal note.
/// </summary>
public class IndexModel : SlicePageModel
{
    public IReadOnlyList<Row> Requests { get; private set; } = [];

    /// <summary>Quality alerts raised into these departments (issue 16 item 2).</summary>
    public IReadOnlyList<QualityAlerts.Row> Alerts { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Supplier { get; set; }

    /// <summary>Requests per supplier and product, most first.</summary>
    public IReadOnlyList<(string Supplier, string Product, int Requests, int Open)> BySupplier { get; private set; } = [];

    [BindProperty]
    public AnswerInput Input { get; set; } = new();

    [TempData]
    public string? Flash { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        var all = await QueryAsync(new Query(Viewer.From(User)));
        Alerts = await QueryAsync(new QualityAlerts.Query(Viewer.From(User)));
        BySupplier = all.SelectMany(r => r.Products.Select(p => (p.Supplier, p.Product, r.Status)))
            .GroupBy(x => (x.Supplier, x.Product))
            .Select(g => (g.Key.Supplier, g.Key.Product, g.Count(), g.Count(x => x.Status == DepartmentRequestStatus.Open)))
            .OrderByDescending(x => x.Item3).ThenBy(x => x.Supplier, StringComparer.Ordinal).ToList();
        Requests = Supplier is { Length: > 0 } supplier ? all.Where(r => r.Products.Any(p => p.Supplier == supplier)).ToList() : all;
    }

    public async Task<IActionResult> OnPostAnswerAsync()
    {
        var result = await SendAsync(new Answer.Command(Viewer.From(User), Input.RequestId, Input.Text));
        if (result.Succeeded)
        {
            Flash = L["department.answered"];
            return RedirectToPage();
        }

        await LoadAsync();
        return Page();
    }

    public sealed class AnswerInput
    {
        public long RequestId { get; set; }

        public string? Text { get; set; }
    }

    public sealed record Query(Viewer Viewer) : IQuery<IReadOnlyList<Row>>;

    public sealed record Row(long Id, string Department, string Number, string Subject, string Summary, string RequestedBy, DateTimeOffset RequestedAt, DepartmentRequestStatus Status, string? Answer, DateTimeOffset? AnsweredAt, IReadOnlyList<ProductRef> Products);

    public sealed record ProductRef(string Product, string Supplier);

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            var mine = db.TeamMembers.Where(m => m.UserId == request.Viewer.Id).Select(m => m.TeamId);
            var rows = await (
                from r in db.DepartmentRequests.AsNoTracking()
                where request.Viewer.IsSupervisor || mine.Contains(r.DepartmentTeamId)
                join d in db.Teams on r.DepartmentTeamId equals d.Id
                join t in db.Tickets on r.TicketId equals t.Id
                join u in db.Users on r.RequestedById equals u.Id
                orderby r.Status, r.RequestedAt descending
                select new { r.Id, Department = d.Name, t.Number, t.Subject, r.Summary, By = u.DisplayName, r.RequestedAt, r.Status, r.Answer, r.AnsweredAt, r.TicketId, t.OrderId })
                .Take(200)
                .ToListAsync(cancellationToken);

            // Products in two more queries: the complaints' chosen lines, and every line of the tickets' orders.
            var ticketIds = rows.Select(r => r.TicketId).Distinct().ToList();
            var orderIds = rows.Where(r => r.OrderId != null).Select(r => r.OrderId!.Value).Distinct().ToList();
            var affected = await db.Complaints.AsNoTracking().Where(c => ticketIds.Contains(c.TicketId))
                .ToDictionaryAsync(c => c.TicketId, c => c.AffectedOrderLineIds, cancellationToken);
            var lines = await (
                from l in db.OrderLines.AsNoTracking()
                where orderIds.Contains(l.OrderId)
                join p in db.Products on l.ProductId equals p.Id
                select new { l.Id, l.OrderId, l.ProductName, p.Supplier })
                .ToListAsync(cancellationToken);
            IReadOnlyList<ProductRef> ProductsOf(long ticketId, long? orderId)
            {
                var ofOrder = lines.Where(l => l.OrderId == orderId).ToList();
                var chosen = affected.GetValueOrDefault(ticketId) is { Count: > 0 } ids ? ofOrder.Where(l => ids.Contains(l.Id)).ToList() : ofOrder;
                return chosen.Select(l => new ProductRef(l.ProductName, l.Supplier)).Distinct().ToList();
            }

            return rows.Select(r => new Row(r.Id, r.Department, Ticket.FormatNumber(r.Number), r.Subject, r.Summary, r.By, r.RequestedAt, r.Status, r.Answer, r.AnsweredAt, ProductsOf(r.TicketId, r.OrderId))).ToList();
        }
    }
}

/// <summary>A department answers a forwarded request; only its members (or a supervisor) may.</summary>
public static class Answer
{
    public sealed record Command(Viewer Viewer, long RequestId, string? Text) : ICommand<Unit>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<Strings> l) =>
            RuleFor(c => c.Text).Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => l["department.answer.required"]);
    }

    public sealed class Handler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var forwarded = await db.DepartmentRequests.SingleOrDefaultAsync(r => r.Id == request.RequestId, cancellationToken) ?? throw new NotFoundException("department.request.not_found");
            var member = request.Viewer.IsSupervisor || await db.TeamMembers.AnyAsync(m => m.TeamId == forwarded.DepartmentTeamId && m.UserId == request.Viewer.Id, cancellationToken);
            if (!member)
            {
                throw new NotFoundException("department.request.not_found");
            }

            var now = clock.GetUtcNow();
            forwarded.Respond(request.Text!, request.Viewer.Actor, now);
            var ticket = await db.Tickets.SingleAsync(t => t.Id == forwarded.TicketId, cancellationToken);
            var department = await db.Teams.Where(t => t.Id == forwarded.DepartmentTeamId && t.Kind == TeamKind.Department).Select(t => t.Name).SingleAsync(cancellationToken);
            ticket.AddInternalNote(request.Viewer.Id, $"{request.Viewer.Name}（{department}）", request.Text!, now);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
