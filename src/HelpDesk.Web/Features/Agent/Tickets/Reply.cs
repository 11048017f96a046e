using FluentValidation;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>
/// An agent writes on a ticket: a public reply or an internal note, with files. A reply to a resolved or closed
/// ticket reopens it. What follows from a reply — the e-mail to the customer, promises it keeps, the SLA clocks,
/// the audit trail, live screens — follows from its domain events.
/// </summary>
public static class Reply
{
    public sealed record Command(Viewer Viewer, string Number, string? Body, bool Internal, IReadOnlyList<Upload>? Files = null) : ICommand<long>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.Body).Must(b => !string.IsNullOrWhiteSpace(b)).WithMessage(_ => l["reply.body.required"]);
            RuleFor(c => c.Body).MaximumLength(TicketMessage.BodyMaxLength).WithMessage(_ => l["reply.body.too_long", TicketMessage.BodyMaxLength]);
            RuleFor(c => c.Files).WithinAttachmentLimit(l);
        }
    }

    public sealed class Handler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<Command, long>
    {
        public async Task<long> Handle(Command request, CancellationToken cancellationToken)
        {
            var ticket = await db.GetVisibleAsync(request.Viewer, request.Number, cancellationToken);
            var now = clock.GetUtcNow();
            var message = request.Internal
                ? ticket.AddInternalNote(request.Viewer.Id, request.Viewer.Name, request.Body!, now)
                : ticket.Reply(request.Viewer.Id, request.Viewer.Name, request.Body!, now);
            db.AttachFiles(ticket, message, request.Files, now);
            await db.SaveChangesAsync(cancellationToken);
            return message.Id;
        }
    }
}
