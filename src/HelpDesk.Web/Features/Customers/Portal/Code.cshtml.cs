using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Customers.Portal;

/// <summary>
/// The second step of "find my ticket" by mobile: the six-digit code from the SMS opens the ticket (a new link). The
/// page looks the same whether a code was sent or not; a wrong, used or expired code says only that it is not valid.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(Authentication.PublicRateLimit)]
public class CodeModel(TimeProvider clock) : SlicePageModel
{
    [BindProperty]
    public string? Code { get; set; }

    public void OnGet(string challenge)
    {
    }

    public async Task<IActionResult> OnPostAsync(string challenge)
    {
        var result = await SendAsync(new Redeem(challenge, Code, clock.GetUtcNow()), string.Empty);
        if (result is { Succeeded: true, Value: { } link })
        {
            return Redirect(link);
        }

        if (result.Succeeded)
        {
            ModelState.AddModelError(nameof(Code), L["code.invalid"]);
        }

        return Page();
    }

    /// <summary>The code for this challenge → the address of a new link to the ticket; null when it does not open one.</summary>
    public sealed record Redeem(string Challenge, string? Code, DateTimeOffset Now) : ICommand<string?>;

    public sealed class Handler(HelpDeskDbContext db, CustomerLinks links) : IRequestHandler<Redeem, string?>
    {
        public async Task<string?> Handle(Redeem request, CancellationToken cancellationToken)
        {
            var challenge = LinkCode.LooksLikeId(request.Challenge)
                ? await db.LinkCodes.SingleOrDefaultAsync(c => c.Id == request.Challenge, cancellationToken)
                : null;

            // A wrong try is counted and kept (the command succeeds with nothing), so five wrong codes end the challenge.
            var ticketId = challenge?.Redeem(request.Code, request.Now);
            var link = ticketId is { } id ? links.Issue(id, request.Now) : null;
            await db.SaveChangesAsync(cancellationToken);
            return link;
        }
    }
}
