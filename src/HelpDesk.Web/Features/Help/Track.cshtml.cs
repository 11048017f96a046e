using FluentValidation;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Knowledge;
using HelpDesk.Domain.Orders;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Help;

/// <summary>
/// Order tracking as self-service (R11): the order number and the e-mail or mobile number of the customer who placed
/// it show the order's state and every parcel with its tracking events, newest first — the answer to "where is my
/// parcel?" without a ticket. Both must match; a wrong pair gets the same "not found" as an unknown number, and the
/// page is rate limited like the other public forms, so it reveals nothing to someone guessing. Posted, not in the
/// address, so a phone number never lands in a log or the browser history. Each lookup counts for the deflection rate.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(Authentication.PublicRateLimit)]
public class TrackModel(TimeProvider clock) : SlicePageModel
{
    [BindProperty]
    public TrackInput Input { get; set; } = new();

    public Tracked? Order { get; private set; }

    public bool Unmatched { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await SendAsync(new Lookup(Input.Number, Input.Contact, HelpVisitor.Of(HttpContext), clock.GetUtcNow()));
        Order = result.Value;
        Unmatched = result.Succeeded && Order is null;
        return Page();
    }

    public sealed class TrackInput
    {
        public string? Number { get; set; }

        public string? Contact { get; set; }
    }

    public sealed record Tracked(string Number, OrderStatus Status, DateTimeOffset PlacedAt, IReadOnlyList<string> Lines, IReadOnlyList<Parcel> Parcels);

    public sealed record Parcel(string Carrier, string TrackingNumber, ShipmentStatus Status, DateTimeOffset PromisedAt, DateTimeOffset? DeliveredAt, bool Late, IReadOnlyList<Event> Events);

    public sealed record Event(DateTimeOffset At, ShipmentStatus Status, string Location, string Description);

    /// <summary>The order, when <c>Contact</c> is an e-mail or mobile number of the customer who placed it, otherwise null; the lookup is recorded for the deflection rate.</summary>
    public sealed record Lookup(string? Number, string? Contact, Guid Visitor, DateTimeOffset Now) : ICommand<Tracked?>;

    public sealed class Validator : AbstractValidator<Lookup>
    {
        public Validator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.Number).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => l["track.number.required"])
                .MaximumLength(40).WithMessage(_ => l["track.number.invalid"]);
            RuleFor(c => c.Contact).Must(c => !string.IsNullOrWhiteSpace(c)).WithMessage(_ => l["track.contact.required"])
                .Must(c => EmailAddress.IsValid(c!.Trim()) || CustomerContact.IsMainlandMobile(c)).When(c => !string.IsNullOrWhiteSpace(c.Contact)).WithMessage(_ => l["track.contact.invalid"]);
        }
    }

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Lookup, Tracked?>
    {
        public async Task<Tracked?> Handle(Lookup request, CancellationToken cancellationToken)
        {
            var number = request.Number!.Trim();
            var (kind, value) = request.Contact!.Contains('@', StringComparison.Ordinal)
                ? (ContactKind.Email, CustomerContact.Normalize(ContactKind.Email, request.Contact))
                : (ContactKind.Phone, CustomerContact.Normalize(ContactKind.Phone, request.Contact));

            // One order by its unique number, then one probe into its customer's contacts.
            var order = await db.Orders.AsNoTracking().AsSplitQuery()
                .Include(o => o.Lines)
                .Include(o => o.Shipments).ThenInclude(s => s.Events)
                .Where(o => o.Number == number && db.CustomerContacts.Any(c => c.CustomerId == o.CustomerId && c.Kind == kind && c.Value == value))
                .SingleOrDefaultAsync(cancellationToken);
            db.HelpEvents.Add(new HelpEvent(request.Visitor, HelpEventKind.OrderTracked, request.Now, results: order is null ? 0 : 1));
            if (order is null)
            {
                return null;
            }

            return new Tracked(
                order.Number,
                order.Status,
                order.PlacedAt,
                [.. order.Lines.Select(l => $"{l.ProductName} × {l.Quantity}")],
                [.. order.Shipments.OrderByDescending(s => s.ShippedAt).Select(s => new Parcel(
                    s.Carrier, s.TrackingNumber, s.Status, s.PromisedAt, s.DeliveredAt, s.IsLate(request.Now),
                    [.. s.Events.OrderByDescending(e => e.At).Select(e => new Event(e.At, e.Status, e.Location, e.Description))]))]);
        }
    }
}
