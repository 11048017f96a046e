using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Knowledge;
using HelpDesk.Domain.Teams;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Infrastructure.Mail;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>
/// One ticket as the agent works it: the conversation and every change in one timeline, the customer beside it,
/// and the actions (reply, note, change fields, assign). Actions are their own slices (Reply, Update, Assign);
/// after one succeeds the page reloads (post/redirect/get); after a refusal it shows the message and keeps the input.
/// </summary>
public class DetailsModel : SlicePageModel
{
    public Model Ticket { get; private set; } = null!;

    public Panels.Model Side { get; private set; } = null!;

    [BindProperty]
    public ReplyInput Reply { get; set; } = new();

    [BindProperty]
    public UpdateInput Input { get; set; } = new();

    [BindProperty]
    public List<IFormFile> Files { get; set; } = [];

    [BindProperty]
    public ForwardInput Forward { get; set; } = new();

    [BindProperty]
    public TaskInput Task { get; set; } = new();

    [BindProperty]
    public string? MergeInto { get; set; }

    [TempData]
    public string? Flash { get; set; }

    public async Task<IActionResult> OnGetAsync(string number)
    {
        if (!await LoadAsync(number))
        {
            return NotFound();
        }

        Input = UpdateInput.From(Ticket);
        return Page();
    }

    public async Task<IActionResult> OnPostReplyAsync(string number)
    {
        var uploads = new List<Tickets.Reply.Upload>();
        foreach (var file in Files.Where(f => f.Length > 0))
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, HttpContext.RequestAborted);
            uploads.Add(new Tickets.Reply.Upload(file.FileName, buffer.ToArray()));
        }

        var result = await SendAsync(new Tickets.Reply.Command(Viewer.From(User), number, Reply.Body, Reply.Internal, uploads), "Reply");
        return await AfterAsync(number, result.Succeeded, Reply.Internal ? "flash.noted" : "flash.replied", keepUpdateInput: false);
    }

    public async Task<IActionResult> OnPostUpdateAsync(string number)
    {
        var result = await SendAsync(new Update.Command(
            Viewer.From(User), number, Input.Version, Input.Status, Input.Priority, Input.Category, Input.TeamId, Input.AssigneeId, Input.Tags));
        if (result.Conflict)
        {
            foreach (var change in await QueryAsync(new Changes.Query(number, Input.LoadedAt)))
            {
                ModelState.AddModelError(string.Empty, Describe(change));
            }
        }

        return await AfterAsync(number, result.Succeeded, "flash.saved", keepUpdateInput: true);
    }

    public async Task<IActionResult> OnPostAssignToMeAsync(string number) =>
        await AfterAsync(number, (await SendAsync(new Assign.ToMe(Viewer.From(User), number))).Succeeded, "flash.assigned", keepUpdateInput: false);

    public async Task<IActionResult> OnPostAutoAssignAsync(string number) =>
        await AfterAsync(number, (await SendAsync(new Assign.Automatically(Viewer.From(User), number))).Succeeded, "flash.assigned", keepUpdateInput: false);

    public async Task<IActionResult> OnPostForwardAsync(string number) =>
        await AfterAsync(number, (await SendAsync(new Tickets.Forward.Command(Viewer.From(User), number, Forward.DepartmentTeamId, Forward.Summary), "Forward")).Succeeded, "flash.forwarded", keepUpdateInput: false);

    public async Task<IActionResult> OnPostTaskAsync(string number) =>
        await AfterAsync(number, (await SendAsync(new CreateTask.Command(Viewer.From(User), number, Task.Title, Task.Kind, Task.DueLocal, null), "Task")).Succeeded, "flash.task_created", keepUpdateInput: false);

    public async Task<IActionResult> OnPostMergeAsync(string number)
    {
        var result = await SendAsync(new Merge.Command(Viewer.From(User), number, MergeInto));
        if (result.Succeeded)
        {
            Flash = L["flash.merged", MergeInto ?? string.Empty];
            return RedirectToPage(new { number = MergeInto!.ToLowerInvariant() });
        }

        return await AfterAsync(number, false, string.Empty, keepUpdateInput: false);
    }

    /// <summary>"李四 12:03 状态：处理中 → 挂起".</summary>
    public string Describe(Changes.Change change) => change.Field is { } f
        ? f.From is null && f.Field is "merged" or "merged_from" or "forwarded" or "task" or "department_answer"
            ? L["timeline." + f.Field, change.Actor, Time.Format(change.At), f.To ?? string.Empty]
            : L["timeline.change", change.Actor, Time.Format(change.At), L["field." + f.Field], FieldValue(f.Field, f.From), FieldValue(f.Field, f.To)]
        : L["timeline.action", change.Actor, Time.Format(change.At), L["audit." + change.Action]];

    /// <summary>Enum values in the user's language; names and tags as they are; empty as a dash.</summary>
    public string FieldValue(string field, string? value) => value switch
    {
        null or "" => "—",
        _ when field == "status" => L["enum.TicketStatus." + value],
        _ when field == "priority" => L["enum.TicketPriority." + value],
        _ when field == "category" => L["enum.TicketCategory." + value],
        _ when field is "merged" or "merged_from" or "forwarded" or "task" or "department_answer" => value,
        _ => value,
    };

    private BusinessTime Time => HttpContext.RequestServices.GetRequiredService<BusinessTime>();

    private async Task<IActionResult> AfterAsync(string number, bool succeeded, string flashKey, bool keepUpdateInput)
    {
        if (succeeded)
        {
            Flash = L[flashKey];
            return RedirectToPage(new { number });
        }

        if (!await LoadAsync(number))
        {
            return NotFound();
        }

        if (!keepUpdateInput)
        {
            Input = UpdateInput.From(Ticket);
        }

        return Page();
    }

    private async Task<bool> LoadAsync(string number)
    {
        var ticket = await QueryAsync(new Query(Viewer.From(User), number));
        if (ticket is null)
        {
            return false;
        }

        Ticket = ticket;
        Side = await QueryAsync(new Panels.Query(ticket.Id, ticket.CustomerId, ticket.OrderId));
        return true;
    }

    public sealed class ForwardInput
    {
        public int DepartmentTeamId { get; set; }

        public string? Summary { get; set; }
    }

    public sealed class TaskInput
    {
        public string? Title { get; set; }

        public Domain.Tasks.FollowUpKind Kind { get; set; }

        /// <summary>Local business time, from a datetime-local input.</summary>
        public DateTime? DueLocal { get; set; }
    }

    public sealed class ReplyInput
    {
        public string? Body { get; set; }

        public bool Internal { get; set; }
    }

    public sealed class UpdateInput
    {
        public uint Version { get; set; }

        public DateTimeOffset LoadedAt { get; set; }

        public TicketStatus Status { get; set; }

        public TicketPriority Priority { get; set; }

        public TicketCategory Category { get; set; }

        public int? TeamId { get; set; }

        public Guid? AssigneeId { get; set; }

        public string? Tags { get; set; }

        public static UpdateInput From(Model t) => new()
        {
            Version = t.Version,
            LoadedAt = t.LoadedAt,
            Status = t.Status,
            Priority = t.Priority,
            Category = t.Category,
            TeamId = t.TeamId,
            AssigneeId = t.AssigneeId,
            Tags = string.Join(", ", t.Tags),
        };
    }

    public sealed record Query(Viewer Viewer, string Number) : IQuery<Model?>;

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
        uint Version,
        DateTimeOffset LoadedAt,
        CustomerPanel Customer,
        string? OrderNumber,
        IReadOnlyList<TimelineItem> Timeline,
        IReadOnlyList<TicketStatus> NextStatuses,
        IReadOnlyList<TeamOption> Teams,
        IReadOnlyList<(int Id, string Name)> Departments,
        IReadOnlyList<CannedOption> CannedAnswers)
    {
        public IEnumerable<Message> Messages => Timeline.Where(i => i.Message is not null).Select(i => i.Message!);
    }

    public sealed record CustomerPanel(string Name, CustomerTier Tier, IReadOnlyList<Contact> Contacts);

    public sealed record Contact(ContactKind Kind, string Value);

    public sealed record Message(long Id, MessageKind Kind, string Author, Channel Channel, string Body, DateTimeOffset CreatedAt, OutboxStatus? Delivery)
    {
        public IReadOnlyList<FileLink> Files { get; init; } = [];
    }

    public sealed record FileLink(long Id, string FileName, long Size);

    /// <summary>A message, or a change somebody made (from the audit trail).</summary>
    public sealed record TimelineItem(DateTimeOffset At, Message? Message, Changes.Change? Change);

    public sealed record TeamOption(int Id, string Name, IReadOnlyList<(Guid Id, string Name)> Members);

    public sealed record CannedOption(int Id, string Title, string Body);

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
                    t.Id, t.OrderId, t.Subject, t.Status, t.Priority, t.Category, t.Channel, t.Tags, t.CreatedAt, t.UpdatedAt, t.Version,
                    t.TeamId, Team = team.Name, t.AssigneeId, Assignee = user.DisplayName, OrderNumber = o.Number,
                    t.CustomerId, CustomerName = c.Name, c.Tier,
                    Tracking = o == null ? null : db.Shipments.Where(s => s.OrderId == o.Id).OrderByDescending(s => s.ShippedAt).Select(s => new { s.TrackingNumber, s.PromisedAt }).FirstOrDefault(),
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
                .Select(m => new Message(m.Id, m.Kind, m.AuthorName, m.Channel, m.Body, m.CreatedAt,
                    db.OutboxMessages.Where(o => o.TicketMessageId == m.Id).Select(o => (OutboxStatus?)o.Status).FirstOrDefault()))
                .ToListAsync(cancellationToken);
            var files = (await db.Attachments.AsNoTracking()
                .Where(a => a.TicketId == header.Id && a.MessageId != null)
                .OrderBy(a => a.Id)
                .Select(a => new { MessageId = a.MessageId!.Value, a.Id, a.FileName, a.Size })
                .ToListAsync(cancellationToken))
                .ToLookup(a => a.MessageId, a => new FileLink(a.Id, a.FileName, a.Size));
            messages = messages.Select(m => m with { Files = files[m.Id].ToList() }).ToList();
            var changes = await db.AuditEntries.AsNoTracking()
                .Where(a => a.TicketId == header.Id && a.Action == "ticket.changed")
                .Select(a => new { a.ActorName, a.At, a.Action, a.Details })
                .ToListAsync(cancellationToken);
            var timeline = messages.Select(m => new TimelineItem(m.CreatedAt, m, null))
                .Concat(changes.Select(c => new TimelineItem(c.At, null, new Changes.Change(c.ActorName, c.At, c.Action, AuditTrail.ReadChange(c.Details)))))
                .OrderBy(i => i.At).ThenBy(i => i.Message is null ? 1 : 0).ThenBy(i => i.Message?.Id)
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
                .OrderBy(c => c.Category == header.Category ? 0 : 1).ThenByDescending(c => c.TimesUsed).ThenBy(c => c.Title)
                .Select(c => new { c.Id, c.Title, c.Body })
                .ToListAsync(cancellationToken);
            var values = new Dictionary<CannedAnswer.Placeholder, string?>
            {
                [CannedAnswer.Placeholder.CustomerName] = header.CustomerName,
                [CannedAnswer.Placeholder.OrderNumber] = header.OrderNumber,
                [CannedAnswer.Placeholder.TrackingNumber] = header.Tracking?.TrackingNumber,
                [CannedAnswer.Placeholder.ExpectedDelivery] = header.Tracking is { } s ? time.Format(s.PromisedAt)[..10] : null,
                [CannedAnswer.Placeholder.TicketNumber] = Domain.Tickets.Ticket.FormatNumber(number),
                [CannedAnswer.Placeholder.AgentName] = request.Viewer.Name,
            };

            return new Model(
                header.Id, header.CustomerId, header.OrderId,
                Domain.Tickets.Ticket.FormatNumber(number), header.Subject, header.Status, header.Priority, header.Category, header.Channel,
                header.TeamId, header.Team, header.AssigneeId, header.Assignee, header.Tags, header.CreatedAt, header.UpdatedAt, header.Version, now,
                new CustomerPanel(header.CustomerName, header.Tier, contacts), header.OrderNumber, timeline,
                [header.Status, .. TicketStatusRules.NextStatuses(header.Status)],
                teamOptions,
                departments.Select(d => (d.Id, d.Name)).ToList(),
                canned.Select(c => new CannedOption(c.Id, c.Title, CannedAnswer.Render(c.Body, values))).ToList());
        }
    }
}
