using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HelpDesk.Web.Features.Customers.Complaints;

/// <summary>
/// The acknowledgement (R4.1, R13): the ticket number, an apology, when an agent will answer, and the link to follow
/// the ticket. Shown once (from TempData), so the link never sits in a URL or in the browser history.
/// </summary>
[AllowAnonymous]
public class SubmittedModel : PageModel
{
    public string? Number { get; private set; }

    public string? Link { get; private set; }

    public string? AnswerTime { get; private set; }

    public bool Mailed { get; private set; }

    public void OnGet()
    {
        Number = TempData["Submitted.Number"] as string;
        Link = TempData["Submitted.Link"] as string;
        AnswerTime = TempData["Submitted.AnswerTime"] as string;
        Mailed = TempData["Submitted.Mailed"] is true;
    }
}
