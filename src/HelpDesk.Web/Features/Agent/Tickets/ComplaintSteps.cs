using HelpDesk.Domain.Common;
using HelpDesk.Domain.Complaints;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>
/// The complaint workflow on the ticket (R4): acknowledge → investigate → offer solutions → fulfil → customer
/// confirms. Offering solutions, starting an after-sales case and the customer's answer move it by themselves; the
/// agent marks the steps only they know of (apologised, investigating, done and waiting for the customer's word).
/// The panel says what to do next at every stage.
/// </summary>
public static class ComplaintSteps
{
    /// <summary>What the agent does next, and the button that records it when the agent is the one to say so.</summary>
    public static (string Hint, ComplaintStage? Button) Next(ComplaintStage stage) => stage switch
    {
        ComplaintStage.Received => ("complaint.next.Received", ComplaintStage.Acknowledged),
        ComplaintStage.Acknowledged => ("complaint.next.Acknowledged", ComplaintStage.Investigating),
        ComplaintStage.Investigating => ("complaint.next.Investigating", null),
        ComplaintStage.SolutionsOffered => ("complaint.next.SolutionsOffered", null),
        ComplaintStage.Fulfilling => ("complaint.next.Fulfilling", ComplaintStage.AwaitingConfirmation),
        ComplaintStage.AwaitingConfirmation => ("complaint.next.AwaitingConfirmation", null),
        _ => ("complaint.next.Confirmed", null),
    };

    public sealed record Command(Viewer Viewer, string Number, ComplaintStage Stage) : ICommand<Unit>;

    public sealed class Handler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var ticket = await db.GetVisibleAsync(request.Viewer, request.Number, cancellationToken);
            var complaint = await db.Complaints.SingleOrDefaultAsync(c => c.TicketId == ticket.Id, cancellationToken) ?? throw new DomainException("complaint.none");
            if (Next(complaint.Stage).Button != request.Stage)
            {
                throw new DomainException("complaint.stage.not_next", complaint.Stage, request.Stage);
            }

            complaint.Advance(request.Stage, request.Viewer.Actor, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
