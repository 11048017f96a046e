using HelpDesk.Web.Features.Chat;
using HelpDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace HelpDesk.Web.Features.Agent.Chat;

/// <summary>
/// The agent's chat console (<c>/agent/chat</c>): the availability switch and every chat they hold (up to the
/// capacity), each with its lines, the customer's typing and a box to answer. Live through <see cref="ChatHub"/>
/// (chat-console.js); the switch and "end chat" are plain forms.
/// </summary>
public class IndexModel : SlicePageModel
{
    public AgentSide.Console Console { get; private set; } = new(false, 0, []);

    public async Task OnGetAsync() => Console = await QueryAsync(new AgentSide.Mine(Viewer.From(User)));

    public async Task<IActionResult> OnPostAvailableAsync(bool available)
    {
        await SendAsync(new AgentSide.SetAvailable(Viewer.From(User), available));
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEndAsync(Guid chat)
    {
        await SendAsync(new AgentSide.End(Viewer.From(User), chat));
        return RedirectToPage();
    }
}
