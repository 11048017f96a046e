using HelpDesk.Web.Features.Chat;
using HelpDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace HelpDesk.Web.Features.Agent.Chat;

/// <summary>
/// The agent's chat console (<c>/agent/chat</c>): the availability switch and every chat they hold (up to the
/// capacity), each with its lines, the customer's typing and a box to answer. Live through <see cref="ChatHub"/>
/// (chat-console.js); the switch, "hand to a colleague" and "end chat" are plain forms.
/// </summary>
public class IndexModel : SlicePageModel
{
    public AgentSide.Console Console { get; private set; } = new(false, 0, [], []);

    [TempData]
    public string? Flash { get; set; }

    public async Task OnGetAsync() => Console = await QueryAsync(new AgentSide.Mine(Viewer.From(User)));

    public async Task<IActionResult> OnPostAvailableAsync(bool available)
    {
        await SendAsync(new AgentSide.SetAvailable(Viewer.From(User), available));
        return RedirectToPage();
    }

    /// <summary>Hand a chat to a colleague; a refusal (they left, or are full) is shown here and nothing moves.</summary>
    public async Task<IActionResult> OnPostTransferAsync(Guid chat, Guid to)
    {
        var sent = await SendAsync(new AgentSide.Transfer(Viewer.From(User), chat, to), string.Empty);
        if (!sent.Succeeded)
        {
            await OnGetAsync();
            return Page();
        }

        Flash = L["flash.chat_transferred", sent.Value];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEndAsync(Guid chat)
    {
        await SendAsync(new AgentSide.End(Viewer.From(User), chat));
        return RedirectToPage();
    }
}
