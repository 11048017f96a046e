using FluentValidation;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Chat;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Admin;

/// <summary>
/// The live chat's widget settings (issue 13 item 3): on or off, the greeting, the team that receives chats, how
/// many chats an agent holds, the shop origins that may embed the widget (CORS of the hub) — and the tag to paste.
/// Admins only (the /Admin folder's policy).
/// </summary>
public class ChatModel(PublicAddress address) : SlicePageModel
{
    [BindProperty]
    public Save Input { get; set; } = new(false, null, null, null, 3);

    public IReadOnlyList<(int Id, string Name)> Teams { get; private set; } = [];

    public string Snippet { get; private set; } = string.Empty;

    [TempData]
    public string? Flash { get; set; }

    public async Task OnGetAsync()
    {
        var current = await QueryAsync(new Load());
        Input = new Save(current.Enabled, current.Greeting, current.TeamId, string.Join('\n', current.AllowedOrigins), current.ChatsPerAgent);
        await FillAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if ((await SendAsync(Input)).Succeeded)
        {
            HttpContext.RequestServices.GetRequiredService<ChatSettingsCache>().Clear();
            Flash = L["admin.chat.saved"];
            return RedirectToPage();
        }

        await FillAsync();
        return Page();
    }

    private async Task FillAsync()
    {
        Teams = await QueryAsync(new TeamsQuery());
        Snippet = $"<script src=\"{address.BaseUrl.TrimEnd('/')}/chat/widget.js\" async></script>";
    }

    public sealed record Load : IQuery<ChatSettings>;

    public sealed class LoadHandler(HelpDeskDbContext db) : IRequestHandler<Load, ChatSettings>
    {
        public Task<ChatSettings> Handle(Load request, CancellationToken cancellationToken) => ChatSettingsCache.LoadAsync(db, cancellationToken);
    }

    public sealed record TeamsQuery : IQuery<IReadOnlyList<(int Id, string Name)>>;

    public sealed class TeamsHandler(HelpDeskDbContext db) : IRequestHandler<TeamsQuery, IReadOnlyList<(int Id, string Name)>>
    {
        public async Task<IReadOnlyList<(int Id, string Name)>> Handle(TeamsQuery request, CancellationToken cancellationToken) =>
            [.. (await db.Teams.AsNoTracking().Where(t => t.Kind == Domain.Teams.TeamKind.Service).OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(cancellationToken)).Select(t => (t.Id, t.Name))];
    }

    /// <summary>Origins one a line (or separated by spaces or commas): "https://shop.example.cn", no path.</summary>
    public sealed record Save(bool Enabled, string? Greeting, int? TeamId, string? AllowedOrigins, int ChatsPerAgent) : ICommand<Unit>
    {
        public IEnumerable<string> Origins => (AllowedOrigins ?? string.Empty).Split(['\n', '\r', ' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries);
    }

    public sealed class SaveValidator : AbstractValidator<Save>
    {
        public SaveValidator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.Greeting).MaximumLength(ChatSettings.GreetingMaxLength).WithMessage(_ => l["admin.chat.greeting.too_long", ChatSettings.GreetingMaxLength])
                .Must(g => g is null || Domain.Common.Text.IsClean(g)).WithMessage(_ => l["text.invalid_characters"]);
            RuleFor(c => c.ChatsPerAgent).InclusiveBetween(1, 20).WithMessage(_ => l["admin.chat.capacity.range", 1, 20]);
            RuleFor(c => c.AllowedOrigins).Must((c, _) => c.Origins.All(o => ChatSetup.NormalizeOrigin(o) is not null))
                .WithMessage(c => l["admin.chat.origins.invalid", c.Origins.First(o => ChatSetup.NormalizeOrigin(o) is null)])
                .Must((c, _) => c.Origins.Count() <= 20).WithMessage(_ => l["admin.chat.origins.too_many", 20]);
        }
    }

    public sealed class SaveHandler(HelpDeskDbContext db) : IRequestHandler<Save, Unit>
    {
        public async Task<Unit> Handle(Save request, CancellationToken cancellationToken)
        {
            if (request.TeamId is { } team && !await db.Teams.AnyAsync(t => t.Id == team && t.Kind == Domain.Teams.TeamKind.Service, cancellationToken))
            {
                throw new Domain.Common.DomainException("admin.chat.team.unknown");
            }

            var settings = await db.Set<ChatSettings>().SingleOrDefaultAsync(s => s.Id == 1, cancellationToken);
            if (settings is null)
            {
                settings = new ChatSettings();
                db.Set<ChatSettings>().Add(settings);
            }

            settings.Enabled = request.Enabled;
            settings.Greeting = request.Greeting?.Trim() ?? string.Empty;
            settings.TeamId = request.TeamId;
            settings.ChatsPerAgent = request.ChatsPerAgent;
            settings.AllowedOrigins = [.. request.Origins.Select(o => ChatSetup.NormalizeOrigin(o)!).Distinct(StringComparer.Ordinal)];
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
