using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Knowledge;
using HelpDesk.Domain.Sla;
using HelpDesk.Domain.Teams;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Infrastructure.Mail;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>
/// The ticket page's read model: header, customer, the timeline (messages with their files and delivery state,
/// and every change from the audit trail), and the options its forms offer. A fixed number of queries.
/// </summary>
public partial class DetailsModel
{
    /// <summary>The latest messages shown first; "older messages" asks for more.</summary>
    public const int MessagePage = 50;

    /// <summary>The ticket with its latest <paramref name="Messages"/> messages (and the changes since the oldest of them).</summary>
    public sealed record Query(Viewer Viewer, string Number, int Messages = MessagePage) : IQuery<Model?>;

    public sealed record Model(
        long Id,
        long CustomerId,
        long? OrderId,
        string Number,
        string Subject,
        TicketStatus Status,
        TicketPriority Priority,
        TicketCategory Category,
        Channel Channel,
        int? TeamId,
        string? Team,
        Guid? AssigneeId,
        string? Assignee,
        IReadOnlyList<string> Tags,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        CustomerPanel Customer,
        string? OrderNumber,
        IReadOnlyList<TimelineItem> Timeline,
        IReadOnlyList<TicketStatus> NextStatuses,
        SlaPanel Sla,
        IReadOnlyList<TeamOption> Teams,
        IReadOnlyList<(int Id, string Name)> Departments,
        IReadOnlyList<CannedOption> CannedAnswers)
    {
        public TicketFields Fields => new(Status, Priority, Category, TeamId, AssigneeId, Tags);

        /// <summary>How many older messages are not shown (the page offers to load them).</summary>
        public int OlderMessages { get; init; }

        public IEnumerable<Message> Messages => Timeline.Where(i => i.Message is not null).Select(i => i.Message!);
    }

    public sealed record CustomerPanel(string Name, CustomerTier Tier, IReadOnlyList<Contact> Contacts);

    public sealed record Contact(ContactKind Kind, string Value);

    /// <summary>How the e-mail of a reply is doing: queued, retrying (and why the last try failed), sent, or given up.</summary>
    public sealed record Delivery(OutboxStatus Status, int Attempts, DeliveryFailure? Failure);

    public sealed record Message(long Id, MessageKind Kind, string Author, Channel Channel, string Body, DateTimeOffset CreatedAt, Delivery? Delivery)
    {
        public IReadOnlyList<FileLink> Files { get; init; } = [];

        /// <summary>The history an e-mail quoted under the message, folded away from its text (shown collapsed).</summary>
        public string? Quoted { get; init; }

        /// <summary>The early warning's marker on an urgent customer message: its score and reasons.</summary>
        public Sentiment.UrgencyText.Mark? Urgency { get; init; }
    }

    public sealed record FileLink(long Id, string FileName, long Size, string ContentType)
    {
        /// <summary>Shown as a thumbnail with a viewer (the type was decided from the content at upload).</summary>
        public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);
    }

    /// <summary>A message, or a change somebody made (from the audit trail).</summary>
    public sealed record TimelineItem(DateTimeOffset At, Message? Message, Changes.Change? Change);

    /// <summary>The ticket's SLA clocks as the agent sees them: what is due when, and why they are paused.</summary>
    public sealed record SlaPanel(IReadOnlyList<ClockView> Clocks, PauseReason PauseReason, DateTimeOffset? PauseEndsAt);

    /// <summary>One clock; <c>BeyondKnownCalendar</c>: due after the last day whose holidays the calendar knows (weekly hours only, an estimate).</summary>
    public sealed record ClockView(SlaMetric Metric, ClockState State, DateTimeOffset? DueAt, TimeSpan? Remaining, bool AtRisk, bool Breached, bool BeyondKnownCalendar = false);

    public sealed record TeamOption(int Id, string Name, IReadOnlyList<(Guid Id, string Name)> Members);

    /// <summary>A canned answer filled for this ticket; a macro says what else sending it does.</summary>
    public sealed record CannedOption(int Id, string Title, string Body, TicketStatus? SetsStatus, IReadOnlyList<string> AddsTags, bool TakesTicket)
    {
        public bool IsMacro => SetsStatus is not null || AddsTags.Count > 0 || TakesTicket;
    }

    public sealed class Handler(HelpDeskDbContext db, TimeProvider clock, BusinessTime time) : IRequestHandler<Query, Model?>
    {
        public async Task<Model?> Handle(Query request, CancellationToken cancellationToken)
        {
            if (!Domain.Tickets.Ticket.TryParseNumber(request.Number, out var number))
            {
                return null;
            }

            var now = clock.GetUtcNow();
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
                    t.Id,
                    t.OrderId,
                    t.Subject,
                    t.Status,
                    t.Priority,
                    t.Category,
                    t.Channel,
                    t.Tags,
                    t.CreatedAt,
                    t.UpdatedAt,
                    t.TeamId,
                    Team = team.Name,
                    t.AssigneeId,
                    Assignee = user.DisplayName,
                    OrderNumber = o.Number,
                    t.CustomerId,
                    CustomerName = c.Name,
                    c.Tier,
                    t.Sla,
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

            // The latest messages (index on ticket_id, created_at, id), then their e-mails' delivery state by message id.
            var limit = Math.Max(1, request.Messages);
            var latest = await db.TicketMessages.AsNoTracking()
                .Where(m => m.TicketId == header.Id)
                .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
                .Take(limit + 1)
                .Select(m => new Message(m.Id, m.Kind, m.AuthorName, m.Channel, m.Body, m.CreatedAt, null)
                {
                    Urgency = m.Urgency >= HelpDesk.Domain.Sentiment.UrgencyAssessment.Threshold ? new Sentiment.UrgencyText.Mark(m.Urgency.Value, m.UrgencyReasons) : null,
                })
                .ToListAsync(cancellationToken);
            var older = latest.Count > limit ? await db.TicketMessages.CountAsync(m => m.TicketId == header.Id, cancellationToken) - limit : 0;
            var messages = latest.Take(limit).Reverse().ToList();
            var shownIds = messages.Select(m => m.Id).ToList();
            var deliveries = (await db.OutboxMessages.AsNoTracking()
                .Where(o => o.TicketMessageId != null && shownIds.Contains(o.TicketMessageId.Value))
                .Select(o => new { MessageId = o.TicketMessageId!.Value, o.Id, o.Status, o.Attempts, o.LastFailure })
                .ToListAsync(cancellationToken))
                .GroupBy(o => o.MessageId)
                .ToDictionary(g => g.Key, g => g.OrderByDescending(o => o.Id).Select(o => new Delivery(o.Status, o.Attempts, o.LastFailure)).First());
            var quoted = (await db.Set<Channels.InboundRecord>().AsNoTracking()
                .Where(r => r.TicketMessageId != null && r.Quoted != null && shownIds.Contains(r.TicketMessageId.Value))
                .Select(r => new { MessageId = r.TicketMessageId!.Value, r.Quoted })
                .ToListAsync(cancellationToken))
                .ToDictionary(r => r.MessageId, r => r.Quoted);
            messages = messages.Select(m => m with { Delivery = deliveries.GetValueOrDefault(m.Id), Quoted = quoted.GetValueOrDefault(m.Id) }).ToList();
            DateTimeOffset? since = older > 0 ? messages[0].CreatedAt : null;
            var files = (await db.Attachments.AsNoTracking()
                .Where(a => a.TicketId == header.Id && a.MessageId != null && shownIds.Contains(a.MessageId.Value))
                .OrderBy(a => a.Id)
                .Select(a => new { MessageId = a.MessageId!.Value, a.Id, a.FileName, a.Size, a.ContentType })
                .ToListAsync(cancellationToken))
                .ToLookup(a => a.MessageId, a => new FileLink(a.Id, a.FileName, a.Size, a.ContentType));
            messages = messages.Select(m => m with { Files = files[m.Id].ToList() }).ToList();
            var changes = await db.AuditEntries.AsNoTracking()
                .Where(a => a.TicketId == header.Id && a.Action == "ticket.changed" && (since == null || a.At >= since))
                .Select(a => new { a.ActorName, a.At, a.Action, a.Details })
                .ToListAsync(cancellationToken);
            var timeline = messages.Select(m => new TimelineItem(m.CreatedAt, m, null))
                .Concat(changes.Select(c => new TimelineItem(c.At, null, new Changes.Change(c.ActorName, c.At, c.Action, AuditTrail.ReadChange(c.Details)))))
                .OrderBy(i => i.At).ThenBy(i => i.Message is null ? 1 : 0).ThenBy(i => i.Message?.Id)
                .ToList();

            var calendar = await db.BusinessCalendars.AsNoTracking().SingleOrDefaultAsync(c => c.Id == header.Sla.CalendarId, cancellationToken);
            var clocks = header.Sla.Clocks
                .Where(c => c.Clock.State != ClockState.NotStarted)
                .Select(c => new ClockView(
                    c.Metric,
                    c.Clock.State,
                    c.Clock.DueAt,
                    c.Clock.IsRunning && calendar is not null ? c.Clock.Remaining(now, calendar) : null,
                    c.Clock.IsAtRisk(now),
                    c.Clock.Breached || (c.Clock.IsRunning && now >= c.Clock.DueAt),
                    c.Clock.IsRunning && c.Clock.DueAt is { } due && calendar?.IsBeyondKnownCalendar(due) == true))
                .ToList();
            var teamMembers = await (
                from team in db.Teams.AsNoTracking()
                where team.Kind == TeamKind.Service
                join m in db.TeamMembers on team.Id equals m.TeamId
                join u in db.Users on m.UserId equals u.Id
                orderby team.Name, u.DisplayName
                select new { team.Id, team.Name, UserId = u.Id, u.DisplayName })
                .ToListAsync(cancellationToken);
            var teamOptions = teamMembers.GroupBy(x => (x.Id, x.Name))
                .Select(g => new TeamOption(g.Key.Id, g.Key.Name, g.Select(x => (x.UserId, x.DisplayName)).ToList()))
                .ToList();

            var departments = await db.Teams.AsNoTracking().Where(d => d.Kind == TeamKind.Department).OrderBy(d => d.Name)
                .Select(d => new { d.Id, d.Name }).ToListAsync(cancellationToken);
            var canned = await db.CannedAnswers.AsNoTracking()
                .Where(c => c.IsActive)
                .OrderBy(c => c.Category == header.Category ? 0 : 1)
                .ThenByDescending(c => db.AnswerIntents.Any(i => i.RecommendedVariantId == c.Id)) // a supervisor's recommended variant first (话术优化)
                .ThenByDescending(c => c.TimesUsed).ThenBy(c => c.Title)
                .Select(c => new { c.Id, c.Title, c.Body, c.SetsStatus, c.AddsTags, c.TakesTicket })
                .ToListAsync(cancellationToken);
            // The placeholders' values: the latest parcel by its own index lookup (order_id, shipped_at desc), open promises, the case.
            var values = await Knowledge.AnswerFacts.LoadAsync(db, time, header.Id, request.Viewer.Name, cancellationToken);

            return new Model(
                header.Id, header.CustomerId, header.OrderId,
                Domain.Tickets.Ticket.FormatNumber(number), header.Subject, header.Status, header.Priority, header.Category, header.Channel,
                header.TeamId, header.Team, header.AssigneeId, header.Assignee, header.Tags, header.CreatedAt, header.UpdatedAt,
                new CustomerPanel(header.CustomerName, header.Tier, contacts), header.OrderNumber, timeline,
                [header.Status, .. TicketStatusRules.NextStatuses(header.Status)],
                new SlaPanel(clocks, header.Sla.PauseReason, header.Sla.PauseEndsAt),
                teamOptions,
                departments.Select(d => (d.Id, d.Name)).ToList(),
                canned.Select(c => new CannedOption(c.Id, c.Title, CannedAnswer.Render(c.Body, values), c.SetsStatus, c.AddsTags, c.TakesTicket)).ToList())
            {
                OlderMessages = older,
            };
        }
    }
}
