using System.Globalization;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Sla;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Customers;

/// <summary>
/// What the desk sends customers: links to their ticket (a new token each time: tokens are stored hashed, so an
/// old one can never be sent again), and e-mails through the outbox in the customer's language.
/// Links point at <see cref="PublicAddress.BaseUrl"/>;
/// <c>Customers:LinkLifetimeDays</c> how long they work (30).
/// </summary>
public sealed class CustomerLinks(HelpDeskDbContext db, PublicAddress address, IOptions<CustomerOptions> customers, IStringLocalizer<Strings> l)
{
    public TimeSpan Lifetime => TimeSpan.FromDays(customers.Value.LinkLifetimeDays);

    /// <summary>See <see cref="PublicAddress"/>: never a host taken from a stranger's request.</summary>
    public string BaseUrl => address.BaseUrl;

    /// <summary>A new link to the ticket; the returned URL is the only place the token appears.</summary>
    public string Issue(long ticketId, DateTimeOffset now)
    {
        var (link, token) = TicketLink.Issue(ticketId, now, Lifetime);
        db.TicketLinks.Add(link);
        return $"{BaseUrl}/t/{token}";
    }

    /// <summary>Sends the customer an e-mail (when they gave an address) with a fresh link to the ticket.</summary>
    public Task<bool> MailAsync(Ticket ticket, string subjectKey, string bodyKey, DateTimeOffset now, CancellationToken cancellationToken, params object[] arguments) =>
        MailAsync(ticket, null, subjectKey, bodyKey, now, cancellationToken, arguments);

    /// <summary>The same, with a link already issued (the one the confirmation page shows).</summary>
    public async Task<bool> MailAsync(Ticket ticket, string? link, string subjectKey, string bodyKey, DateTimeOffset now, CancellationToken cancellationToken, params object[] arguments)
    {
        var email = await db.CustomerContacts.Where(c => c.CustomerId == ticket.CustomerId && c.Kind == ContactKind.Email)
            .Select(c => c.Value).FirstOrDefaultAsync(cancellationToken);
        if (email is null)
        {
            return false;
        }

        var url = link ?? Issue(ticket.Id, now);
        db.OutboxMessages.Add(new OutboxMessage(
            email,
            l[subjectKey, ticket.DisplayNumber],
            l[bodyKey, [ticket.DisplayNumber, url, .. arguments]] + "\n\n" + l["mail.footer"],
            now));
        return true;
    }

    /// <summary>
    /// When an agent will answer, honestly: "an agent will reply by today 15:30", or outside working hours "it is
    /// outside working hours; an agent starts at tomorrow 09:00 and replies by tomorrow 09:30".
    /// </summary>
    public string AnswerTime(DateTimeOffset due, BusinessCalendar calendar, DateTimeOffset now)
    {
        var start = calendar.NextWorkingInstant(now);
        return start > now.AddMinutes(1)
            ? l["answer.after_hours", When(start, calendar, now), When(due, calendar, now)]
            : l["answer.in_hours", When(due, calendar, now)];
    }

    private string When(DateTimeOffset at, BusinessCalendar calendar, DateTimeOffset now)
    {
        var day = calendar.LocalDate(at);
        var today = calendar.LocalDate(now);
        var time = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(calendar.TimeZoneId)).ToString("HH:mm", CultureInfo.InvariantCulture);
        var date = day == today ? l["when.today"].Value
            : day == today.AddDays(1) ? l["when.tomorrow"].Value
            : l["when.date", day.Month, day.Day, l["day." + day.DayOfWeek]].Value;
        return $"{date} {time}";
    }
}

/// <summary>"Customers": how long a link to a ticket works.</summary>
public sealed class CustomerOptions
{
    public const string Section = "Customers";

    [System.ComponentModel.DataAnnotations.Range(1, 365)]
    public int LinkLifetimeDays { get; set; } = 30;
}
