using System.Globalization;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Sla;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Sla;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Customers;

/// <summary>
/// When agents answer what customers send through the help centre, said once, from the calendar of the SLA policy a
/// web-form ticket gets — so the help centre never promises round-the-clock answers on one line and office hours on
/// the next: "工作日 09:00–12:00、13:30–18:00" or "7×24 小时".
/// </summary>
public static class ServiceHours
{
    public sealed record Query : IQuery<string>;

    public sealed class Handler(HelpDeskDbContext db, IStringLocalizer<Strings> l) : IRequestHandler<Query, string>
    {
        public async Task<string> Handle(Query request, CancellationToken cancellationToken)
        {
            var rules = await SlaRules.LoadAsync(db, cancellationToken);
            var probe = Ticket.Open("?", TicketCategory.ComplaintSuggestion, TicketPriority.Normal, Channel.WebForm, 0, "?", "?", DateTimeOffset.UnixEpoch);
            return rules.For(probe, CustomerTier.Regular).Calendar is { } calendar ? Describe(calendar, l) : l["hours.unknown"];
        }
    }

    /// <summary>Days with the same hours together, Monday first: "周一至周五 09:00–12:00、13:30–18:00；周六 10:00–16:00".</summary>
    public static string Describe(BusinessCalendar calendar, IStringLocalizer l)
    {
        if (calendar.Is24x7)
        {
            return l["hours.always"];
        }

        var week = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday };
        string Hours(DayOfWeek day) => string.Join(l["hours.and"], calendar.WorkingIntervals.Where(i => i.Day == day).OrderBy(i => i.Start)
            .Select(i => $"{i.Start.ToString("HH:mm", CultureInfo.InvariantCulture)}–{i.End.ToString("HH:mm", CultureInfo.InvariantCulture)}"));
        var runs = new List<(DayOfWeek First, DayOfWeek Last, string Hours)>();
        foreach (var day in week.Where(d => Hours(d).Length > 0))
        {
            if (runs.Count > 0 && runs[^1].Hours == Hours(day) && Array.IndexOf(week, runs[^1].Last) == Array.IndexOf(week, day) - 1)
            {
                runs[^1] = runs[^1] with { Last = day };
            }
            else
            {
                runs.Add((day, day, Hours(day)));
            }
        }

        var parts = runs.Select(r => (r.First == r.Last ? l["day." + r.First].Value : l["hours.range", l["day." + r.First], l["day." + r.Last]].Value) + " " + r.Hours);
        return string.Join(l["hours.separator"], parts);
    }
}
