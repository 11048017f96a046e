using FluentValidation;
using FluentValidation.Results;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Customers;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Agent.Customers;

/// <summary>
/// One customer, one timeline (R2, issue 13 item 7), from the customer tab of a ticket: the agent merges another
/// customer — named by an e-mail address or mobile number, or offered as a merge suggestion — into this ticket's
/// customer. Tickets, orders and contacts move over in one transaction and the <see cref="CustomerMerge"/> row records
/// exactly which (the audit); for 30 days the merge can be undone, which moves exactly those rows back. Suggestions come
/// from channels that named a contact another customer holds without vouching for it (<see cref="Channels.Receive"/>);
/// the agent merges or dismisses them. Any agent who can open the ticket may merge its customer.
/// </summary>
public static class CustomerMerges
{
    /// <summary>Merge the other customer (by id from a suggestion, else by <paramref name="OtherContact"/>) into the ticket's customer.</summary>
    public sealed record Merge(Viewer Viewer, string Number, long? OtherCustomerId, string? OtherContact) : ICommand<long>;

    public sealed record Undo(Viewer Viewer, string Number, long MergeId) : ICommand<Unit>;

    public sealed record Dismiss(Viewer Viewer, string Number, long SuggestionId) : ICommand<Unit>;

    /// <summary>The customer tab's merge part: open suggestions and the merges into this customer that can still be undone.</summary>
    public sealed record Query(long CustomerId) : IQuery<Panel>;

    public sealed record Panel(IReadOnlyList<Suggested> Suggestions, IReadOnlyList<Merged> Merges);

    public sealed record Suggested(long Id, long CustomerId, string Name, CustomerTier Tier, ContactKind Kind, string Reason, int Tickets);

    public sealed record Merged(long Id, string Name, DateTimeOffset At, string By, DateTimeOffset UndoUntil, int Tickets);

    public sealed class MergeValidator : AbstractValidator<Merge>
    {
        public MergeValidator(IStringLocalizer<Strings> l) =>
            RuleFor(c => c.OtherContact).Must((c, text) => c.OtherCustomerId is not null || !string.IsNullOrWhiteSpace(text))
                .WithMessage(_ => l["customer_merge.other.required"])
                .MaximumLength(200).WithMessage(_ => l["customer_merge.other.unknown"]);
    }

    public sealed class MergeHandler(HelpDeskDbContext db, TimeProvider clock, IStringLocalizer<Strings> l) : IRequestHandler<Merge, long>
    {
        public async Task<long> Handle(Merge request, CancellationToken cancellationToken)
        {
            var ticket = await db.GetVisibleAsync(request.Viewer, request.Number, cancellationToken);
            var sourceId = request.OtherCustomerId ?? await ByContactAsync(request.OtherContact!, cancellationToken)
                ?? throw new ValidationException([new ValidationFailure(nameof(Merge.OtherContact), l["customer_merge.other.unknown"])]);
            var target = await db.Customers.SingleAsync(c => c.Id == ticket.CustomerId, cancellationToken);
            var source = await db.Customers.SingleOrDefaultAsync(c => c.Id == sourceId, cancellationToken) ?? throw new NotFoundException("customer.not_found");
            var now = clock.GetUtcNow();
            var merge = CustomerMerge.Start(source, target, request.Viewer.Actor, now);

            // Moved in set statements (the page's ticket is among them only by id): every row of the source, whoever can see it.
            var tickets = await db.Tickets.Where(t => t.CustomerId == source.Id).Select(t => t.Id).ToListAsync(cancellationToken);
            var orders = await db.Orders.Where(o => o.CustomerId == source.Id).Select(o => o.Id).ToListAsync(cancellationToken);
            var contacts = await db.CustomerContacts.Where(c => c.CustomerId == source.Id).Select(c => c.Id).ToListAsync(cancellationToken);
            await db.Tickets.Where(t => t.CustomerId == source.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.CustomerId, target.Id), cancellationToken);
            await db.Orders.Where(o => o.CustomerId == source.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.CustomerId, target.Id), cancellationToken);
            await db.CustomerContacts.Where(c => c.CustomerId == source.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.CustomerId, target.Id), cancellationToken);
            merge.Moved(tickets, orders, contacts);
            db.CustomerMerges.Add(merge);
            var (low, high) = source.Id < target.Id ? (source.Id, target.Id) : (target.Id, source.Id);
            await db.CustomerMergeSuggestions.Where(s => s.CustomerId == low && s.OtherCustomerId == high && s.ClosedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ClosedAt, now), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return merge.Id;
        }

        /// <summary>The customer holding this e-mail address or phone number (stored normalised), if any.</summary>
        private async Task<long?> ByContactAsync(string text, CancellationToken cancellationToken)
        {
            var (email, phone) = (CustomerContact.Normalize(ContactKind.Email, text), CustomerContact.Normalize(ContactKind.Phone, text));
            return await db.CustomerContacts
                .Where(c => (c.Kind == ContactKind.Email && c.Value == email) || (c.Kind == ContactKind.Phone && phone.Length >= 7 && c.Value == phone))
                .Select(c => (long?)c.CustomerId).FirstOrDefaultAsync(cancellationToken);
        }
    }

    public sealed class UndoHandler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<Undo, Unit>
    {
        public async Task<Unit> Handle(Undo request, CancellationToken cancellationToken)
        {
            var ticket = await db.GetVisibleAsync(request.Viewer, request.Number, cancellationToken);
            var merge = await db.CustomerMerges.SingleOrDefaultAsync(m => m.Id == request.MergeId && m.TargetId == ticket.CustomerId, cancellationToken)
                ?? throw new NotFoundException("customer_merge.not_found");
            var source = await db.Customers.SingleAsync(c => c.Id == merge.SourceId, cancellationToken);
            var target = await db.Customers.SingleAsync(c => c.Id == merge.TargetId, cancellationToken);
            merge.Undo(source, target, request.Viewer.Actor, clock.GetUtcNow());

            // Exactly what moved, where it still is; what came in since stays with the target.
            var (tickets, orders, contacts) = (merge.TicketIds, merge.OrderIds, merge.ContactIds);
            await db.Tickets.Where(t => tickets.Contains(t.Id) && t.CustomerId == target.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.CustomerId, source.Id), cancellationToken);
            await db.Orders.Where(o => orders.Contains(o.Id) && o.CustomerId == target.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.CustomerId, source.Id), cancellationToken);
            await db.CustomerContacts.Where(c => contacts.Contains(c.Id) && c.CustomerId == target.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.CustomerId, source.Id), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }

    public sealed class DismissHandler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<Dismiss, Unit>
    {
        public async Task<Unit> Handle(Dismiss request, CancellationToken cancellationToken)
        {
            var ticket = await db.GetVisibleAsync(request.Viewer, request.Number, cancellationToken);
            var suggestion = await db.CustomerMergeSuggestions
                .SingleOrDefaultAsync(s => s.Id == request.SuggestionId && (s.CustomerId == ticket.CustomerId || s.OtherCustomerId == ticket.CustomerId), cancellationToken)
                ?? throw new NotFoundException("customer_merge.not_found");
            suggestion.Close(clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }

    public sealed class QueryHandler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<Query, Panel>
    {
        public async Task<Panel> Handle(Query request, CancellationToken cancellationToken)
        {
            var id = request.CustomerId;
            var suggestions = await db.CustomerMergeSuggestions.AsNoTracking()
                .Where(s => s.ClosedAt == null && (s.CustomerId == id || s.OtherCustomerId == id))
                .Select(s => new { s.Id, Other = s.CustomerId == id ? s.OtherCustomerId : s.CustomerId, s.Kind, s.Reason })
                .Join(db.Customers.Where(c => c.MergedIntoId == null), s => s.Other, c => c.Id, (s, c) => new { s.Id, Customer = c.Id, c.Name, c.Tier, s.Kind, s.Reason, Tickets = db.Tickets.Count(t => t.CustomerId == c.Id) })
                .OrderBy(s => s.Id).Take(5)
                .Select(s => new Suggested(s.Id, s.Customer, s.Name, s.Tier, s.Kind, s.Reason, s.Tickets))
                .ToListAsync(cancellationToken);
            var until = clock.GetUtcNow().AddDays(-CustomerMerge.UndoDays);
            var merges = await db.CustomerMerges.AsNoTracking()
                .Where(m => m.TargetId == id && m.UndoneAt == null && m.MergedAt > until)
                .Join(db.Customers, m => m.SourceId, c => c.Id, (m, c) => new { m.Id, c.Name, m.MergedAt, m.MergedBy, Tickets = m.TicketIds.Length })
                .OrderByDescending(m => m.Id).Take(5).ToListAsync(cancellationToken);
            return new Panel(suggestions, [.. merges.Select(m => new Merged(m.Id, m.Name, m.MergedAt, m.MergedBy, m.MergedAt.AddDays(CustomerMerge.UndoDays), m.Tickets))]);
        }
    }
}
