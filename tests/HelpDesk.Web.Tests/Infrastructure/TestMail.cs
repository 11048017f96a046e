using System.Text;
using HelpDesk.Web.Features.Channels;
using HelpDesk.Web.Features.Channels.Mail;
using MimeKit;

namespace HelpDesk.Web.Tests.Infrastructure;

/// <summary>E-mails as a customer's client would send them, as raw bytes, and the same as the mail adapter reads them.</summary>
public static class TestMail
{
    static TestMail() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static byte[] Raw(
        string from,
        string subject,
        string body,
        string? messageId = null,
        string? inReplyTo = null,
        IEnumerable<string>? references = null,
        string to = "service@helpdesk.local",
        string? html = null,
        params (string Name, string Value)[] headers)
    {
        var mail = new MimeMessage { Subject = subject, MessageId = messageId ?? MimeKit.Utils.MimeUtils.GenerateMessageId("customer.example.cn") };
        mail.From.Add(MailboxAddress.Parse(from));
        mail.To.Add(MailboxAddress.Parse(to));
        if (inReplyTo is not null)
        {
            mail.InReplyTo = inReplyTo;
        }

        foreach (var reference in references ?? [])
        {
            mail.References.Add(reference);
        }

        foreach (var (name, value) in headers)
        {
            mail.Headers.Add(name, value);
        }

        var builder = new BodyBuilder { TextBody = body, HtmlBody = html };
        mail.Body = builder.ToMessageBody();
        using var stream = new MemoryStream();
        mail.WriteTo(stream);
        return stream.ToArray();
    }

    /// <summary>A mail as Chinese clients still send it: GBK (or Big5) bytes, 8-bit body, RFC 2047 subject.</summary>
    public static byte[] Legacy(string charset, string from, string subject, string body, string messageId)
    {
        var encoding = Encoding.GetEncoding(charset);
        var head = $"From: {from}\r\nTo: service@helpdesk.local\r\nSubject: =?{charset}?B?{Convert.ToBase64String(encoding.GetBytes(subject))}?=\r\n"
            + $"Message-ID: <{messageId}>\r\nDate: Tue, 01 Dec 2026 10:00:00 +0800\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. encoding.GetBytes(body + "\r\n")];
    }

    public static InboundMessage Read(byte[] raw, DateTimeOffset? now = null) =>
        MailParser.Parse(raw, "test", now ?? DateTimeOffset.UtcNow) ?? throw new InvalidOperationException("not a mail");
}
