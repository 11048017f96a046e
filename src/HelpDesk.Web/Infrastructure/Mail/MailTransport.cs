using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace HelpDesk.Web.Infrastructure.Mail;

/// <summary>Sends one e-mail or throws. The default writes .eml files to a pickup folder; SMTP by configuration.</summary>
public interface IMailTransport
{
    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>What a failed send means for the message: final (bad address, refused) or worth another try.</summary>
public static class DeliveryFailures
{
    public static DeliveryFailure Classify(Exception exception) => exception switch
    {
        ParseException or FormatException => DeliveryFailure.InvalidAddress,
        SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted } smtp when (int)smtp.StatusCode >= 500 => DeliveryFailure.InvalidAddress,
        SmtpCommandException smtp when (int)smtp.StatusCode >= 500 => DeliveryFailure.Refused,
        SmtpCommandException or SmtpProtocolException or System.Net.Sockets.SocketException or IOException or TimeoutException
            or MailKit.ServiceNotConnectedException or MailKit.ServiceNotAuthenticatedException or System.Security.Authentication.AuthenticationException or MailKit.Security.AuthenticationException => DeliveryFailure.Unreachable,
        _ => DeliveryFailure.Unknown,
    };
}

/// <summary>
/// MailKit: <c>Mail:Smtp:Host</c> set → SMTP (with optional port, TLS, user and password); otherwise the pickup
/// folder <c>Mail:PickupDirectory</c> (default <c>.data/mail</c> beside the app's data), one .eml file per e-mail.
/// </summary>
public sealed class SmtpOrPickupTransport(IOptions<MailOptions> options, IHostEnvironment environment) : IMailTransport
{
    private readonly MailOptions _mail = options.Value;

    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        using var mail = Compose(message);
        if (_mail.Smtp is { Host.Length: > 0 } smtp)
        {
            using var client = new SmtpClient();
            await client.ConnectAsync(smtp.Host, smtp.Port, smtp.EnableSsl ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
            if (smtp.User.Length > 0)
            {
                await client.AuthenticateAsync(smtp.User, smtp.Password, cancellationToken);
            }

            await client.SendAsync(mail, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return;
        }

        Directory.CreateDirectory(PickupDirectory);
        var path = Path.Combine(PickupDirectory, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
        await mail.WriteToAsync(path, cancellationToken);
    }

    public string PickupDirectory => Path.GetFullPath(
        _mail.PickupDirectory is { Length: > 0 } configured ? configured : Path.Combine("..", "..", ".data", "mail"),
        environment.ContentRootPath);

    private MimeMessage Compose(OutboxMessage message)
    {
        // Only a plain, deliverable address: "a <b@c>" or a list would send to someone else.
        if (!Domain.Customers.EmailAddress.IsValid(message.ToAddress))
        {
            throw new FormatException("The recipient is not a valid e-mail address.");
        }

        var mail = new MimeMessage { Subject = Domain.Common.Text.SingleLine(message.Subject), Body = Plain(message.Body) };
        mail.From.Add(MailboxAddress.Parse(_mail.From));
        mail.To.Add(new MailboxAddress(null, message.ToAddress));
        mail.MessageId = message.OutgoingMessageId(mail.From.Mailboxes.First().Domain);

        if (message.InReplyTo is { Length: > 0 } inReplyTo)
        {
            mail.InReplyTo = inReplyTo;
        }

        foreach (var reference in (message.References ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            mail.References.Add(reference);
        }

        if (message.ReplyTo is { Length: > 0 } replyTo)
        {
            mail.ReplyTo.Add(new MailboxAddress(null, replyTo));
        }

        if (message.AutoSubmitted)
        {
            mail.Headers.Add("Auto-Submitted", "auto-replied");
        }

        return mail;
    }

    private static TextPart Plain(string text)
    {
        var part = new TextPart("plain");
        part.SetText(System.Text.Encoding.UTF8, text);
        return part;
    }
}
