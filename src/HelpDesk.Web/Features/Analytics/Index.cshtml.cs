using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HelpDesk.Web.Features.Analytics;

/// <summary>
/// The analytics start page (R12): the reports of the folder, which supervisors, admins and the read-only analysts
/// reach (<see cref="Infrastructure.Authentication.AnalyticsArea"/>). Every report reads the daily rollups and drills
/// down to the tickets behind a number.
/// </summary>
public class IndexModel : PageModel
{
}
