using System.ComponentModel.DataAnnotations;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Surveys;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Customers;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Surveys;

/// <summary>
/// Every resolution of a ticket sends a CSAT survey (R13; a resolved-reopened-resolved ticket gets two, both kept),
/// credited to whoever resolved it (its assignee when a job or an actor that is no staff account did), in the same transaction as the status change. The
/// same resolution may also send the customer's NPS survey when their last one is at least
/// <see cref="SurveyOptions.NpsIntervalDays"/> (never under 90) days old — judged under the customer's row lock, so
/// two resolutions at once, on any instance, never send two.
/// Delivery through the customer's channel: e-mail through the outbox when the customer has an address (this mail is
/// also the "please confirm it is solved" mail, with the ticket's link); else a text message when they have a mobile;
/// else the survey waits on their ticket page. Chat and IM tickets have no outbound path yet (the gateways' outbound
/// webhooks are not built), so they take the same e-mail, then SMS, way.
/// </summary>
public sealed class SendSurveys(HelpDeskDbContext db, CustomerLinks links, IOptions<SurveyOptions> options, IStringLocalizer<Strings> l) : IDomainEventHandler<StatusChanged>
{
    public async Task HandleAsync(StatusChanged domainEvent, CancellationToken cancellationToken)
    {
        if (domainEvent.To != TicketStatus.Resolved)
        {
            return;
        }

        var ticket = domainEvent.Ticket;
        var now = domainEvent.At;
        var lifetime = TimeSpan.FromDays(options.Value.LinkLifetimeDays);
        var agent = domainEvent.By.StaffId is { } by && await db.Users.AnyAsync(u => u.Id == by, cancellationToken) ? by : ticket.AssigneeId;

        // One CSAT per (ticket, resolution): the same event handled again finds its survey and adds none.
        var resolution = Math.Max(domainEvent.Resolution, 1);
        if (db.ChangeTracker.Entries<Survey>().Any(e => e.Entity.Kind == SurveyKind.Csat && e.Entity.TicketId == ticket.Id && e.Entity.Resolution == resolution)
            || await db.Surveys.AnyAsync(s => s.TicketId == ticket.Id && s.Kind == SurveyKind.Csat && s.Resolution == resolution, cancellationToken))
        {
            return;
        }

        var (email, phone) = await ContactsAsync(ticket.CustomerId, cancellationToken);
        var via = email is not null ? SurveyDelivery.Email : phone is not null ? SurveyDelivery.Sms : SurveyDelivery.Portal;
        var (csat, csatToken) = Survey.Csat(ticket.Id, ticket.CustomerId, resolution, agent, ticket.TeamId, via, now, lifetime);
        db.Surveys.Add(csat);
        var csatUrl = $"{links.BaseUrl}{SurveyModel.PathOf(csatToken)}";

        string? npsUrl = null;
        if (await NpsDueAsync(ticket.CustomerId, now, cancellationToken))
        {
            var (nps, npsToken) = Survey.Nps(ticket.CustomerId, ticket.Id, agent, ticket.TeamId, via, now, lifetime);
            db.Surveys.Add(nps);
            npsUrl = $"{links.BaseUrl}{SurveyModel.PathOf(npsToken)}";
        }

        switch (via)
        {
            case SurveyDelivery.Email:
                await links.MailAsync(ticket, "mail.rate.subject", "mail.csat.body", now, cancellationToken, csatUrl);
                if (npsUrl is not null)
                {
                    db.OutboxMessages.Add(new OutboxMessage(email!, l["mail.nps.subject"], l["mail.nps.body", npsUrl] + "\n\n" + l["mail.footer"], now));
                }

                break;
            case SurveyDelivery.Sms:
                db.SmsMessages.Add(new Infrastructure.Sms.SmsMessage(phone!, l["sms.csat", ticket.DisplayNumber, csatUrl], now));
                if (npsUrl is not null)
                {
                    db.SmsMessages.Add(new Infrastructure.Sms.SmsMessage(phone!, l["sms.nps", npsUrl], now));
                }

                break;
            case SurveyDelivery.Portal:
            default:
                break;
        }
    }

    private async Task<bool> NpsDueAsync(long customerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Serialises NPS decisions per customer across transactions and instances.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM customers WHERE id = {customerId} FOR UPDATE", cancellationToken);
        var last = await db.Surveys.Where(s => s.CustomerId == customerId && s.Kind == SurveyKind.Nps)
            .MaxAsync(s => (DateTimeOffset?)s.SentAt, cancellationToken);
        var pending = db.ChangeTracker.Entries<Survey>().Any(e => e.State == EntityState.Added && e.Entity.Kind == SurveyKind.Nps && e.Entity.CustomerId == customerId);
        return !pending && NpsSchedule.IsDue(last, now, options.Value.NpsIntervalDays);
    }

    private async Task<(string? Email, string? Phone)> ContactsAsync(long customerId, CancellationToken cancellationToken)
    {
        var contacts = await db.CustomerContacts.Where(c => c.CustomerId == customerId && (c.Kind == ContactKind.Email || c.Kind == ContactKind.Phone))
            .Select(c => new { c.Kind, c.Value }).ToListAsync(cancellationToken);
        return (contacts.FirstOrDefault(c => c.Kind == ContactKind.Email)?.Value, contacts.FirstOrDefault(c => c.Kind == ContactKind.Phone)?.Value);
    }
}

/// <summary>"Surveys": how long a survey link works, and the days between two NPS surveys of one customer (at least 90).</summary>
public sealed class SurveyOptions
{
    public const string Section = "Surveys";

    [Range(1, 365)]
    public int LinkLifetimeDays { get; set; } = 30;

    [Range(NpsSchedule.MinimumDays, 3650)]
    public int NpsIntervalDays { get; set; } = NpsSchedule.MinimumDays;
}
