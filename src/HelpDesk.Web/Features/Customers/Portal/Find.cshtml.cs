using FluentValidation;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Customers.Portal;

/// <summary>
/// "Find my ticket": ticket number and the e-mail or mobile given with it → a new link by e-mail. The answer is the
/// same whether or not they matched, so the form reveals nothing about tickets or customers.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(Authentication.PublicRateLimit)]
public class FindModel(TimeProvider clock) : SlicePageModel
{
    [BindProperty]
    public FindInput Input { get; set; } = new();

    public bool Sent { get; private set; }

    public bool Revoked { get; private set; }

    public void OnGet()
    {
        Sent = TempData["Find.Sent"] is true;
        Revoked = TempData["Portal.Revoked"] is true;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if ((await SendAsync(new RequestLink(Input.Number, Input.Contact, clock.GetUtcNow()))).Succeeded)
        {
            TempData["Find.Sent"] = true;
            return RedirectToPage();
        }

        return Page();
    }

    public sealed class FindInput
    {
        public string? Number { get; set; }

        public string? Contact { get; set; }
    }

    public sealed record RequestLink(string? Number, string? Contact, DateTimeOffset Now) : ICommand<Unit>;

    public sealed class Validator : AbstractValidator<RequestLink>
    {
        public Validator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.Number).Must(n => Ticket.TryParseNumber(n, out _)).WithMessage(_ => l["find.number.invalid"]);
            RuleFor(c => c.Contact).Must(c => !string.IsNullOrWhiteSpace(c)).WithMessage(_ => l["find.contact.required"]);
        }
    }

    public sealed class Handler(HelpDeskDbContext db, CustomerLinks links) : IRequestHandler<RequestLink, Unit>
    {
        public async Task<Unit> Handle(RequestLink request, CancellationToken cancellationToken)
        {
            _ = Ticket.TryParseNumber(request.Number, out var number); // validated above
            var email = CustomerContact.Normalize(ContactKind.Email, request.Contact!);
            var phone = CustomerContact.Normalize(ContactKind.Phone, request.Contact!);
            var ticket = await db.Tickets.SingleOrDefaultAsync(t => t.Number == number
                && db.CustomerContacts.Any(c => c.CustomerId == t.CustomerId
                    && ((c.Kind == ContactKind.Email && c.Value == email) || (c.Kind == ContactKind.Phone && phone.Length >= 7 && c.Value == phone))), cancellationToken);
            if (ticket is not null)
            {
                await links.MailAsync(ticket, "mail.link.subject", "mail.link.body", request.Now, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }

            return Unit.Value;
        }
    }
}
