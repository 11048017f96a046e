using HelpDesk.Web.Infrastructure;

namespace HelpDesk.Web.Features;

/// <summary>The customer help centre's front door: the shop's own name, what to do, and when agents answer.</summary>
public class IndexModel : SlicePageModel
{
    public string Hours { get; private set; } = string.Empty;

    public async Task OnGetAsync() => Hours = await QueryAsync(new Customers.ServiceHours.Query());
}
