using HelpDesk.Domain.Common;
using HelpDesk.Domain.Complaints;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Customers;
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
    public sealed record Command(Viewer Viewer, string Number, IReadOnlyList<SolutionOption> Options) : ICommand<long>, Live.IChangesTickets
    {
        public IEnumerable<string> ChangedTickets => [Number];
    }

    public sealed class Handler(HelpDeskDbContext db, CustomerLinks links, TimeProvider clock) : IRequestHandler<Command, long>
    {
        public async Task<long> Handle(Command request, CancellationToken cancellationToken)
        {
            var ticket = await db.FindVisibleAsync(request.Viewer, request.Number, cancellationToken) ?? throw new DomainException("ticket.not_found");
            var now = clock.GetUtcNow();
            var offer = new SolutionOffer(ticket.Id, request.Options, request.Viewer.Id, now);
            db.SolutionOffers.Add(offer);
            if (await db.Complaints.SingleOrDefaultAsync(c => c.TicketId == ticket.Id, cancellationToken) is { Stage: < ComplaintStage.SolutionsOffered } complaint)
            {
                complaint.Advance(ComplaintStage.SolutionsOffered, now);
            }

            db.Record(ticket, request.Viewer.Id, request.Viewer.Name, "ticket.changed", now, new FieldChange("offer", null, string.Join(" / ", offer.Options.Select(o => o.Description))));
            await links.MailAsync(ticket, "mail.offer.subject", "mail.offer.body", now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return offer.Id;
        }
    }
}
