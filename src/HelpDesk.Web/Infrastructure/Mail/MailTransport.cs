using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace HelpDesk.Web.Infrastructure.Mail;

/// <summary>Sends one e-mail or throws. The default writes .eml files to a pickup folder; SMTP by configuration.</summary>
public interface IMailTransport
{
    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// MailKit: <c>Mail:Smtp:Host</c> set → SMTP (with optional port, TLS, user and password); otherwise the pickup
/// folder <c>Mail:PickupDirectory</c> (default <c>.data/mail</c> beside the app's data), one .eml file per e-mail.
/// </summary>
public sealed class SmtpOrPickupTransport(IConfiguration configuration, IHostEnvironment environment) : IMailTransport
{
    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        using var mail = Compose(message);
        if (configuration["Mail:Smtp:Host"] is { Length: > 0 } host)
        {
            using var client = new SmtpClient();
            var tls = configuration.GetValue("Mail:Smtp:EnableSsl", false) ? SecureSocketOptions.StartTls : SecureSocketOptions.None;
            await client.ConnectAsync(host, configuration.GetValue("Mail:Smtp:Port", 25), tls, cancellationToken);
            if (configuration["Mail:Smtp:User"] is { Length: > 0 } user)
            {
                await client.AuthenticateAsync(user, configuration["Mail:Smtp:Password"] ?? string.Empty, cancellationToken);
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
        configuration["Mail:PickupDirectory"] is { Length: > 0 } configured ? configured : Path.Combine("..", "..", ".data", "mail"),
        environment.ContentRootPath);

    private MimeMessage Compose(OutboxMessage message)
    {
        var mail = new MimeMessage { Subject = message.Subject, Body = Plain(message.Body) };
        mail.From.Add(MailboxAddress.Parse(configuration["Mail:From"] is { Length: > 0 } from ? from : "service@helpdesk.local"));
        mail.To.Add(MailboxAddress.Parse(message.ToAddress));
        return mail;
    }

    private static TextPart Plain(string text)
    {
        var part = new TextPart("plain");
        part.SetText(System.Text.Encoding.UTF8, text);
        return part;
    }
}
