using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Admin.CannedAnswers;

/// <summary>
/// The answer library: canned answers and macros (an answer that also sets a status, adds tags or takes the ticket),
/// most used first, so an admin sees which answers agents actually reach for.
/// </summary>
public class IndexModel : SlicePageModel
{
    public IReadOnlyList<Row> Answers { get; private set; } = [];

    [Microsoft.AspNetCore.Mvc.TempData]
    public string? Flash { get; set; }

    public async Task OnGetAsync() => Answers = await QueryAsync(new Query());

    public sealed record Row(int Id, string Title, TicketCategory? Category, bool IsActive, int TimesUsed, TicketStatus? SetsStatus, IReadOnlyList<string> AddsTags, bool TakesTicket);

    public sealed record Query : IQuery<IReadOnlyList<Row>>;

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken) =>
            await db.CannedAnswers.AsNoTracking()
                .OrderByDescending(c => c.IsActive).ThenByDescending(c => c.TimesUsed).ThenBy(c => c.Title)
                .Select(c => new Row(c.Id, c.Title, c.Category, c.IsActive, c.TimesUsed, c.SetsStatus, c.AddsTags, c.TakesTicket))
                .ToListAsync(cancellationToken);
    }
}
