using FluentValidation;
using HelpDesk.Domain.Channels;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Channels;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Admin;

/// <summary>
/// The channels (issue 13 item 8): the configured mailboxes with a connection test, the WeChat credentials and the
/// webhook secrets. What is saved here is stored encrypted (Data Protection) and wins over appsettings, the fallback.
/// A secret is never shown again — except a rotated webhook secret, once, in the answer to the rotation; the secret
/// before it stays accepted for <see cref="ChannelOptions.SecretGraceHours"/>.
/// </summary>
public class ChannelsModel : SlicePageModel
{
    [BindProperty]
    public WeChatForm WeChat { get; set; } = new();

    public Model Settings { get; private set; } = null!;

    /// <summary>The new secret, in this one answer only (never in TempData, a cookie or the log).</summary>
    public (string Name, string Secret)? Rotated { get; private set; }

    public (string Name, MailboxProbe.Result Result)? Probed { get; private set; }

    [TempData]
    public string? Flash { get; set; }

    public sealed class WeChatForm
    {
        public string? AppId { get; set; }

        public string? AppSecret { get; set; }

        public string? Token { get; set; }

        public string? EncodingAesKey { get; set; }
    }

    public async Task OnGetAsync() => Settings = await QueryAsync(new Query());

    public async Task<IActionResult> OnPostRotateAsync(string name)
    {
        var result = await SendAsync(new Rotate(name), prefix: string.Empty);
        Rotated = result.Succeeded ? (name, result.Value) : null;
        Settings = await QueryAsync(new Query());
        return Page();
    }

    public async Task<IActionResult> OnPostWeChatAsync()
    {
        if ((await SendAsync(new SaveWeChat(WeChat.AppId, WeChat.AppSecret, WeChat.Token, WeChat.EncodingAesKey), "WeChat")).Succeeded)
        {
            Flash = L["admin.channels.wechat_saved"];
            return RedirectToPage();
        }

        Settings = await QueryAsync(new Query());
        return Page();
    }

    public async Task<IActionResult> OnPostTestMailboxAsync(string name)
    {
        Probed = (name, await QueryAsync(new MailboxProbe.Query(name)));
        Settings = await QueryAsync(new Query());
        return Page();
    }

    /// <summary>Where a setting comes from: stored here, appsettings, or nowhere.</summary>
    public enum Origin
    {
        Stored,
        Configured,
        None,
    }

    public sealed record SecretRow(string Name, Origin Origin, DateTimeOffset? ChangedAt, DateTimeOffset? PreviousUntil);

    public sealed record MailboxRow(string Name, string Address, string Host, int Port, string Security);

    public sealed record Model(IReadOnlyList<SecretRow> Webhooks, IReadOnlyList<SecretRow> WeChat, string? AppId, IReadOnlyList<MailboxRow> Mailboxes, int GraceHours);

    public sealed record Query : IQuery<Model>;

    public sealed class QueryHandler(HelpDeskDbContext db, ChannelSecrets secrets, IOptions<ChannelOptions> options, TimeProvider clock) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var names = ChannelSecrets.Rotatable.Concat(ChannelSecrets.WeChatNames).ToList();
            var stored = await db.Set<ChannelSecret>().AsNoTracking().Where(s => names.Contains(s.Name))
                .Select(s => new { s.Name, s.ChangedAt, s.PreviousUntil }).ToDictionaryAsync(s => s.Name, cancellationToken);
            var now = clock.GetUtcNow();
            var account = await secrets.WeChatAsync(cancellationToken);
            var o = options.Value;
            string Configured(string name) => name switch
            {
                ChannelSecrets.ImWebhook => o.Im.WebhookSecret,
                ChannelSecrets.MailWebhook => o.Mail.WebhookSecret,
                ChannelSecrets.WeChatAppId => o.WeChat.AppId,
                ChannelSecrets.WeChatAppSecret => o.WeChat.AppSecret,
                ChannelSecrets.WeChatToken => o.WeChat.Token,
                _ => o.WeChat.EncodingAesKey,
            };
            SecretRow Row(string name) => stored.TryGetValue(name, out var s)
                ? new SecretRow(name, Origin.Stored, s.ChangedAt, s.PreviousUntil > now ? s.PreviousUntil : null)
                : new SecretRow(name, Configured(name).Length > 0 ? Origin.Configured : Origin.None, null, null);
            var boxes = o.Mail.Mailboxes.Select(b => new MailboxRow(b.Name, b.Address, b.Host, b.Port, b.Security)).ToList();
            return new Model([.. ChannelSecrets.Rotatable.Select(Row)], [.. ChannelSecrets.WeChatNames.Select(Row)], account.AppId.Length > 0 ? account.AppId : null, boxes, o.SecretGraceHours);
        }
    }

    /// <summary>A new random webhook secret (returned once); the one before is accepted for the grace period.</summary>
    public sealed record Rotate(string Name) : ICommand<string>;

    public sealed class RotateValidator : AbstractValidator<Rotate>
    {
        public RotateValidator(IStringLocalizer<Strings> l) =>
            RuleFor(c => c.Name).Must(n => ChannelSecrets.Rotatable.Contains(n)).WithMessage(_ => l["admin.channels.unknown_secret"]);
    }

    public sealed class RotateHandler(HelpDeskDbContext db, ChannelSecrets secrets) : IRequestHandler<Rotate, string>
    {
        public async Task<string> Handle(Rotate request, CancellationToken cancellationToken)
        {
            var fresh = await secrets.RotateAsync(request.Name, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return fresh;
        }
    }

    /// <summary>The WeChat credentials; a field left empty keeps what is in force.</summary>
    public sealed record SaveWeChat(string? AppId, string? AppSecret, string? Token, string? EncodingAesKey) : ICommand<Unit>;

    public sealed class SaveWeChatValidator : AbstractValidator<SaveWeChat>
    {
        public SaveWeChatValidator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.AppId).Matches("^[A-Za-z0-9_-]{1,64}$").When(c => !string.IsNullOrEmpty(c.AppId)).WithMessage(_ => l["admin.channels.app_id_invalid"]);
            RuleFor(c => c.AppSecret).Matches("^[A-Za-z0-9]{8,128}$").When(c => !string.IsNullOrEmpty(c.AppSecret)).WithMessage(_ => l["admin.channels.app_secret_invalid"]);
            RuleFor(c => c.Token).Matches("^[A-Za-z0-9]{3,32}$").When(c => !string.IsNullOrEmpty(c.Token)).WithMessage(_ => l["admin.channels.token_invalid"]);
            RuleFor(c => c.EncodingAesKey).Must(k => WeChatProtocol.Key(k) is not null).When(c => !string.IsNullOrEmpty(c.EncodingAesKey)).WithMessage(_ => l["admin.channels.aes_key_invalid"]);
            RuleFor(c => c.AppId).Must((c, _) => new[] { c.AppId, c.AppSecret, c.Token, c.EncodingAesKey }.Any(v => !string.IsNullOrEmpty(v))).WithMessage(_ => l["admin.channels.nothing_to_save"]);
        }
    }

    public sealed class SaveWeChatHandler(HelpDeskDbContext db, ChannelSecrets secrets) : IRequestHandler<SaveWeChat, Unit>
    {
        public async Task<Unit> Handle(SaveWeChat request, CancellationToken cancellationToken)
        {
            foreach (var (name, value) in new[] { (ChannelSecrets.WeChatAppId, request.AppId), (ChannelSecrets.WeChatAppSecret, request.AppSecret), (ChannelSecrets.WeChatToken, request.Token), (ChannelSecrets.WeChatAesKey, request.EncodingAesKey) })
            {
                if (!string.IsNullOrEmpty(value))
                {
                    await secrets.SetAsync(name, value.Trim(), cancellationToken);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
