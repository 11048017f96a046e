using HelpDesk.Domain.Notifications;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Sentiment;

/// <summary>
/// An angry customer is noticed by the ticket's team supervisor (an in-app notice with the score and the ticket), once
/// per ticket — the domain raises <see cref="CustomerTurnedUrgent"/> only the first time. A ticket no team has yet
/// (new tickets are routed later) goes to every active supervisor, so nobody's warning is lost.
/// </summary>
public sealed class WarnSupervisor(HelpDeskDbContext db) : IDomainEventHandler<CustomerTurnedUrgent>
{
    public const string Key = "notify.urgent";

    public async Task HandleAsync(CustomerTurnedUrgent domainEvent, CancellationToken cancellationToken)
    {
        var ticket = domainEvent.Ticket;
        var supervisor = ticket.TeamId is { } teamId
            ? await db.Teams.Where(t => t.Id == teamId).Select(t => t.SupervisorId).SingleOrDefaultAsync(cancellationToken)
            : null;
        var people = supervisor is { } one
            ? [one]
            : await db.ActiveSupervisorIds().ToListAsync(cancellationToken);
        var score = domainEvent.Score.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var person in people)
        {
            db.Notifications.Add(new Notification(person, Key, [ticket.DisplayNumber, score], ticket.Id, domainEvent.At));
        }
    }
}
