using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HelpDesk.Web.Features;

/// <summary>
/// The one error page, in the user's language: status-code pages (403, 404, 429…) and unhandled exceptions
/// (500) are re-executed here. It never shows a stack trace.
/// </summary>
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public class ErrorModel : PageModel
{
    private static readonly int[] Known = [400, 403, 404, 429, 500];

    public string TitleKey { get; private set; } = "error.500";

    public void OnGet(int? code) => Show(code);

    public void OnPost(int? code) => Show(code);

    private void Show(int? code)
    {
        var status = code ?? StatusCodes.Status500InternalServerError;
        if (Response.StatusCode == StatusCodes.Status200OK)
        {
            Response.StatusCode = status;
        }

        TitleKey = "error." + (Known.Contains(status) ? status : status >= 500 ? 500 : 400);
    }
}
