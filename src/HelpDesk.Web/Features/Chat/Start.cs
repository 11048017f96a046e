using HelpDesk.Domain.Chat;
using HelpDesk.Domain.Common;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Chat;

/// <summary>
/// The widget opens (or resumes) the visitor's chat: <c>POST /api/v1/chat/sessions</c> with the visitor token it kept
/// and, on a shop page of a logged-in shopper, the identity the shop signed. A valid identity makes the shopper known
/// (their shop id and e-mail become the customer's contacts, so chat and mail meet on one timeline); a forged, stale or
/// unsigned one is ignored: the visitor is anonymous (never refused, never linked to the claimed shopper). The visitor
/// keeps their open chat across page loads; its token is what the hub and the photo upload take.
/// </summary>
public static class Start
{
    public sealed record Identity(string? UserId, string? Email, string? Name, long Timestamp, string? Signature);

    public sealed record Command(string? Visitor, Identity? Claimed) : ICommand<Started>;

    public sealed record Started(string Session, string Visitor, bool Identified, string Name, string Greeting, string State, IReadOnlyDictionary<string, string> Strings);

    public static readonly string[] WidgetStrings =
        ["title", "open", "close", "send", "photo", "placeholder", "you", "typing", "connecting", "connected", "reconnecting", "offline", "retry", "photo_refused", "ended", "queued"];

    public sealed class Handler(HelpDeskDbContext db, ChatKeys keys, IOptions<ChatOptions> options, TimeProvider clock, IStringLocalizer<Strings> l) : IRequestHandler<Command, Started>
    {
        public async Task<Started> Handle(Command request, CancellationToken cancellationToken)
        {
            var settings = await ChatSettingsCache.LoadAsync(db, cancellationToken);
            if (!settings.Enabled)
            {
                throw new NotFoundException("chat.off");
            }

            var now = clock.GetUtcNow();
            var tokens = await keys.TokensAsync(db, cancellationToken);
            var visitor = tokens.Read(ChatTokens.VisitorKind, request.Visitor) ?? Guid.NewGuid();
            var claimed = request.Claimed;
            var identity = claimed is { UserId: { } id } && new ShopIdentity(id, claimed.Email, claimed.Name, claimed.Timestamp, claimed.Signature ?? string.Empty)
                .IsValid(options.Value.IdentitySecret, now, TimeSpan.FromMinutes(options.Value.IdentityMaxAgeMinutes)) ? claimed : null;
            var shopUser = identity?.UserId!.Trim();
            var session = await db.Set<ChatSession>()
                .Where(s => s.VisitorId == visitor && s.ShopUserId == shopUser && s.State != ChatState.Ended)
                .OrderByDescending(s => s.Id).FirstOrDefaultAsync(cancellationToken);
            if (session is null)
            {
                var name = Domain.Common.Text.SingleLine(identity?.Name ?? string.Empty);
                var email = identity?.Email?.Trim() is { Length: > 0 } e && e.Contains('@', StringComparison.Ordinal) ? e : null;
                name = name.Length > 0 ? name : l["chat.visitor", visitor.ToString("N")[..6]];
                session = new ChatSession(visitor, shopUser, email, name.Length > 100 ? name[..100] : name, now);
                db.Set<ChatSession>().Add(session);
                await db.SaveChangesAsync(cancellationToken);
            }

            var strings = WidgetStrings.ToDictionary(k => k, k => l["chat.widget." + k].Value);
            return new Started(
                tokens.Issue(ChatTokens.SessionKind, session.PublicId), tokens.Issue(ChatTokens.VisitorKind, visitor), shopUser is not null, session.CustomerName,
                settings.Greeting.Length > 0 ? settings.Greeting : l["chat.greeting.default"], session.State.ToString(), strings);
        }
    }

    /// <summary>The session a token names (tracked), or null: not one we issued, or gone.</summary>
    public static async Task<ChatSession?> SessionAsync(HelpDeskDbContext db, ChatKeys keys, string? token, CancellationToken cancellationToken)
    {
        var id = (await keys.TokensAsync(db, cancellationToken)).Read(ChatTokens.SessionKind, token);
        return id is null ? null : await db.Set<ChatSession>().SingleOrDefaultAsync(s => s.PublicId == id, cancellationToken);
    }
}
