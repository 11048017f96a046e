using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>
/// One ticket as the agent works it, in three panes: the queue view it came from | the conversation and every change
/// in one timeline, with the reply box always in reach | the ticket's fields and actions and the customer's context
/// in tabs (customer, orders and parcels, after-sales, tasks and promises), the current order above them. Actions
/// are their own slices (Reply, Update, Assign, ...);
/// after one succeeds the page reloads (post/redirect/get); after a refusal it shows the message and keeps the input.
/// </summary>
public partial class DetailsModel : SlicePageModel
{
    public Model Ticket { get; private set; } = null!;

    public Panels.Model Side { get; private set; } = null!;

    /// <summary>The left pane: the view's first tickets.</summary>
    public IReadOnlyList<QueuePane.Item> Pane { get; private set; } = [];

    /// <summary>The statuses "send and set" offers: those a reply can move on to (a reply first reopens a resolved ticket).</summary>
    public IReadOnlyList<TicketStatus> SendThenStatuses =>
        TicketStatusRules.NextStatuses(Ticket.Status is TicketStatus.New or TicketStatus.Resolved or TicketStatus.Closed ? TicketStatus.Open : Ticket.Status)
            .Where(s => s is TicketStatus.PendingCustomer or TicketStatus.OnHold or TicketStatus.Resolved)
            .ToList();

    /// <summary>How many of the latest messages to show (?messages=100 after "older messages"); 50 by default.</summary>
    [BindProperty(SupportsGet = true, Name = "messages")]
    public int? MessageCount { get; set; }

    [BindProperty]
    public ReplyInput Reply { get; set; } = new();

    [BindProperty]
    public UpdateInput Input { get; set; } = new();

    [BindProperty]
    public List<IFormFile> Files { get; set; } = [];

    /// <summary>Files kept from a try that came back with errors, ticked to go again (<see cref="HeldFiles"/>).</summary>
    [BindProperty]
    public List<Guid> Held { get; set; } = [];

    public IReadOnlyList<HeldFiles.Shown> HeldShown { get; private set; } = [];

    [BindProperty]
    public ForwardInput Forward { get; set; } = new();

    [BindProperty]
    public TaskInput Task { get; set; } = new();

    [BindProperty]
    public string? MergeInto { get; set; }

    [BindProperty]
    public PromiseInput Promise { get; set; } = new();

    [BindProperty]
    public List<OfferInput> Offer { get; set; } = [new(), new(), new()];

    [BindProperty]
    public string? CallSummary { get; set; }

    /// <summary>The e-mail address or mobile number of the customer to merge into this ticket's customer.</summary>
    [BindProperty]
    public string? OtherContact { get; set; }

    /// <summary>The customer tab's merge suggestions and the merges that can still be undone.</summary>
    public Customers.CustomerMerges.Panel CustomerMerge { get; private set; } = new([], []);

    /// <summary>Promises the last reply seemed to make, waiting for the agent's one-click confirmation.</summary>
    [TempData]
    public string? DetectedPromises { get; set; }

    public IReadOnlyList<PromiseInput> Detected => string.IsNullOrEmpty(DetectedPromises)
        ? []
        : System.Text.Json.JsonSerializer.Deserialize<List<PromiseInput>>(DetectedPromises) ?? [];

    [TempData]
    public string? Flash { get; set; }

    /// <summary>The queue view the agent came from (the queue's links carry it): where "then next ticket" goes on.</summary>
    [BindProperty(SupportsGet = true)]
    public IndexModel.QueueView? View { get; set; }

    public async Task<IActionResult> OnGetAsync(string number)
    {
        if (!await LoadAsync(number))
        {
            return NotFound();
        }

        Input = UpdateInput.From(Ticket);
        Promise.DueLocal = TomorrowEvening();
        return Page();
    }

    /// <summary>Follow-ups a complaint or an after-sales case calls for, one click each: due tomorrow evening.</summary>
    public async Task<IActionResult> OnPostFollowUpAsync(string number, Domain.Tasks.FollowUpSource source)
    {
        var (kind, title) = source == Domain.Tasks.FollowUpSource.Complaint
            ? (Domain.Tasks.FollowUpKind.CheckReplacementArrived, L["followup.complaint"].Value)
            : (Domain.Tasks.FollowUpKind.ConfirmSatisfaction, L["followup.aftersales"].Value);
        var result = await SendAsync(new CreateTask.Command(Viewer.From(User), number, title, kind, TomorrowEvening(), null, source), string.Empty);
        return await AfterAsync(number, result.Succeeded, "flash.task_created", keepUpdateInput: false);
    }

    private DateTime TomorrowEvening()
    {
        var time = HttpContext.RequestServices.GetRequiredService<BusinessTime>();
        return time.ToLocal(HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()).Date.AddDays(1).AddHours(18);
    }

    public async Task<IActionResult> OnPostReplyAsync(string number)
    {
        var hold = HttpContext.RequestServices.GetRequiredService<HeldFiles>();
        var files = await hold.ReadAsync(Files, Held, User, HttpContext.RequestAborted);
        var result = await SendAsync(new Tickets.Reply.Command(Viewer.From(User), number, Reply.Body, Reply.Internal, files.All, Reply.Then, Reply.CannedAnswerId), "Reply");
        HeldShown = await hold.SettleAsync(files, result.Succeeded, HttpContext.RequestAborted);
        if (result.Succeeded && !Reply.Internal)
        {
            await OfferPromisesAsync(number);
        }

        if (result.Succeeded && Reply.Next && View is { } view && DetectedPromises is null)
        {
            var next = await QueryAsync(new NextTicket.Query(Viewer.From(User), view, number));
            Flash = next is null ? L["flash.replied_view_done"] : L["flash.replied_next", number];
            return next is null
                ? Redirect(IndexModel.LinkTo(new IndexModel.Filter { View = view }))
                : RedirectToPage(new { number = next.ToLowerInvariant(), view = view.ToString().ToLowerInvariant() });
        }

        return await AfterAsync(number, result.Succeeded, Reply.Internal ? "flash.noted" : "flash.replied", keepUpdateInput: false);
    }

    public async Task<IActionResult> OnPostUpdateAsync(string number)
    {
        var result = await SendAsync(new Update.Command(Viewer.From(User), number, Input.Was, Input.Wanted));
        if (result.Conflict && await QueryAsync(new Query(Viewer.From(User), number)) is { } now)
        {
            var fields = TicketFields.Conflicts(Input.Was, Input.Wanted, now.Fields);
            foreach (var change in await QueryAsync(new Changes.Query(number, fields)))
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

    public async Task<IActionResult> OnPostPromiseAsync(string number) =>
        await AfterAsync(number, (await SendAsync(new Commitments.Promises.Add(Viewer.From(User), number, Promise.Kind, Promise.Text, Promise.DueLocal), "Promise")).Succeeded, "flash.promise_added", keepUpdateInput: false);

    public async Task<IActionResult> OnPostOfferAsync(string number) =>
        await AfterAsync(number, (await SendAsync(new OfferSolutions.Command(Viewer.From(User), number,
            Offer.Select(o => new Domain.Complaints.SolutionOption(o.Remedy, o.Description ?? string.Empty, o.Amount)).ToList()), string.Empty)).Succeeded, "flash.offered", keepUpdateInput: false);

    public async Task<IActionResult> OnPostComplaintAsync(string number, Domain.Complaints.ComplaintStage stage) =>
        await AfterAsync(number, (await SendAsync(new ComplaintSteps.Command(Viewer.From(User), number, stage), string.Empty)).Succeeded, "flash.saved", keepUpdateInput: false);

    public async Task<IActionResult> OnPostCallAsync(string number) =>
        await AfterAsync(number, (await SendAsync(new Commitments.LogCall.Command(Viewer.From(User), number, CallSummary), string.Empty)).Succeeded, "flash.call_logged", keepUpdateInput: false);

    public async Task<IActionResult> OnPostForwardAsync(string number) =>
        await AfterAsync(number, (await SendAsync(new Tickets.Forward.Command(Viewer.From(User), number, Forward.DepartmentTeamId, Forward.Summary), "Forward")).Succeeded, "flash.forwarded", keepUpdateInput: false);

    public async Task<IActionResult> OnPostTaskAsync(string number) =>
        await AfterAsync(number, (await SendAsync(new CreateTask.Command(Viewer.From(User), number, Task.Title, Task.Kind, Task.DueLocal, null), "Task")).Succeeded, "flash.task_created", keepUpdateInput: false);

    public async Task<IActionResult> OnPostMergeCustomerAsync(string number, long? other) =>
        await AfterAsync(number, (await SendAsync(new Customers.CustomerMerges.Merge(Viewer.From(User), number, other, OtherContact), string.Empty)).Succeeded, "flash.customer_merged", keepUpdateInput: false);

    public async Task<IActionResult> OnPostUndoCustomerMergeAsync(string number, long merge) =>
        await AfterAsync(number, (await SendAsync(new Customers.CustomerMerges.Undo(Viewer.From(User), number, merge), string.Empty)).Succeeded, "flash.customer_merge_undone", keepUpdateInput: false);

    public async Task<IActionResult> OnPostDismissMergeAsync(string number, long suggestion) =>
        await AfterAsync(number, (await SendAsync(new Customers.CustomerMerges.Dismiss(Viewer.From(User), number, suggestion), string.Empty)).Succeeded, "flash.saved", keepUpdateInput: false);

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
    public string Describe(Changes.Change change)
    {
        var actor = change.Actor.StartsWith("system:", StringComparison.Ordinal) ? L["actor." + change.Actor].Value : change.Actor;
        var at = Time.Format(change.At);
        return change.Field switch
        {
            null => L["timeline.action", actor, at, L["audit." + change.Action]],
            { Field: "sla", To: { } alarm } when alarm.Split(':') is [var metric, var level] =>
                L["timeline.sla", actor, at, $"{L["enum.SlaMetric." + metric]} · {L["enum.EscalationLevel." + level]}"],
            { Field: "aftersales", To: { } started } when started.Split(':') is [var kind, var amount] =>
                L["timeline.aftersales", actor, at, $"{L["enum.AfterSalesKind." + kind]} ¥{amount}"],
            { From: null, Field: "merged" or "merged_from" or "forwarded" or "task" or "department_answer" or "commitment" or "solution" or "offer" } f =>
                L["timeline." + f.Field, actor, at, f.To ?? string.Empty],
            var f => L["timeline.change", actor, at, L["field." + f.Field], FieldValue(f.Field, f.From), FieldValue(f.Field, f.To)],
        };
    }

    /// <summary>Enum values in the user's language; names and tags as they are; empty as a dash.</summary>
    public string FieldValue(string field, string? value) => value switch
    {
        null or "" => "—",
        _ when field == "status" => L["enum.TicketStatus." + value],
        _ when field == "priority" => L["enum.TicketPriority." + value],
        _ when field == "category" => L["enum.TicketCategory." + value],
        _ when field == "aftersales_status" => L["enum.AfterSalesStatus." + value],
        _ when field == "complaint_stage" => L["enum.ComplaintStage." + value],
        _ when field is "merged" or "merged_from" or "forwarded" or "task" or "department_answer" or "commitment" or "solution" or "offer" => value,
        _ => value,
    };

    private BusinessTime Time => HttpContext.RequestServices.GetRequiredService<BusinessTime>();

    private async Task<IActionResult> AfterAsync(string number, bool succeeded, string flashKey, bool keepUpdateInput)
    {
        if (succeeded)
        {
            Flash = L[flashKey];
            return RedirectToPage(new { number, view = View?.ToString().ToLowerInvariant() });
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
        var ticket = await QueryAsync(new Query(Viewer.From(User), number, Math.Clamp(MessageCount ?? MessagePage, 1, 10_000)));
        if (ticket is null)
        {
            return false;
        }

        Ticket = ticket;
        Side = await QueryAsync(new Panels.Query(Viewer.From(User), ticket.Id, ticket.CustomerId, ticket.OrderId));
        CustomerMerge = await QueryAsync(new Customers.CustomerMerges.Query(ticket.CustomerId));
        Pane = await QueryAsync(new QueuePane.Query(Viewer.From(User), View ?? IndexModel.QueueView.Mine));
        return true;
    }

    /// <summary>
    /// Detection never blocks a reply: whatever goes wrong reading the reply for promises, the reply is already sent.
    /// </summary>
    private async Task OfferPromisesAsync(string number)
    {
        try
        {
            var ticket = await QueryAsync(new Query(Viewer.From(User), number));
            var time = HttpContext.RequestServices.GetRequiredService<BusinessTime>();
            var found = await QueryAsync(new Commitments.Promises.Detect(Reply.Body, ticket?.TeamId, HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()));
            DetectedPromises = found.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(found.Select(p => new PromiseInput
            {
                Kind = p.Kind,
                Text = p.Text,
                DueLocal = time.ToLocal(p.DueAt).DateTime,
            }).ToList());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            HttpContext.RequestServices.GetRequiredService<ILogger<DetailsModel>>().LogWarning(ex, "Promise detection failed");
        }
    }

    public sealed class OfferInput
    {
        public Domain.Complaints.Remedy Remedy { get; set; }

        public string? Description { get; set; }

        public decimal? Amount { get; set; }
    }

    public sealed class PromiseInput
    {
        public Domain.Commitments.CommitmentKind Kind { get; set; }

        public string? Text { get; set; }

        public DateTime? DueLocal { get; set; }
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

        /// <summary>"Send and set status": the status the ticket takes in the same save.</summary>
        public TicketStatus? Then { get; set; }

        /// <summary>The canned answer (or macro) the agent inserted, if any.</summary>
        public int? CannedAnswerId { get; set; }

        /// <summary>Go on to the next ticket of the view after sending.</summary>
        public bool Next { get; set; }
    }

    /// <summary>The details form: the agent's choice, and (hidden) the values the form showed, for the three-way merge.</summary>
    public sealed class UpdateInput
    {
        public TicketStatus Status { get; set; }

        public TicketPriority Priority { get; set; }

        public TicketCategory Category { get; set; }

        public int? TeamId { get; set; }

        public Guid? AssigneeId { get; set; }

        public string? Tags { get; set; }

        public TicketStatus WasStatus { get; set; }

        public TicketPriority WasPriority { get; set; }

        public TicketCategory WasCategory { get; set; }

        public int? WasTeamId { get; set; }

        public Guid? WasAssigneeId { get; set; }

        public string? WasTags { get; set; }

        public TicketFields Wanted => new(Status, Priority, Category, TeamId, AssigneeId, TicketFields.SplitTags(Tags));

        public TicketFields Was => new(WasStatus, WasPriority, WasCategory, WasTeamId, WasAssigneeId, TicketFields.SplitTags(WasTags));

        public static UpdateInput From(Model t) => new()
        {
            Status = t.Status,
            Priority = t.Priority,
            Category = t.Category,
            TeamId = t.TeamId,
            AssigneeId = t.AssigneeId,
            Tags = string.Join(", ", t.Tags),
            WasStatus = t.Status,
            WasPriority = t.Priority,
            WasCategory = t.Category,
            WasTeamId = t.TeamId,
            WasAssigneeId = t.AssigneeId,
            WasTags = string.Join(", ", t.Tags),
        };
    }
}
