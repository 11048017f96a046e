using System.Net;
using System.Net.Mail;
using System.Text;

namespace HelpDesk.Web.Infrastructure.Mail;

/// <summary>Sends one e-mail or throws. The default writes .eml files to a pickup folder; SMTP by configuration.</summary>
public interface IMailTransport
{
    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// <c>Mail:Smtp:Host</c> set → SMTP (with optional port, TLS, user and password); otherwise the pickup folder
/// <c>Mail:PickupDirectory</c> (default <c>.data/mail</c> beside the app's data), where every e-mail is a .eml file.
/// </summary>
public sealed class SmtpOrPickupTransport(IConfiguration configuration, IHostEnvironment environment) : IMailTransport
{
    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        using var mail = new MailMessage(configuration["Mail:From"] is { Length: > 0 } from ? from : "service@helpdesk.local", message.ToAddress)
        {
            Subject = message.Subject,
            Body = message.Body,
            IsBodyHtml = false,
            BodyEncoding = Encoding.UTF8,
            SubjectEncoding = Encoding.UTF8,
        };
        using var client = CreateClient();
        await client.SendMailAsync(mail, cancellationToken);
    }

    public string PickupDirectory => Path.GetFullPath(
        configuration["Mail:PickupDirectory"] is { Length: > 0 } configured ? configured : Path.Combine("..", "..", ".data", "mail"),
        environment.ContentRootPath);

    private SmtpClient CreateClient()
    {
        if (configuration["Mail:Smtp:Host"] is { Length: > 0 } host)
        {
            var client = new SmtpClient(host, configuration.GetValue("Mail:Smtp:Port", 25))
            {
                EnableSsl = configuration.GetValue("Mail:Smtp:EnableSsl", false),
            };
            if (configuration["Mail:Smtp:User"] is { Length: > 0 } user)
            {
                client.Credentials = new NetworkCredential(user, configuration["Mail:Smtp:Password"]);
            }

            return client;
        }

        Directory.CreateDirectory(PickupDirectory);
        return new SmtpClient
        {
            DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory,
            PickupDirectoryLocation = PickupDirectory,
        };
    }
}
