using FluentValidation;
using HelpDesk.Domain.Knowledge;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>
/// An agent writes on a ticket: a public reply or an internal note, with files. A reply to a resolved or closed
/// ticket reopens it, and the first public reply to an unassigned ticket takes it for the replier (unless the team
/// switched that off), so the next agent does not answer it again. "Send and set status" sets the status in the same
/// save; a canned answer used in the reply counts as used, and a macro's actions (status, tags, taking the ticket)
/// apply with it — a status the agent picked explicitly wins over the macro's. A public reply that started from a canned
/// answer records the use of that variant and how much the agent edited it (<see cref="AnswerUse"/>, for 话术优化); a
/// public reply still holding a placeholder the desk knows ({退款金额}) is refused, so a customer never reads one. What follows from a reply — the e-mail to the customer, promises it keeps, the SLA clocks,
/// the audit trail, live screens — follows from its domain events.
/// </summary>
public static class Reply
{
    public sealed record Command(
        Viewer Viewer, string Number, string? Body, bool Internal, IReadOnlyList<Upload>? Files = null, TicketStatus? Then = null, int? CannedAnswerId = null) : ICommand<long>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.Body).Must(b => !string.IsNullOrWhiteSpace(b)).WithMessage(_ => l["reply.body.required"]);
            RuleFor(c => c.Body).MaximumLength(TicketMessage.BodyMaxLength).WithMessage(_ => l["reply.body.too_long", TicketMessage.BodyMaxLength]);
            RuleFor(c => c.Files).WithinAttachmentLimit(l);
            RuleFor(c => c.Then).NotEqual(TicketStatus.New).WithMessage(_ => l["reply.then.new"]);
            RuleFor(c => c.Body).Must(b => CannedAnswer.Unfilled(b).Count == 0).When(c => !c.Internal)
                .WithMessage(c => l["reply.unfilled", string.Join(" ", CannedAnswer.Unfilled(c.Body))]);
        }
    }

    public sealed class Handler(HelpDeskDbContext db, TimeProvider clock, BusinessTime time) : IRequestHandler<Command, long>
    {
        public async Task<long> Handle(Command request, CancellationToken cancellationToken)
        {
            var ticket = await db.GetVisibleAsync(request.Viewer, request.Number, cancellationToken);
            var now = clock.GetUtcNow();
            var message = request.Internal
                ? ticket.AddInternalNote(request.Viewer.Id, request.Viewer.Name, request.Body!, now)
                : ticket.Reply(request.Viewer.Id, request.Viewer.Name, request.Body!, now);
            var macro = request.CannedAnswerId is { } id ? await db.CannedAnswers.SingleOrDefaultAsync(c => c.Id == id && c.IsActive, cancellationToken) : null;
            macro?.MarkUsed();
            if (macro is not null && !request.Internal)
            {
                var filled = CannedAnswer.Render(macro.Body, await Knowledge.AnswerFacts.LoadAsync(db, time, ticket.Id, request.Viewer.Name, cancellationToken));
                db.AnswerUses.Add(new AnswerUse(macro, ticket, message, request.Viewer.Id, EditDistance.Normalised(filled, request.Body), now));
            }

            var take = macro?.TakesTicket == true || (!request.Internal && ticket.AssigneeId is null);
            if (take && ticket.AssigneeId != request.Viewer.Id && await TeamTakingAsync(ticket.TeamId, request.Viewer.Id, macro?.TakesTicket == true, cancellationToken) is { } team)
            {
                ticket.AssignTo(team, request.Viewer.Id, request.Viewer.Actor, now);
            }

            if (macro?.AddsTags.Count > 0)
            {
                ticket.SetTags([.. ticket.Tags, .. macro.AddsTags], request.Viewer.Actor, now);
            }

            if ((request.Then ?? macro?.SetsStatus) is { } status && status != ticket.Status)
            {
                ticket.ChangeStatus(status, request.Viewer.Actor, now);
            }

            db.AttachFiles(ticket, message, request.Files, now);
            await db.SaveChangesAsync(cancellationToken);
            return message.Id;
        }

        /// <summary>
        /// The ticket's team if the replier belongs to it, else (no team yet) the replier's first service team; for a
        /// plain reply only if that team assigns on the first reply (a macro that takes the ticket always does).
        /// </summary>
        private Task<int?> TeamTakingAsync(int? ticketTeamId, Guid replier, bool always, CancellationToken cancellationToken) =>
            db.TeamMembers
                .Where(m => m.UserId == replier && (ticketTeamId == null || m.TeamId == ticketTeamId))
                .Join(db.Teams, m => m.TeamId, t => t.Id, (m, t) => t)
                .Where(t => t.Kind == Domain.Teams.TeamKind.Service && (always || t.AssignOnFirstReply))
                .OrderBy(t => t.Id)
                .Select(t => (int?)t.Id)
                .FirstOrDefaultAsync(cancellationToken);
    }
}
