using FluentValidation;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Infrastructure.Mail;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>
/// An agent writes on a ticket: a public reply (delivered through the ticket's channel — e-mail and web-form
/// tickets by e-mail through the outbox) or an internal note. A reply to a resolved or closed ticket reopens it.
/// </summary>
public static class Reply
{
    public sealed record Command(Viewer Viewer, string Number, string? Body, bool Internal, IReadOnlyList<Upload>? Files = null) : ICommand<long>, Live.IChangesTickets
    {
        public IEnumerable<string> ChangedTickets => [Number];
    }

    /// <summary>A file the agent attached: the name they gave and its bytes.</summary>
    public sealed record Upload(string FileName, byte[] Content);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.Body).Must(b => !string.IsNullOrWhiteSpace(b)).WithMessage(_ => l["reply.body.required"]);
            RuleFor(c => c.Body).MaximumLength(TicketMessage.BodyMaxLength).WithMessage(_ => l["reply.body.too_long", TicketMessage.BodyMaxLength]);
            RuleFor(c => c.Files).Must(f => f is null || f.Count <= Attachment.MaxPerMessage).WithMessage(_ => l["reply.files.too_many", Attachment.MaxPerMessage]);
        }
    }

    public sealed class Handler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<Command, long>
    {
        public async Task<long> Handle(Command request, CancellationToken cancellationToken)
        {
            var ticket = await db.FindVisibleAsync(request.Viewer, request.Number, cancellationToken)
                ?? throw new Domain.Common.DomainException("ticket.not_found");
            var now = clock.GetUtcNow();

            // Every file is checked (size, type by content) before anything is written.
            var files = (request.Files ?? []).Select(f => (Meta: Attachment.Accept(ticket.Id, f.FileName, f.Content.LongLength, f.Content, now), f.Content)).ToList();
            var before = ticket.Status;
            var message = request.Internal
                ? ticket.AddInternalNote(request.Viewer.Id, request.Viewer.Name, request.Body!, now)
                : ticket.Reply(request.Viewer.Id, request.Viewer.Name, request.Body!, now);
            db.Record(ticket, request.Viewer.Id, request.Viewer.Name, request.Internal ? "ticket.noted" : "ticket.replied", now);
            if (ticket.Status != before)
            {
                db.Record(ticket, request.Viewer.Id, request.Viewer.Name, "ticket.changed", now, new FieldChange("status", before.ToString(), ticket.Status.ToString()));
            }

            await db.SaveChangesAsync(cancellationToken);
            foreach (var (meta, content) in files)
            {
                meta.AttachTo(message.Id);
                db.Attachments.Add(meta);
                await db.SaveChangesAsync(cancellationToken);
                db.AttachmentContents.Add(new Data.Configurations.AttachmentContent { AttachmentId = meta.Id, Data = content });
            }

            await db.SaveChangesAsync(cancellationToken);
            if (!request.Internal)
            {
                await Commitments.Promises.KeepByAsync(db, ticket.Id, Domain.Commitments.KeptVia.Reply, message.Id, now, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }

            if (!request.Internal && ticket.Channel is Channel.Email or Channel.WebForm
                && await db.CustomerContacts.Where(c => c.CustomerId == ticket.CustomerId && c.Kind == ContactKind.Email)
                    .Select(c => c.Value).FirstOrDefaultAsync(cancellationToken) is { } email)
            {
                db.OutboxMessages.Add(new OutboxMessage(email, $"[{ticket.DisplayNumber}] {ticket.Subject}", message.Body, now, message.Id));
                await db.SaveChangesAsync(cancellationToken);
            }

            return message.Id;
        }
    }
}
