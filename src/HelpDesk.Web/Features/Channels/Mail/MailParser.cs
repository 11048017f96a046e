using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Ganss.Xss;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using MimeKit;

namespace HelpDesk.Web.Features.Channels.Mail;

/// <summary>
/// A raw e-mail (RFC 5322) as an <see cref="InboundMessage"/>. The sender is the From address only (Reply-To is never
/// identity); Message-ID is the external id (a hash of the bytes when it has none); In-Reply-To and References are the
/// thread hints, the recipients (To, Cc, Delivered-To, X-Original-To) are searched for our signed reply address, and a
/// ticket number in the subject is a hint. Charsets as declared (GBK, GB2312, Big5, GB18030 through the code-page
/// provider; undeclared 8-bit headers read as GB18030 after UTF-8). HTML is sanitised (HtmlSanitizer) and, without a
/// plain part, turned into text. Auto-replies, bulk mail and bounces are marked to be dropped.
/// </summary>
public static partial class MailParser
{
    private static readonly HtmlSanitizer Sanitizer = new();

    private static readonly string[] RecipientHeaders = ["Delivered-To", "X-Original-To", "Envelope-To"];

    private static readonly ParserOptions Options = new() { CharsetEncoding = Encoding.GetEncoding("GB18030") };

    /// <summary>The message, or null when the bytes are not an e-mail with a deliverable From address.</summary>
    public static InboundMessage? Parse(byte[] raw, string source, DateTimeOffset now)
    {
        MimeMessage mail;
        try
        {
            using var stream = new MemoryStream(raw, writable: false);
            mail = MimeMessage.Load(Options, stream);
        }
        catch (FormatException)
        {
            return null;
        }

        var from = mail.From.Mailboxes.FirstOrDefault();
        if (from is null || !EmailAddress.IsValid(from.Address) || mail.Headers.Count == 0)
        {
            return null;
        }

        var html = mail.HtmlBody is { Length: > 0 } rawHtml ? Sanitizer.Sanitize(rawHtml) : null;
        var text = mail.TextBody is { Length: > 0 } plain ? plain : html is null ? string.Empty : HtmlText(html);
        var references = mail.References.Append(mail.InReplyTo).Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r!).Distinct().ToList();
        var recipients = mail.To.Mailboxes.Concat(mail.Cc.Mailboxes).Select(m => m.Address)
            .Concat(RecipientHeaders.SelectMany(h => mail.Headers.Where(x => x.Field.Equals(h, StringComparison.OrdinalIgnoreCase)).Select(x => x.Value.Trim())))
            .ToList();
        var id = mail.MessageId is { Length: > 0 and <= InboundRecord.ExternalIdMaxLength } messageId ? messageId : "sha256:" + Convert.ToHexString(SHA256.HashData(raw)).ToLowerInvariant();
        return new InboundMessage(
            Channel.Email,
            id,
            [new SenderIdentity(ContactKind.Email, from.Address.Trim())],
            from.Name,
            mail.Subject,
            Clean(text),
            new ThreadHints(recipients, references, TicketNumber().Match(mail.Subject ?? string.Empty) is { Success: true } m ? m.Value : null),
            raw,
            now)
        {
            SafeHtml = html,
            Source = source,
            AuthResults = mail.Headers[HeaderId.AuthenticationResults] is { Length: > 0 } auth ? Domain.Common.Text.SingleLine(auth)[..Math.Min(500, Domain.Common.Text.SingleLine(auth).Length)] : null,
            Attachments = mail.Attachments.OfType<MimePart>().Select(Upload).Where(u => u is not null).Select(u => u!).ToList(),
            DropReason = DropReason(mail, from),
        };
    }

    /// <summary>Why a mail is a machine's and gets no ticket (nor an answer, which would loop); null for a person's.</summary>
    public static string? DropReason(MimeMessage mail, MailboxAddress from)
    {
        var autoSubmitted = mail.Headers["Auto-Submitted"]?.Trim();
        if (autoSubmitted is { Length: > 0 } && !autoSubmitted.StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            return "auto-submitted";
        }

        if (mail.Headers["Precedence"]?.Trim().ToLowerInvariant() is "bulk" or "junk" or "list" or "auto_reply")
        {
            return "precedence";
        }

        if (mail.Headers.Contains("X-Autoreply") || mail.Headers.Contains("X-Autorespond"))
        {
            return "auto-reply";
        }

        var local = from.Address.Split('@')[0].ToLowerInvariant();
        if (local is "mailer-daemon" or "postmaster" || mail.Body is MultipartReport || mail.Headers["Return-Path"]?.Trim() == "<>")
        {
            return "bounce";
        }

        return null;
    }

    /// <summary>Text as a person reads it: no control characters but line breaks and tabs, no direction overrides.</summary>
    public static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var c = lines[i];
            if (char.IsHighSurrogate(c) && i + 1 < lines.Length && char.IsLowSurrogate(lines[i + 1]))
            {
                builder.Append(c).Append(lines[++i]);
            }
            else if ((!char.IsControl(c) || c is '\n' or '\t') && !char.IsSurrogate(c) && c is not (>= '\u202A' and <= '\u202E') and not (>= '\u2066' and <= '\u2069'))
            {
                builder.Append(c);
            }
        }

        return Blank().Replace(builder.ToString(), "\n\n").Trim();
    }

    private static string HtmlText(string html)
    {
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        foreach (var element in document.QuerySelectorAll("br, p, div, li, tr, h1, h2, h3, h4, blockquote"))
        {
            element.Append(document.CreateTextNode("\n"));
        }

        return document.Body?.TextContent ?? string.Empty;
    }

    private static Shared.Upload? Upload(MimePart part)
    {
        using var content = new MemoryStream();
        part.Content?.DecodeTo(content);
        var name = Domain.Common.Text.SingleLine(part.FileName ?? "attachment");
        return content.Length == 0 ? null : new Shared.Upload(name.Length == 0 ? "attachment" : name, content.ToArray());
    }

    [GeneratedRegex(@"HD-[0-9]{1,18}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TicketNumber();

    [GeneratedRegex(@"\n{3,}", RegexOptions.CultureInvariant)]
    private static partial Regex Blank();
}
