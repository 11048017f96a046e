using HelpDesk.Web.Infrastructure.Mail;

namespace HelpDesk.Web.Tests.Infrastructure;

/// <summary>A mail server that is down until told otherwise; records what it was asked to send.</summary>
public sealed class FailingMailTransport : IMailTransport
{
    public bool Down { get; set; } = true;

    public List<OutboxMessage> Sent { get; } = [];

    public Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (Down)
        {
            throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused);
        }

        lock (Sent)
        {
            Sent.Add(message); // the outbox sends in parallel
        }

        return Task.CompletedTask;
    }
}
