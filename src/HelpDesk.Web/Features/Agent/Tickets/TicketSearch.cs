using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>The queue's search box, as a filter on any ticket query (so access rules still apply first).</summary>
public static class TicketSearch
{
    /// <summary>
    /// The search box: a ticket number finds that ticket; otherwise an order number, a customer's e-mail or
    /// phone (exact), a customer's name, or words of the subject or any message (CJK bigrams, see <see cref="Search"/>).
    /// </summary>
    public static IQueryable<Ticket> Matching(this IQueryable<Ticket> tickets, HelpDeskDbContext db, string q)
    {
        if (Ticket.TryParseNumber(q, out var number))
        {
            return tickets.Where(t => t.Number == number);
        }

        var email = CustomerContact.Normalize(ContactKind.Email, q);
        var phone = CustomerContact.Normalize(ContactKind.Phone, q);
        var byContact = db.CustomerContacts.Where(c => (c.Kind == ContactKind.Email && c.Value == email) || (c.Kind == ContactKind.Phone && phone.Length >= 7 && c.Value == phone)).Select(c => c.CustomerId);
        var byOrder = db.Orders.Where(o => o.Number == q).Select(o => (long?)o.Id);
        if (!Search.IsSearchable(q))
        {
            return tickets.Where(t => byContact.Contains(t.CustomerId) || byOrder.Contains(t.OrderId));
        }

        var byName = db.Customers.Where(c => EF.Property<NpgsqlTsVector>(c, Search.VectorProperty).Matches(EF.Functions.PlainToTsQuery("simple", Search.Tokens(q)))).Select(c => c.Id);
        var byMessage = db.TicketMessages.Where(m => EF.Property<NpgsqlTsVector>(m, Search.VectorProperty).Matches(EF.Functions.PlainToTsQuery("simple", Search.Tokens(q)))).Select(m => m.TicketId);
        return tickets.Where(t => byContact.Contains(t.CustomerId)
            || byOrder.Contains(t.OrderId)
            || byName.Contains(t.CustomerId)
            || EF.Property<NpgsqlTsVector>(t, Search.VectorProperty).Matches(EF.Functions.PlainToTsQuery("simple", Search.Tokens(q)))
            || byMessage.Contains(t.Id));
    }
}
