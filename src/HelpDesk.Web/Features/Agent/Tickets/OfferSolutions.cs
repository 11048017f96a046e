using HelpDesk.Domain.Complaints;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>
/// The agent offers the customer solutions to choose from (R4.3) — "换一台新的", "退款 50 元" — shown on the customer's
/// ticket page and sent by e-mail with a link; the complaint moves to "solutions offered".
/// </summary>
public static class OfferSolutions
{
    public sealed record Command(Viewer Viewer, string Number, IReadOnlyList<SolutionOption> Options) : ICommand<long>;

    public sealed class Handler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<Command, long>
    {
        public async Task<long> Handle(Command request, CancellationToken cancellationToken)
        {
            var ticket = await db.GetVisibleAsync(request.Viewer, request.Number, cancellationToken);
            var now = clock.GetUtcNow();
            var offer = new SolutionOffer(ticket.Id, request.Options, request.Viewer.Actor, now);
            db.SolutionOffers.Add(offer);
            if (await db.Complaints.SingleOrDefaultAsync(c => c.TicketId == ticket.Id, cancellationToken) is { Stage: < ComplaintStage.SolutionsOffered } complaint)
            {
                complaint.Advance(ComplaintStage.SolutionsOffered, request.Viewer.Actor, now);
            }

            await db.SaveChangesAsync(cancellationToken);
            return offer.Id;
        }
    }
}
