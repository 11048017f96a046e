using FluentValidation;
using FluentValidation.Results;
using HelpDesk.Domain.Complaints;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Knowledge;
using HelpDesk.Domain.Orders;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Customers.Complaints;

/// <summary>
/// The customer's front door (R2, R4): a complaint or question in two minutes on a phone. Contact by e-mail and/or
/// mainland mobile; with an order number that matches the contact, the customer picks the affected lines and sees
/// their delivery. One transaction creates (or finds) the customer, the ticket, the complaint and its files, and
/// queues the acknowledgement with the honest answer time and a link to follow the ticket.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(Authentication.PublicRateLimit)]
public class NewModel(TimeProvider clock) : SlicePageModel
{
    [BindProperty]
    public Form Input { get; set; } = new();

    [BindProperty]
    public List<IFormFile> Files { get; set; } = [];

    /// <summary>Files kept from a try that came back with errors, ticked to go again (<see cref="HeldFiles"/>).</summary>
    [BindProperty]
    public List<Guid> Held { get; set; } = [];

    public IReadOnlyList<HeldFiles.Shown> HeldShown { get; private set; } = [];

    /// <summary>A field people do not see and bots fill: a filled one means the submission is quietly dropped.</summary>
    [BindProperty]
    public string? Website { get; set; }

    public OrderView? Order { get; private set; }

    /// <summary><c>?order=</c>: from order tracking ("still wrong?"), the order number is filled in; the contact proves it again on submit.</summary>
    public void OnGet(string? order)
    {
        if (order is { Length: > 0 and <= 40 })
        {
            Input.OrderNumber = order.Trim();
        }
    }

    /// <summary>The order's lines and delivery, when the number matches the contact (a fragment for the form's script).</summary>
    public async Task<IActionResult> OnGetOrderAsync(string? number, string? email, string? phone)
    {
        Order = await QueryAsync(new FindOrder(number, email, phone));
        return Partial("_OrderLines", this);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!string.IsNullOrEmpty(Website))
        {
            return RedirectToPage("Submitted");
        }

        var hold = HttpContext.RequestServices.GetRequiredService<HeldFiles>();
        var files = await hold.ReadAsync(Files, Held, User, HttpContext.RequestAborted);
        var result = await SendAsync(new Submit(Input, files.All, clock.GetUtcNow(), Help.HelpVisitor.Existing(HttpContext)));
        HeldShown = await hold.SettleAsync(files, result.Succeeded, HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            TempData["Submitted.Number"] = result.Value.Number;
            TempData["Submitted.Link"] = result.Value.Link;
            TempData["Submitted.AnswerTime"] = result.Value.AnswerTime;
            TempData["Submitted.Mailed"] = result.Value.Mailed;
            return RedirectToPage("Submitted");
        }

        Order = await QueryAsync(new FindOrder(Input.OrderNumber, Input.Email, Input.Phone));
        return Page();
    }

    public sealed class Form
    {
        public string? Name { get; set; }

        public string? Email { get; set; }

        public string? Phone { get; set; }

        public TicketCategory Category { get; set; } = TicketCategory.ComplaintSuggestion;

        public string? OrderNumber { get; set; }

        public List<long> Lines { get; set; } = [];

        public ComplaintType Type { get; set; } = ComplaintType.Quality;

        public string? Description { get; set; }

        public Remedy Remedy { get; set; } = Remedy.AnswerOnly;
    }

    public sealed record OrderView(string Number, OrderStatus Status, IReadOnlyList<(long Id, string Product, int Quantity)> Lines, IReadOnlyList<(string Carrier, string TrackingNumber, ShipmentStatus Status, DateTimeOffset PromisedAt, DateTimeOffset? DeliveredAt)> Parcels);

    public sealed record FindOrder(string? Number, string? Email, string? Phone) : IQuery<OrderView?>;

    public sealed class FindOrderHandler(HelpDeskDbContext db) : IRequestHandler<FindOrder, OrderView?>
    {
        public async Task<OrderView?> Handle(FindOrder request, CancellationToken cancellationToken)
        {
            var customer = await Submitter.MatchAsync(db, request.Email, request.Phone, cancellationToken);
            if (customer is null || string.IsNullOrWhiteSpace(request.Number))
            {
                return null;
            }

            var order = await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Shipments)
                .SingleOrDefaultAsync(o => o.Number == request.Number.Trim() && o.CustomerId == customer.Id, cancellationToken);
            return order is null ? null : new OrderView(
                order.Number,
                order.Status,
                order.Lines.Select(l => (l.Id, l.ProductName, l.Quantity)).ToList(),
                order.Shipments.Select(s => (s.Carrier, s.TrackingNumber, s.Status, s.PromisedAt, s.DeliveredAt)).ToList());
        }
    }

    /// <summary>The form; <c>Visitor</c> is the help centre's id of this browser, if it has one: its searches and reads before this were not enough (the deflection rate).</summary>
    public sealed record Submit(Form Form, IReadOnlyList<Upload> Files, DateTimeOffset Now, Guid? Visitor = null) : ICommand<Submitted>;

    public sealed record Submitted(string Number, string Link, string AnswerTime, bool Mailed);

    public sealed class SubmitValidator : AbstractValidator<Submit>
    {
        public SubmitValidator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.Form.Name).Must(n => !string.IsNullOrWhiteSpace(n)).OverridePropertyName("Name").WithMessage(_ => l["form.name.required"])
                .MaximumLength(100).WithMessage(_ => l["form.name.too_long", 100]);
            RuleFor(c => c.Form.Email).Must(e => EmailAddress.IsValid(e!.Trim())).When(c => !string.IsNullOrWhiteSpace(c.Form.Email)).OverridePropertyName("Email").WithMessage(_ => l["form.email.invalid"]);
            RuleFor(c => c.Form.Phone).Must(CustomerContact.IsMainlandMobile).When(c => !string.IsNullOrWhiteSpace(c.Form.Phone)).OverridePropertyName("Phone").WithMessage(_ => l["form.phone.invalid"]);
            RuleFor(c => c.Form).Must(f => !string.IsNullOrWhiteSpace(f.Email) || !string.IsNullOrWhiteSpace(f.Phone)).OverridePropertyName("Email").WithMessage(_ => l["form.contact.required"]);
            RuleFor(c => c.Form.Category).IsInEnum().OverridePropertyName("Category").WithMessage(_ => l["form.choose"]);
            RuleFor(c => c.Form.Type).IsInEnum().OverridePropertyName("Type").WithMessage(_ => l["form.choose"]);
            RuleFor(c => c.Form.Remedy).IsInEnum().OverridePropertyName("Remedy").WithMessage(_ => l["form.choose"]);
            RuleFor(c => c.Form.Description).Must(d => !string.IsNullOrWhiteSpace(d)).OverridePropertyName("Description").WithMessage(_ => l["form.description.required"])
                .MaximumLength(Complaint.DescriptionMaxLength).WithMessage(_ => l["form.description.too_long", Complaint.DescriptionMaxLength]);
            RuleFor(c => c.Form.OrderNumber).MaximumLength(40).OverridePropertyName("OrderNumber").WithMessage(_ => l["form.order.invalid"]);
            RuleFor(c => c.Files).WithinAttachmentLimit(l).OverridePropertyName("Files");
        }
    }

    public sealed class SubmitHandler(HelpDeskDbContext db, CustomerLinks links, IStringLocalizer<Strings> l) : IRequestHandler<Submit, Submitted>
    {
        public async Task<Submitted> Handle(Submit request, CancellationToken cancellationToken)
        {
            var form = request.Form;
            var now = request.Now;
            var customer = await Submitter.MatchAsync(db, form.Email, form.Phone, cancellationToken) ?? NewCustomer(form, now);
            if (customer.Id == 0)
            {
                await db.SaveChangesAsync(cancellationToken); // a new customer needs its id before the ticket refers to it
            }

            Order? order = null;
            if (!string.IsNullOrWhiteSpace(form.OrderNumber))
            {
                order = await db.Orders.Include(o => o.Lines).SingleOrDefaultAsync(o => o.Number == form.OrderNumber.Trim() && o.CustomerId == customer.Id, cancellationToken)
                    ?? throw new ValidationException([new ValidationFailure("OrderNumber", l["form.order.mismatch"])]);
            }

            var description = form.Description!.Trim();
            var subject = $"{l.Label(form.Type)}：{(description.Length > 40 ? description[..40] + "…" : description)}";
            var ticket = Ticket.Open(subject, form.Category, TicketPriority.Normal, Channel.WebForm, customer.Id, customer.Name, description, now);
            if (order is not null)
            {
                ticket.LinkOrder(order.Id, now);
            }

            db.Tickets.Add(ticket);
            db.AttachFiles(ticket, ticket.Messages[0], request.Files, now);
            var complaint = new Complaint(ticket, form.Type, form.Remedy, description, now);
            complaint.SetAffectedLines(order is null ? [] : form.Lines.Where(id => order.Lines.Any(line => line.Id == id)));
            db.Complaints.Add(complaint);
            if (request.Visitor is { } visitor)
            {
                db.HelpEvents.Add(new HelpEvent(visitor, HelpEventKind.Ticket, now));
            }

            await db.SaveChangesAsync(cancellationToken); // the ticket's id for its link, its clocks for the answer time
            var link = links.Issue(ticket.Id, now);
            var calendar = await db.BusinessCalendars.AsNoTracking().SingleOrDefaultAsync(c => c.Id == ticket.Sla.CalendarId, cancellationToken);
            var answer = ticket.Sla.FirstResponse.DueAt is { } due && calendar is not null ? links.AnswerTime(due, calendar, now) : l["answer.unknown"].Value;
            var mailed = await links.MailAsync(ticket, link, "mail.ack.subject", "mail.ack.body", now, cancellationToken, customer.Name, answer);
            await db.SaveChangesAsync(cancellationToken);
            return new Submitted(ticket.DisplayNumber, link, answer, mailed);
        }

        private Customer NewCustomer(Form form, DateTimeOffset now)
        {
            var customer = new Customer(form.Name!, CustomerTier.Regular, now);
            if (!string.IsNullOrWhiteSpace(form.Email))
            {
                customer.AddContact(ContactKind.Email, form.Email);
            }

            if (!string.IsNullOrWhiteSpace(form.Phone))
            {
                customer.AddContact(ContactKind.Phone, form.Phone);
            }

            db.Customers.Add(customer);
            return customer;
        }
    }
}

/// <summary>Finds the customer behind an e-mail address or a mobile number (the same person on any channel, R2).</summary>
public static class Submitter
{
    public static async Task<Customer?> MatchAsync(HelpDeskDbContext db, string? email, string? phone, CancellationToken cancellationToken)
    {
        var keys = new List<(ContactKind Kind, string Value)>();
        if (!string.IsNullOrWhiteSpace(email) && EmailAddress.IsValid(email.Trim()))
        {
            keys.Add((ContactKind.Email, CustomerContact.Normalize(ContactKind.Email, email)));
        }

        if (!string.IsNullOrWhiteSpace(phone) && CustomerContact.IsMainlandMobile(phone))
        {
            keys.Add((ContactKind.Phone, CustomerContact.Normalize(ContactKind.Phone, phone)));
        }

        foreach (var (kind, value) in keys)
        {
            var id = await db.CustomerContacts.Where(c => c.Kind == kind && c.Value == value).Select(c => (long?)c.CustomerId).FirstOrDefaultAsync(cancellationToken);
            if (id is not null)
            {
                return await db.Customers.Include(c => c.Contacts).SingleAsync(c => c.Id == id, cancellationToken);
            }
        }

        return null;
    }
}
