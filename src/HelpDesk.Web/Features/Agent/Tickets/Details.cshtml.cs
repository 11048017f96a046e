using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>
/// One ticket as the agent sees it: its facts, the customer, and the whole conversation across channels
/// (customer messages, public replies and internal notes) in time order. Read-only for now.
/// </summary>
public class DetailsModel : SlicePageModel
{
    public Model Ticket { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string number)
    {
        var ticket = await QueryAsync(new Query(Viewer.From(User), number));
        if (ticket is null)
        {
            return NotFound();
        }

        Ticket = ticket;
        return Page();
    }

    public sealed record Query(Viewer Viewer, string Number) : IQuery<Model?>;

    public sealed record Model(
        string Number,
        string Subject,
        TicketStatus Status,
        TicketPriority Priority,
        TicketCategory Category,
        Channel Channel,
        string? Team,
        string? Assignee,
        IReadOnlyList<string> Tags,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        CustomerPanel Customer,
        string? OrderNumber,
        IReadOnlyList<Message> Messages);

    public sealed record CustomerPanel(string Name, CustomerTier Tier, IReadOnlyList<Contact> Contacts);

    public sealed record Contact(ContactKind Kind, string Value);

    public sealed record Message(MessageKind Kind, string Author, Channel Channel, string Body, DateTimeOffset CreatedAt);

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, Model?>
    {
        public async Task<Model?> Handle(Query request, CancellationToken cancellationToken)
        {
            if (!Domain.Tickets.Ticket.TryParseNumber(request.Number, out var number))
            {
                return null;
            }

            var header = await (
                from t in db.Tickets.AsNoTracking().VisibleTo(db, request.Viewer)
                where t.Number == number
                join c in db.Customers on t.CustomerId equals c.Id
                join team in db.Teams on t.TeamId equals team.Id into teams
                from team in teams.DefaultIfEmpty()
                join user in db.Users on t.AssigneeId equals user.Id into users
                from user in users.DefaultIfEmpty()
                join o in db.Orders on t.OrderId equals o.Id into orders
                from o in orders.DefaultIfEmpty()
                select new
                {
                    t.Id, t.Subject, t.Status, t.Priority, t.Category, t.Channel, t.Tags, t.CreatedAt, t.UpdatedAt,
                    Team = team.Name, Assignee = user.DisplayName, OrderNumber = o.Number,
                    t.CustomerId, CustomerName = c.Name, c.Tier,
                })
                .SingleOrDefaultAsync(cancellationToken);
            if (header is null)
            {
                return null;
            }

            var contacts = await db.CustomerContacts.AsNoTracking()
                .Where(c => c.CustomerId == header.CustomerId)
                .OrderBy(c => c.Kind).ThenBy(c => c.Id)
                .Select(c => new Contact(c.Kind, c.Value))
                .ToListAsync(cancellationToken);
            var messages = await db.TicketMessages.AsNoTracking()
                .Where(m => m.TicketId == header.Id)
                .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
                .Select(m => new Message(m.Kind, m.AuthorName, m.Channel, m.Body, m.CreatedAt))
                .ToListAsync(cancellationToken);

            return new Model(
                Domain.Tickets.Ticket.FormatNumber(number), header.Subject, header.Status, header.Priority, header.Category, header.Channel,
                header.Team, header.Assignee, header.Tags, header.CreatedAt, header.UpdatedAt,
                new CustomerPanel(header.CustomerName, header.Tier, contacts), header.OrderNumber, messages);
        }
    }
}
