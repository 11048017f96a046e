using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HelpDesk.Web.Features;

/// <summary>The customer help centre's front door (its form and ticket lookup come with the customer issue).</summary>
public class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
