using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>
/// "Then open the next ticket": after sending, the agent goes on to the most urgent other ticket of the queue view
/// they came from (soonest SLA deadline first, then the oldest), so working a view is send → next → send.
/// </summary>
public static class NextTicket
{
    public sealed record Query(Viewer Viewer, IndexModel.QueueView View, string Current) : IQuery<string?>;

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, string?>
    {
        public async Task<string?> Handle(Query request, CancellationToken cancellationToken)
        {
            var current = Ticket.TryParseNumber(request.Current, out var parsed) ? parsed : 0;
            var next = await (await IndexModel.Handler.InViewAsync(db, request.Viewer, request.View, cancellationToken))
                .Where(t => t.Number != current)
                .OrderBy(t => t.NextDeadlineAt == null).ThenBy(t => t.NextDeadlineAt).ThenBy(t => t.Id)
                .Select(t => (long?)t.Number)
                .FirstOrDefaultAsync(cancellationToken);
            return next is { } number ? Ticket.FormatNumber(number) : null;
        }
    }
}
