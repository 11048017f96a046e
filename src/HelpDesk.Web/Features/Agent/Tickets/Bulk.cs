using FluentValidation;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>
/// The same change on many tickets from the queue: assign to me or to another agent (into that agent's team
/// when the ticket's team is not theirs), or set a status. All or nothing: if any ticket
/// refuses (a transition it cannot make, one the agent may not see), nothing is written and the refusals are listed.
/// </summary>
public static class Bulk
{
    public const int MaxTickets = 200;

    public sealed record Command(Viewer Viewer, IReadOnlyList<string> Numbers, bool AssignToMe, TicketStatus? Status, Guid? AssigneeId = null) : ICommand<int>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.Numbers).NotEmpty().WithMessage(_ => l["bulk.none_selected"]);
            RuleFor(c => c.Numbers.Count).LessThanOrEqualTo(MaxTickets).WithMessage(_ => l["bulk.too_many", MaxTickets]);
            RuleFor(c => c).Must(c => c.AssignToMe || c.AssigneeId is not null || c.Status is not null).WithMessage(_ => l["bulk.no_action"]);
        }
    }

    /// <summary>Some tickets refused the change; each item is "HD-…: reason key".</summary>
    public sealed class RefusedException(IReadOnlyList<(string Number, DomainException Reason)> refusals) : Exception("bulk change refused")
    {
        public IReadOnlyList<(string Number, DomainException Reason)> Refusals { get; } = refusals;
    }

    public sealed class Handler(IMediator mediator, HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var refusals = new List<(string, DomainException)>();
            foreach (var number in request.Numbers.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                try
                {
                    if (request.AssignToMe)
                    {
                        await mediator.Send(new Assign.ToMe(request.Viewer, number), cancellationToken);
                    }

                    if (request.AssigneeId is { } assignee && !request.AssignToMe)
                    {
                        var ticket = await db.GetVisibleAsync(request.Viewer, number, cancellationToken);
                        var teams = await db.TeamMembers.Where(m => m.UserId == assignee).Select(m => m.TeamId).OrderBy(t => t).ToListAsync(cancellationToken);
                        var team = ticket.TeamId is { } t && teams.Contains(t) ? t : teams.Cast<int?>().FirstOrDefault() ?? throw new DomainException("ticket.assignee.not_in_team");
                        ticket.AssignTo(team, assignee, request.Viewer.Actor, clock.GetUtcNow());
                    }

                    if (request.Status is { } status)
                    {
                        var ticket = await db.GetVisibleAsync(request.Viewer, number, cancellationToken);
                        if (ticket.Status != status)
                        {
                            ticket.ChangeStatus(status, request.Viewer.Actor, clock.GetUtcNow());
                        }
                    }
                }
                catch (DomainException ex)
                {
                    refusals.Add((number.ToUpperInvariant(), ex));
                }
            }

            // Throwing rolls the whole transaction back (TransactionBehavior): nothing half-done.
            if (refusals.Count > 0)
            {
                throw new RefusedException(refusals);
            }

            await db.SaveChangesAsync(cancellationToken);
            return request.Numbers.Count;
        }
    }
}
