using HelpDesk.Domain.AfterSales;
using HelpDesk.Domain.Analytics;
using HelpDesk.Domain.Commitments;
using HelpDesk.Domain.Complaints;
using HelpDesk.Domain.Sla;
using HelpDesk.Domain.Surveys;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Reports;

/// <summary>
/// Appends the reporting facts as things happen, from the domain events, in the same transaction as the change:
/// ticket created / first response / resolved / reopened, messages in and out per channel, complaint filed,
/// after-sales case (its amount) and refund (the amount refunded), promise made / kept / broken, CSAT and NPS answers.
/// Dimensions are the ticket's at that moment: team, agent (who acted, else the assignee), channel (the message's for
/// messages), category, and the product and supplier of the ticket's order (the line the complaint names, else the
/// order's first line). The business date is the date in the business time zone (<c>HelpDesk:TimeZone</c>).
/// </summary>
public sealed class RecordFacts(HelpDeskDbContext db, BusinessTime time) :
    IDomainEventHandler<TicketOpened>,
    IDomainEventHandler<CustomerWrote>,
    IDomainEventHandler<AgentResponded>,
    IDomainEventHandler<StatusChanged>,
    IDomainEventHandler<ComplaintFiled>,
    IDomainEventHandler<AfterSalesCaseOpened>,
    IDomainEventHandler<AfterSalesCaseMoved>,
    IDomainEventHandler<CommitmentMade>,
    IDomainEventHandler<CommitmentKept>,
    IDomainEventHandler<CommitmentBroken>,
    IDomainEventHandler<SurveyAnswered>
{
    private readonly Dictionary<long, (long? ProductId, string? Supplier)> _products = [];
    private readonly Dictionary<int, BusinessCalendar?> _calendars = [];
    private readonly Dictionary<int, int?> _teamCalendars = [];

    public async Task HandleAsync(TicketOpened e, CancellationToken cancellationToken)
    {
        await AddAsync(FactKind.TicketCreated, e.At, e.Ticket, null, null, 1, cancellationToken);
        await AddAsync(FactKind.MessageIn, e.At, e.Ticket, null, e.Message.Channel, 1, cancellationToken);
    }

    public Task HandleAsync(CustomerWrote e, CancellationToken cancellationToken) =>
        AddAsync(FactKind.MessageIn, e.At, e.Ticket, null, e.Message.Channel, 1, cancellationToken);

    public async Task HandleAsync(AgentResponded e, CancellationToken cancellationToken)
    {
        await AddAsync(FactKind.MessageOut, e.At, e.Ticket, e.By.StaffId, e.Message.Channel, 1, cancellationToken);
        if (e.Ticket.FirstRespondedAt == e.At)
        {
            var business = await BusinessMinutesAsync(e.Ticket, e.At, cancellationToken);
            await AddAsync(FactKind.FirstResponse, e.At, e.Ticket, e.By.StaffId, null, Minutes(e.Ticket, e.At), cancellationToken, business, DurationBuckets.Bucket(business));
        }
    }

    public async Task HandleAsync(StatusChanged e, CancellationToken cancellationToken)
    {
        if (e.To == TicketStatus.Resolved)
        {
            var business = await BusinessMinutesAsync(e.Ticket, e.At, cancellationToken);
            await AddAsync(FactKind.Resolved, e.At, e.Ticket, e.By.StaffId, null, Minutes(e.Ticket, e.At), cancellationToken, business, DurationBuckets.Bucket(business));
        }
        else if (e.From is TicketStatus.Resolved or TicketStatus.Closed && e.To is not (TicketStatus.Resolved or TicketStatus.Closed))
        {
            await AddAsync(FactKind.Reopened, e.At, e.Ticket, e.By.StaffId, null, 1, cancellationToken, bucket: 0);
        }
    }

    public async Task HandleAsync(ComplaintFiled e, CancellationToken cancellationToken) =>
        await AddAsync(FactKind.ComplaintFiled, e.At, await TicketAsync(e.Complaint.TicketId, cancellationToken), null, null, 1, cancellationToken);

    public async Task HandleAsync(AfterSalesCaseOpened e, CancellationToken cancellationToken) =>
        await AddAsync(FactKind.AfterSalesCase, e.At, await TicketAsync(e.Case.TicketId, cancellationToken), e.By.StaffId, null, e.Case.Amount, cancellationToken);

    public async Task HandleAsync(AfterSalesCaseMoved e, CancellationToken cancellationToken)
    {
        if (e.To == AfterSalesStatus.Refunded)
        {
            await AddAsync(FactKind.Refund, e.At, await TicketAsync(e.Case.TicketId, cancellationToken), e.By.StaffId, null, e.Case.RefundedAmount, cancellationToken);
        }
    }

    public async Task HandleAsync(CommitmentMade e, CancellationToken cancellationToken) =>
        await AddAsync(FactKind.PromiseMade, e.At, await TicketAsync(e.Commitment.TicketId, cancellationToken), e.Commitment.OwnerId, null, 1, cancellationToken);

    public async Task HandleAsync(CommitmentKept e, CancellationToken cancellationToken) =>
        await AddAsync(FactKind.PromiseKept, e.At, await TicketAsync(e.Commitment.TicketId, cancellationToken), e.Commitment.OwnerId, null, 1, cancellationToken, bucket: e.At <= e.Commitment.DueAt ? 0 : 1); // 1: kept late

    public async Task HandleAsync(CommitmentBroken e, CancellationToken cancellationToken) =>
        await AddAsync(FactKind.PromiseBroken, e.At, await TicketAsync(e.Commitment.TicketId, cancellationToken), e.Commitment.OwnerId, null, 1, cancellationToken, bucket: 0);

    public async Task HandleAsync(SurveyAnswered e, CancellationToken cancellationToken)
    {
        var s = e.Survey;
        var kind = s.Kind == SurveyKind.Csat ? FactKind.CsatAnswered : FactKind.NpsAnswered;
        var ticket = s.TicketId is { } id ? await TicketAsync(id, cancellationToken) : null;
        var (product, supplier) = ticket is null ? (null, null) : await ProductOfAsync(ticket, cancellationToken);
        var d = new ReportFact.Dimensions(s.TicketId, s.TeamId, s.AgentId, ticket?.Channel.ToString(), ticket?.Category.ToString(), product, supplier);
        db.Add(new ReportFact(kind, e.At, BusinessDate(e.At), d, s.Score!.Value, bucket: kind == FactKind.CsatAnswered ? s.Score!.Value : null));
    }

    private static decimal Minutes(Ticket ticket, DateTimeOffset at) => Math.Round((decimal)(at - ticket.CreatedAt).TotalMinutes, 2);

    private DateOnly BusinessDate(DateTimeOffset at) => DateOnly.FromDateTime(time.ToLocal(at).DateTime);

    private async Task<Ticket> TicketAsync(long id, CancellationToken cancellationToken) =>
        await db.Tickets.FindAsync([id], cancellationToken) ?? throw new InvalidOperationException($"ticket {id} gone");

    /// <summary>
    /// Business minutes from the ticket's creation to <paramref name="at"/> as the SLA engine counts them: in the calendar
    /// of the ticket's team, else of its SLA clocks, else (no calendar anywhere) wall-clock minutes.
    /// </summary>
    private async Task<decimal> BusinessMinutesAsync(Ticket ticket, DateTimeOffset at, CancellationToken cancellationToken)
    {
        int? calendarId = null;
        if (ticket.TeamId is { } teamId)
        {
            if (!_teamCalendars.TryGetValue(teamId, out calendarId))
            {
                calendarId = _teamCalendars[teamId] = await db.Teams.Where(t => t.Id == teamId).Select(t => t.CalendarId).SingleOrDefaultAsync(cancellationToken);
            }
        }

        calendarId ??= ticket.Sla.CalendarId;
        BusinessCalendar? calendar = null;
        if (calendarId is { } id && !_calendars.TryGetValue(id, out calendar))
        {
            calendar = _calendars[id] = await db.BusinessCalendars.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        }

        var span = calendar is null ? (at > ticket.CreatedAt ? at - ticket.CreatedAt : TimeSpan.Zero) : calendar.BusinessTimeBetween(ticket.CreatedAt, at);
        return Math.Round((decimal)span.TotalMinutes, 2);
    }

    private async Task AddAsync(FactKind kind, DateTimeOffset at, Ticket ticket, Guid? agent, Domain.Tickets.Channel? channel, decimal value, CancellationToken cancellationToken, decimal? businessMinutes = null, int? bucket = null)
    {
        var (product, supplier) = await ProductOfAsync(ticket, cancellationToken);
        var d = new ReportFact.Dimensions(ticket.Id, ticket.TeamId, agent ?? ticket.AssigneeId, (channel ?? ticket.Channel).ToString(), ticket.Category.ToString(), product, supplier);
        db.Add(new ReportFact(kind, at, BusinessDate(at), d, value, businessMinutes, bucket));
    }

    private async Task<(long? ProductId, string? Supplier)> ProductOfAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        if (ticket.OrderId is not { } orderId)
        {
            return (null, null);
        }

        if (!_products.TryGetValue(ticket.Id, out var found))
        {
            var named = await db.Complaints.Where(c => c.TicketId == ticket.Id).Select(c => c.AffectedOrderLineIds).FirstOrDefaultAsync(cancellationToken) ?? [];
            var line = await db.OrderLines.Where(l => l.OrderId == orderId)
                .OrderBy(l => named.Contains(l.Id) ? 0 : 1).ThenBy(l => l.Id)
                .Select(l => new { l.ProductId, Supplier = db.Products.Where(p => p.Id == l.ProductId).Select(p => p.Supplier).FirstOrDefault() })
                .FirstOrDefaultAsync(cancellationToken);
            found = line is null ? (null, null) : (line.ProductId, line.Supplier);
            _products[ticket.Id] = found;
        }

        return found;
    }
}
