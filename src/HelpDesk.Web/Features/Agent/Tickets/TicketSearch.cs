using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>The queue's search box, as filters on any ticket query (so access rules still apply first).</summary>
public static class TicketSearch
{
    /// <summary>Digits of a phone tail worth an index lookup (fewer match too many customers to mean anything).</summary>
    public const int MinPhoneTail = 4;

    /// <summary>More customers than this for one search (a common name) are matched by a semi-join instead of a list.</summary>
    public const int CustomerListCap = 2_000;

    /// <summary>Up to this many tickets (or messages) matching a word are fetched by id; more are checked per ticket in sort order.</summary>
    public const int IdListCap = 1_000;

    /// <summary>
    /// The search box: a ticket number finds that ticket; otherwise an order number, a customer's e-mail (exact),
    /// phone (its last 4 or more digits), a customer's name, or words of the subject or of any message (CJK bigrams,
    /// see <see cref="Search"/>). Returned as separate parts, each served by its own index, whose union is the
    /// result: one OR over all of them is planned as a walk over every ticket (issue 14), each part alone is not.
    /// The order and the customers are looked up first (small, by their own indexes), so the planner sees a list of
    /// ids rather than guessing how many tickets a subquery matches. The caller pages each part with the same keyset
    /// and merges them.
    /// </summary>
    public static async Task<IReadOnlyList<IQueryable<Ticket>>> PartsAsync(this IQueryable<Ticket> tickets, HelpDeskDbContext db, string q, CancellationToken cancellationToken)
    {
        if (Ticket.TryParseNumber(q, out var number))
        {
            return [tickets.Where(t => t.Number == number)];
        }

        var email = CustomerContact.Normalize(ContactKind.Email, q);
        var tail = PhoneTail(q);
        var byContact = tail is null
            ? db.CustomerContacts.Where(c => c.Kind == ContactKind.Email && c.Value == email).Select(c => c.CustomerId)
            : db.CustomerContacts.Where(c => c.Kind == ContactKind.Phone && EF.Functions.Like(Search.Reverse(c.Value), new string(tail.Reverse().ToArray()) + "%")).Select(c => c.CustomerId);
        var searchable = Search.IsSearchable(q);
        var byCustomer = searchable
            ? byContact.Union(db.Customers.Where(c => EF.Property<NpgsqlTsVector>(c, Search.VectorProperty).Matches(EF.Functions.PlainToTsQuery("simple", Search.Tokens(q)))).Select(c => c.Id))
            : byContact;
        var parts = new List<IQueryable<Ticket>>();
        var order = await db.Orders.Where(o => o.Number == q).Select(o => (long?)o.Id).FirstOrDefaultAsync(cancellationToken);
        if (order is not null)
        {
            parts.Add(tickets.Where(t => t.OrderId == order));
        }

        var customers = await byCustomer.Take(CustomerListCap + 1).ToListAsync(cancellationToken);
        if (customers.Count > CustomerListCap)
        {
            parts.Add(tickets.Where(t => byCustomer.Contains(t.CustomerId)));
        }
        else if (customers.Count > 0)
        {
            parts.Add(tickets.Where(t => customers.Contains(t.CustomerId)));
        }

        if (searchable)
        {
            // Words: probe the GIN index first (it stops at the cap). A rare word (or a number no text has) gives a
            // short list of tickets, fetched by id; a common one is checked per ticket while walking the sort order,
            // which finds a page quickly. Left to its estimate, the planner walks every ticket for a word it wrongly
            // believes common (a phone tail took 14 s at 1M tickets).
            var subject = db.Tickets.Where(t => EF.Property<NpgsqlTsVector>(t, Search.VectorProperty).Matches(EF.Functions.PlainToTsQuery("simple", Search.Tokens(q)))).Select(t => t.Id);
            var bySubject = await subject.Take(IdListCap + 1).ToListAsync(cancellationToken);
            if (bySubject.Count > IdListCap)
            {
                parts.Add(tickets.Where(t => EF.Property<NpgsqlTsVector>(t, Search.VectorProperty).Matches(EF.Functions.PlainToTsQuery("simple", Search.Tokens(q)))));
            }
            else if (bySubject.Count > 0)
            {
                parts.Add(tickets.Where(t => bySubject.Contains(t.Id)));
            }

            var messages = db.TicketMessages.Where(m => EF.Property<NpgsqlTsVector>(m, Search.VectorProperty).Matches(EF.Functions.PlainToTsQuery("simple", Search.Tokens(q)))).Select(m => m.TicketId);
            var byMessage = await messages.Take(IdListCap + 1).ToListAsync(cancellationToken);
            if (byMessage.Count > IdListCap)
            {
                parts.Add(tickets.Where(t => db.TicketMessages.Any(m => m.TicketId == t.Id
                    && EF.Property<NpgsqlTsVector>(m, Search.VectorProperty).Matches(EF.Functions.PlainToTsQuery("simple", Search.Tokens(q))))));
            }
            else if (byMessage.Count > 0)
            {
                var ids = byMessage.Distinct().ToList();
                parts.Add(tickets.Where(t => ids.Contains(t.Id)));
            }
        }

        return parts;
    }

    /// <summary>The digits of a search that looks like (the end of) a phone number, normalized as stored; else null.</summary>
    public static string? PhoneTail(string q)
    {
        if (q.Length == 0 || !q.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '+' or '(' or ')'))
        {
            return null;
        }

        var digits = CustomerContact.Normalize(ContactKind.Phone, q);
        return digits.Length >= MinPhoneTail && digits.All(char.IsAsciiDigit) ? digits : null;
    }
}
