using FluentValidation;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Knowledge;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Admin.CannedAnswers;

/// <summary>
/// Writes one canned answer (new when there is no id): its title (what agents type after <c>/</c> to find it), its
/// text with placeholders, the category it is offered first on, and — to make it a macro — the status it sets, the
/// tags it adds and whether sending it takes the ticket. Inactive answers are kept (their usage counts stay) but
/// no longer offered.
/// </summary>
public class EditModel : SlicePageModel
{
    [BindProperty]
    public Form Input { get; set; } = new();

    public bool IsNew { get; private set; }

    /// <summary>The intents an answer can be a variant of (话术优化 compares an intent's variants).</summary>
    public IReadOnlyList<(int Id, string Name)> Intents { get; private set; } = [];

    [TempData]
    public string? Flash { get; set; }

    public async Task<IActionResult> OnGetAsync(int? id)
    {
        IsNew = id is null;
        Intents = await QueryAsync(new IntentsQuery());
        if (id is { } existing)
        {
            if (await QueryAsync(new Query(existing)) is not { } form)
            {
                return NotFound();
            }

            Input = form;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id)
    {
        IsNew = id is null;
        var result = await SendAsync(new Save(id, Input), prefix: string.Empty);
        if (!result.Succeeded)
        {
            Intents = await QueryAsync(new IntentsQuery());
            return Page();
        }

        Flash = L["admin.saved"];
        return RedirectToPage("Index");
    }

    public sealed class Form
    {
        public string? Title { get; set; }

        public string? Body { get; set; }

        public TicketCategory? Category { get; set; }

        public bool IsActive { get; set; } = true;

        public TicketStatus? SetsStatus { get; set; }

        public string? AddsTags { get; set; }

        public bool TakesTicket { get; set; }

        /// <summary>The intent it is a variant of; none: a new intent named after the title.</summary>
        public int? IntentId { get; set; }
    }

    public sealed record IntentsQuery : IQuery<IReadOnlyList<(int Id, string Name)>>;

    public sealed class IntentsHandler(HelpDeskDbContext db) : IRequestHandler<IntentsQuery, IReadOnlyList<(int Id, string Name)>>
    {
        public async Task<IReadOnlyList<(int Id, string Name)>> Handle(IntentsQuery request, CancellationToken cancellationToken) =>
            [.. (await db.AnswerIntents.AsNoTracking().OrderBy(i => i.Name).Select(i => new { i.Id, i.Name }).ToListAsync(cancellationToken)).Select(i => (i.Id, i.Name))];
    }

    public sealed record Query(int Id) : IQuery<Form?>;

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, Form?>
    {
        public async Task<Form?> Handle(Query request, CancellationToken cancellationToken) =>
            await db.CannedAnswers.AsNoTracking().Where(c => c.Id == request.Id)
                .Select(c => new Form
                {
                    Title = c.Title, Body = c.Body, Category = c.Category, IsActive = c.IsActive,
                    SetsStatus = c.SetsStatus, AddsTags = string.Join(", ", c.AddsTags), TakesTicket = c.TakesTicket, IntentId = c.IntentId,
                })
                .SingleOrDefaultAsync(cancellationToken);
    }

    public sealed record Save(int? Id, Form Input) : ICommand<int>;

    public sealed class SaveValidator : AbstractValidator<Save>
    {
        public SaveValidator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.Input.Title).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage(_ => l["canned.title.required"])
                .MaximumLength(100).WithMessage(_ => l["canned.title.too_long", 100]);
            RuleFor(c => c.Input.Body).Must(b => !string.IsNullOrWhiteSpace(b)).WithMessage(_ => l["canned.body.required"])
                .MaximumLength(CannedAnswer.BodyMaxLength).WithMessage(_ => l["canned.body.too_long", CannedAnswer.BodyMaxLength]);
            RuleFor(c => c.Input.SetsStatus).NotEqual(TicketStatus.New).WithMessage(_ => l["canned.status.new"]);
            RuleFor(c => c.Input.AddsTags).MaximumLength(500).WithMessage(_ => l["canned.tags.too_long", 500]);
        }
    }

    public sealed class SaveHandler(HelpDeskDbContext db) : IRequestHandler<Save, int>
    {
        public async Task<int> Handle(Save request, CancellationToken cancellationToken)
        {
            var f = request.Input;
            CannedAnswer answer;
            var intent = f.IntentId is { } intentId
                ? await db.AnswerIntents.SingleOrDefaultAsync(i => i.Id == intentId, cancellationToken) ?? throw new NotFoundException("intent.not_found")
                : null;
            if (request.Id is { } id)
            {
                answer = await db.CannedAnswers.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw new NotFoundException("canned.not_found");
                answer.Edit(f.Title!, f.Body!, f.Category, f.IsActive);
                if (intent is not null)
                {
                    answer.MoveTo(intent);
                }
            }
            else
            {
                answer = new CannedAnswer(f.Title!, f.Body!, f.Category, intent);
                db.CannedAnswers.Add(answer);
            }

            answer.SetActions(f.SetsStatus, TicketFields.SplitTags(f.AddsTags), f.TakesTicket);
            await db.SaveChangesAsync(cancellationToken);
            return answer.Id;
        }
    }
}
