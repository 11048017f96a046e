using System.Text.RegularExpressions;
using FluentValidation;
using HelpDesk.Domain.Catalog;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Orders;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Api;

/// <summary>
/// The shop system tells the help desk about an order (R6): <c>PUT /api/v1/orders/{number}</c> with an API key
/// (<c>X-Api-Key</c>) creates the order or brings it up to date — payment, cancellation, parcels and their tracking —
/// and sending the same body again changes nothing. An order's lines never change once known (after-sales cases
/// point at them): a body with other lines is refused with 422. The customer is found by e-mail, then mobile,
/// else created; products by SKU, else created. Times may carry any offset and are stored in UTC (to the microsecond),
/// amounts in cents. All of it in one
/// transaction: never half an order.
/// </summary>
public static partial class Orders
{
    public const string ApiKeyHeader = "X-Api-Key";

    public sealed record CustomerBody(string? Name, string? Email, string? Phone);

    public sealed record LineBody(string? Sku, string? Name, string? Category, string? Supplier, int Quantity, decimal UnitPrice, decimal Discount, bool NoReasonReturnExcluded);

    public sealed record PaymentBody(string? Method, decimal Amount, DateTimeOffset PaidAt);

    public sealed record EventBody(DateTimeOffset At, ShipmentStatus Status, string? Location, string? Description);

    public sealed record ShipmentBody(string? Carrier, string? TrackingNumber, DateTimeOffset ShippedAt, DateTimeOffset PromisedAt, IReadOnlyList<EventBody>? Events);

    public sealed record OrderBody(
        CustomerBody? Customer, DateTimeOffset PlacedAt, string? Currency, IReadOnlyList<LineBody>? Lines, PaymentBody? Payment, bool Cancelled, IReadOnlyList<ShipmentBody>? Shipments);

    public sealed record Upsert(string Number, OrderBody Order) : ICommand<Result>;

    public sealed record Result(string Number, long Id, bool Created);

    public static void MapOrdersApi(this IEndpointRouteBuilder app) =>
        app.MapPut("/api/v1/orders/{number}", async (string number, OrderBody order, IMediator mediator, CancellationToken cancellationToken) =>
            {
                Result result;
                try
                {
                    result = await mediator.Send(new Upsert(number, order), cancellationToken);
                }
                catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
                {
                    // Two first PUTs of one new order (or customer, or product) at once: the loser finds it and updates.
                    result = await mediator.Send(new Upsert(number, order), cancellationToken);
                }

                return result.Created ? Results.Created($"/api/v1/orders/{result.Number}", result) : Results.Ok(result);
            })
            .AddEndpointFilter(RequireApiKey)
            .WithName("UpsertOrder")
            .WithSummary("Create or update an order from the shop system (idempotent).")
            .Produces<Result>(StatusCodes.Status200OK)
            .Produces<Result>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>Only a known, unrevoked key (compared by its SHA-256 hash) gets through.</summary>
    private static async ValueTask<object?> RequireApiKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var secret = http.Request.Headers[ApiKeyHeader].ToString();
        var db = http.RequestServices.GetRequiredService<HelpDeskDbContext>();
        var hash = ApiKey.Hash(secret);
        if (secret.Length == 0 || !await db.ApiKeys.AnyAsync(k => k.KeyHash == hash && k.RevokedAt == null, http.RequestAborted))
        {
            var l = http.RequestServices.GetRequiredService<IStringLocalizer<Strings>>();
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: l["api.key.invalid"]);
        }

        return await next(context);
    }

    /// <summary>Per-field problems named the way the JSON body names them (<c>lines[0].quantity</c>); lengths are the domain's guards.</summary>
    public sealed partial class Validator : AbstractValidator<Upsert>
    {
        /// <summary>The largest amount of one line or payment, in the order's currency (a typo of 1e20 is not an order).</summary>
        public const decimal MaxAmount = 10_000_000m;

        public const int MaxQuantity = 10_000;

        /// <summary>Order times lie between this and a year from now (promised deliveries included).</summary>
        public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public Validator(IStringLocalizer<Strings> l, TimeProvider clock)
        {
            var latest = clock.GetUtcNow().AddYears(1);
            bool Sane(DateTimeOffset at) => at >= Earliest && at <= latest;
            RuleFor(c => c.Number).NotEmpty().OverridePropertyName("number").WithMessage(_ => l["order.number.required"]);
            RuleFor(c => c.Number).Must(n => OrderNumber().IsMatch(n)).When(c => !string.IsNullOrEmpty(c.Number)).OverridePropertyName("number").WithMessage(_ => l["api.order_number.format"]);
            RuleFor(c => c.Order.PlacedAt).Must(Sane).OverridePropertyName("placedAt").WithMessage(_ => l["api.time.range", Earliest.Year]);
            RuleFor(c => c.Order.Payment!.PaidAt).Must(Sane).When(c => c.Order.Payment is not null).OverridePropertyName("payment.paidAt").WithMessage(_ => l["api.time.range", Earliest.Year]);
            RuleFor(c => c.Order.Payment!.Amount).LessThanOrEqualTo(MaxAmount).When(c => c.Order.Payment is not null).OverridePropertyName("payment.amount").WithMessage(_ => l["api.amount.range", MaxAmount]);
            RuleFor(c => c.Order).Must(o => o.Payment!.Amount <= o.Lines!.Sum(x => x!.UnitPrice * x.Quantity - x.Discount))
                .When(c => c.Order.Payment is not null && c.Order.Lines is { Count: > 0 } lines && lines.All(x => x is not null && x.UnitPrice <= MaxAmount && x.Quantity is > 0 and <= MaxQuantity))
                .OverridePropertyName("payment.amount").WithMessage(_ => l["api.payment.over_total"]);
            RuleFor(c => c.Order.Customer).NotNull().OverridePropertyName("customer").WithMessage(_ => l["api.customer.required"]);
            RuleFor(c => c.Order.Customer!.Name).NotEmpty().When(c => c.Order.Customer is not null).OverridePropertyName("customer.name").WithMessage(_ => l["customer.name.required"]);
            RuleFor(c => c.Order.Customer!.Email).Must(e => EmailAddress.IsValid(e!.Trim())).When(c => !string.IsNullOrWhiteSpace(c.Order.Customer?.Email))
                .OverridePropertyName("customer.email").WithMessage(_ => l["form.email.invalid"]);
            RuleFor(c => c.Order.Customer).Must(c => !string.IsNullOrWhiteSpace(c!.Email) || !string.IsNullOrWhiteSpace(c.Phone)).When(c => c.Order.Customer is not null)
                .OverridePropertyName("customer.email").WithMessage(_ => l["api.customer.contact"]);
            RuleFor(c => c.Order.Currency).Length(3).When(c => c.Order.Currency is not null).OverridePropertyName("currency").WithMessage(_ => l["api.currency"]);
            RuleFor(c => c.Order.Lines).NotEmpty().OverridePropertyName("lines").WithMessage(_ => l["api.lines.required"]);
            RuleFor(c => c.Order.Lines).Must(lines => lines!.Select(x => x?.Sku).Distinct().Count() == lines!.Count).When(c => c.Order.Lines is not null)
                .OverridePropertyName("lines").WithMessage(_ => l["api.lines.duplicate"]);
            RuleForEach(c => c.Order.Lines).NotNull().OverridePropertyName("lines").WithMessage(_ => l["api.item.null"]);
            RuleForEach(c => c.Order.Shipments).NotNull().OverridePropertyName("shipments").WithMessage(_ => l["api.item.null"]);
            RuleForEach(c => c.Order.Lines).ChildRules(line =>
            {
                line.RuleFor(x => x.Sku).NotEmpty().OverridePropertyName("sku").WithMessage(_ => l["order.line.sku.required"]);
                line.RuleFor(x => x.Name).NotEmpty().OverridePropertyName("name").WithMessage(_ => l["order.line.product.required"]);
                line.RuleFor(x => x.Category).NotEmpty().OverridePropertyName("category").WithMessage(_ => l["product.category.required"]);
                line.RuleFor(x => x.Supplier).NotEmpty().OverridePropertyName("supplier").WithMessage(_ => l["product.supplier.required"]);
                line.RuleFor(x => x.Sku).Must(s => Code().IsMatch(s!)).When(x => !string.IsNullOrEmpty(x.Sku)).OverridePropertyName("sku").WithMessage(_ => l["api.code.format"]);
                line.RuleFor(x => x.Quantity).GreaterThan(0).OverridePropertyName("quantity").WithMessage(_ => l["order.line.quantity.not_positive"]);
                line.RuleFor(x => x.Quantity).LessThanOrEqualTo(MaxQuantity).OverridePropertyName("quantity").WithMessage(_ => l["api.quantity.range", MaxQuantity]);
                line.RuleFor(x => x.UnitPrice).GreaterThanOrEqualTo(0).OverridePropertyName("unitPrice").WithMessage(_ => l["order.line.unit_price.negative"]);
                line.RuleFor(x => x.UnitPrice).LessThanOrEqualTo(MaxAmount).OverridePropertyName("unitPrice").WithMessage(_ => l["api.amount.range", MaxAmount]);
                line.RuleFor(x => x.UnitPrice).Must(Cents).OverridePropertyName("unitPrice").WithMessage(_ => l["api.cents"]);
                line.RuleFor(x => x.Discount).Must((x, d) => d >= 0 && d <= x.UnitPrice * x.Quantity).OverridePropertyName("discount").WithMessage(_ => l["order.line.discount"]);
                line.RuleFor(x => x.Discount).Must(Cents).OverridePropertyName("discount").WithMessage(_ => l["api.cents"]);
            }).OverridePropertyName("lines");
            RuleFor(c => c.Order.Payment!.Method).NotEmpty().When(c => c.Order.Payment is not null).OverridePropertyName("payment.method").WithMessage(_ => l["order.payment_method.required"]);
            RuleFor(c => c.Order.Payment!.Amount).Must(a => a >= 0 && Cents(a)).When(c => c.Order.Payment is not null).OverridePropertyName("payment.amount").WithMessage(_ => l["order.paid_amount.negative"]);
            RuleForEach(c => c.Order.Shipments).ChildRules(parcel =>
            {
                parcel.RuleFor(x => x.Carrier).NotEmpty().OverridePropertyName("carrier").WithMessage(_ => l["shipment.carrier.required"]);
                parcel.RuleFor(x => x.TrackingNumber).NotEmpty().OverridePropertyName("trackingNumber").WithMessage(_ => l["shipment.tracking_number.required"]);
                parcel.RuleFor(x => x.TrackingNumber).Must(t => Code().IsMatch(t!)).When(x => !string.IsNullOrEmpty(x.TrackingNumber)).OverridePropertyName("trackingNumber").WithMessage(_ => l["api.code.format"]);
                parcel.RuleFor(x => x.ShippedAt).Must(Sane).OverridePropertyName("shippedAt").WithMessage(_ => l["api.time.range", Earliest.Year]);
                parcel.RuleFor(x => x.PromisedAt).Must(Sane).OverridePropertyName("promisedAt").WithMessage(_ => l["api.time.range", Earliest.Year]);
                parcel.RuleForEach(x => x.Events).NotNull().OverridePropertyName("events").WithMessage(_ => l["api.item.null"]);
                parcel.RuleForEach(x => x.Events).ChildRules(e =>
                {
                    e.RuleFor(x => x.Status).IsInEnum().OverridePropertyName("status").WithMessage(_ => l["api.event.status"]);
                    e.RuleFor(x => x.At).Must(Sane).OverridePropertyName("at").WithMessage(_ => l["api.time.range", Earliest.Year]);
                    e.RuleFor(x => x.Location).MaximumLength(100).OverridePropertyName("location").WithMessage(_ => l["api.too_long", 100]);
                    e.RuleFor(x => x.Description).MaximumLength(500).OverridePropertyName("description").WithMessage(_ => l["api.too_long", 500]);
                }).OverridePropertyName("events");
            }).OverridePropertyName("shipments");
            RuleFor(c => c.Order.Shipments).Must(s => s is null || s.Select(x => x?.TrackingNumber).Distinct().Count() == s.Count).OverridePropertyName("shipments").WithMessage(_ => l["api.shipments.duplicate"]);
        }

        private static bool Cents(decimal amount) => decimal.Round(amount, 2) == amount;

        /// <summary>An order number as shops write them (it also becomes a URL and a Location header): ASCII letters, digits, '-' and '_'.</summary>
        [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$", RegexOptions.CultureInvariant)]
        private static partial Regex OrderNumber();

        /// <summary>SKUs and tracking numbers: ASCII letters, digits and . _ / - only.</summary>
        [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]{0,59}$", RegexOptions.CultureInvariant)]
        private static partial Regex Code();
    }

    public sealed class Handler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<Upsert, Result>
    {
        public async Task<Result> Handle(Upsert request, CancellationToken cancellationToken)
        {
            var body = request.Order;
            var order = await db.Orders.Include(o => o.Lines).Include(o => o.Shipments).ThenInclude(s => s.Events).AsSplitQuery()
                .SingleOrDefaultAsync(o => o.Number == request.Number, cancellationToken);
            var created = order is null;
            if (order is null)
            {
                order = new Order(request.Number, (await FindOrCreateCustomerAsync(body.Customer!, cancellationToken)).Id, Stored(body.PlacedAt), body.Currency ?? Currency.Default);
                foreach (var line in body.Lines!)
                {
                    var product = await FindOrCreateProductAsync(line, cancellationToken);
                    order.AddLine(product.Id, product.Sku, product.Name, line.Quantity, line.UnitPrice, line.Discount);
                }

                db.Orders.Add(order);
            }
            else if (!SameLines(order, body.Lines!))
            {
                throw new DomainException("api.lines.changed");
            }

            if (body.Payment is { } payment && (order.PaidAt != Stored(payment.PaidAt) || order.PaidAmount != payment.Amount || order.PaymentMethod != payment.Method)
                && order.Status != OrderStatus.Cancelled)
            {
                order.RecordPayment(payment.Method!, payment.Amount, Stored(payment.PaidAt));
            }

            foreach (var parcel in body.Shipments ?? [])
            {
                var shipment = order.Shipments.SingleOrDefault(s => s.TrackingNumber == parcel.TrackingNumber)
                    ?? order.Ship(parcel.Carrier!, parcel.TrackingNumber!, Stored(parcel.ShippedAt), Stored(parcel.PromisedAt));
                foreach (var e in (parcel.Events ?? []).Where(e => !shipment.Events.Any(known => known.At == Stored(e.At) && known.Status == e.Status)).OrderBy(e => e.At))
                {
                    shipment.Track(Stored(e.At), e.Status, e.Location ?? string.Empty, e.Description ?? string.Empty);
                }
            }

            order.RefreshDeliveryStatus();
            if (body.Cancelled && order.Status != OrderStatus.Cancelled)
            {
                order.Cancel();
            }

            await db.SaveChangesAsync(cancellationToken);
            return new Result(order.Number, order.Id, created);
        }

        /// <summary>A time as PostgreSQL keeps it (UTC, microseconds), so a repeated body compares equal to what was stored.</summary>
        private static DateTimeOffset Stored(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % 10), TimeSpan.Zero);

        private static bool SameLines(Order order, IReadOnlyList<LineBody> lines) =>
            order.Lines.Count == lines.Count
            && order.Lines.OrderBy(l => l.Sku, StringComparer.Ordinal).Zip(lines.OrderBy(l => l.Sku, StringComparer.Ordinal))
                .All(p => p.First.Sku == p.Second.Sku && p.First.Quantity == p.Second.Quantity && p.First.UnitPrice == p.Second.UnitPrice && p.First.PaidAmount == (p.Second.UnitPrice * p.Second.Quantity) - p.Second.Discount);

        private async Task<Customer> FindOrCreateCustomerAsync(CustomerBody body, CancellationToken cancellationToken)
        {
            var email = string.IsNullOrWhiteSpace(body.Email) ? null : CustomerContact.Normalize(ContactKind.Email, body.Email);
            var phone = string.IsNullOrWhiteSpace(body.Phone) ? null : CustomerContact.Normalize(ContactKind.Phone, body.Phone);
            var known = await db.Customers.Where(c => c.Contacts.Any(k => (k.Kind == ContactKind.Email && k.Value == email) || (k.Kind == ContactKind.Phone && k.Value == phone)))
                .OrderBy(c => c.Id).FirstOrDefaultAsync(cancellationToken);
            if (known is not null)
            {
                return known;
            }

            var customer = new Customer(body.Name!, CustomerTier.Regular, clock.GetUtcNow());
            if (email is not null)
            {
                customer.AddContact(ContactKind.Email, email);
            }

            if (phone is not null)
            {
                customer.AddContact(ContactKind.Phone, phone);
            }

            db.Customers.Add(customer);
            await db.SaveChangesAsync(cancellationToken);
            return customer;
        }

        private async Task<Product> FindOrCreateProductAsync(LineBody line, CancellationToken cancellationToken)
        {
            if (await db.Products.SingleOrDefaultAsync(p => p.Sku == line.Sku, cancellationToken) is { } product)
            {
                return product;
            }

            product = new Product(line.Sku!, line.Name!, line.Category!, line.Supplier!, line.NoReasonReturnExcluded);
            db.Products.Add(product);
            await db.SaveChangesAsync(cancellationToken);
            return product;
        }
    }
}
