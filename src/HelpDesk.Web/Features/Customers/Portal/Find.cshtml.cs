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
/// "Find my ticket": ticket number and the e-mail or mobile given with it. With an e-mail, a new link by e-mail; with a
/// mobile number, a one-time code by SMS (<see cref="LinkCode"/>) to type on the next page, which then opens the ticket —
/// so a customer who gave only a phone gets back in too. The answer is the same whether or not they matched, so the
/// form reveals nothing about tickets or customers.
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
        var result = await SendAsync(new RequestLink(Input.Number, Input.Contact, clock.GetUtcNow()));
        if (result is { Succeeded: true, Value: { } challenge })
        {
            return RedirectToPage("Code", new { challenge });
        }

        if (result.Succeeded)
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

    /// <summary>Returns the challenge to type the SMS code into, when the contact is a mobile number.</summary>
    public sealed record RequestLink(string? Number, string? Contact, DateTimeOffset Now) : ICommand<string?>;

    public sealed class Validator : AbstractValidator<RequestLink>
    {
        public Validator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.Number).Must(n => Ticket.TryParseNumber(n, out _)).WithMessage(_ => l["find.number.invalid"]);
            RuleFor(c => c.Contact).Must(c => !string.IsNullOrWhiteSpace(c)).WithMessage(_ => l["find.contact.required"]);
        }
    }

    public sealed class Handler(HelpDeskDbContext db, CustomerLinks links, IStringLocalizer<Strings> l) : IRequestHandler<RequestLink, string?>
    {
        public async Task<string?> Handle(RequestLink request, CancellationToken cancellationToken)
        {
            _ = Ticket.TryParseNumber(request.Number, out var number); // validated above
            var email = CustomerContact.Normalize(ContactKind.Email, request.Contact!);
            var phone = CustomerContact.Normalize(ContactKind.Phone, request.Contact!);
            var ticket = await db.Tickets.SingleOrDefaultAsync(t => t.Number == number
                && db.CustomerContacts.Any(c => c.CustomerId == t.CustomerId
                    && ((c.Kind == ContactKind.Email && c.Value == email) || (c.Kind == ContactKind.Phone && phone.Length >= 7 && c.Value == phone))), cancellationToken);
            if (CustomerContact.IsMainlandMobile(request.Contact))
            {
                var (challenge, code) = LinkCode.Issue(ticket?.Id, request.Now);
                db.LinkCodes.Add(challenge);
                if (ticket is not null)
                {
                    db.SmsMessages.Add(new Infrastructure.Sms.SmsMessage(phone, l["sms.code", code, ticket.DisplayNumber, (int)LinkCode.Lifetime.TotalMinutes], request.Now));
                }

                await db.SaveChangesAsync(cancellationToken);
                return challenge.Id;
            }

            if (ticket is not null)
            {
                await links.MailAsync(ticket, "mail.link.subject", "mail.link.body", request.Now, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }

            return null;
        }
    }
}
