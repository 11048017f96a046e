using FluentValidation;
using FluentValidation.Results;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Sentiment;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Sentiment;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Admin;

/// <summary>
/// The early warning's lexicon (R13): the built-in words by kind, the admins' own words (a shop's products, slang,
/// the names of local authorities) with their kind and weight, and a box to try a message against the lexicon as it
/// is now. An admin's word with the same text as a built-in one replaces it; an "ignore" phrase hides the words inside
/// it. New messages are scored with the change at once on this instance (others within half a minute).
/// </summary>
public class UrgencyModel : SlicePageModel
{
    [BindProperty]
    public TermForm Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? Sample { get; set; }

    public Model Lexicon { get; private set; } = Model.Empty;

    public UrgencyAssessment? Tried { get; private set; }

    [TempData]
    public string? Flash { get; set; }

    public sealed class TermForm
    {
        public string? Text { get; set; }

        public UrgencyTermKind Kind { get; set; } = UrgencyTermKind.Anger;

        public int? Weight { get; set; }
    }

    public async Task OnGetAsync()
    {
        Lexicon = await QueryAsync(new Query());
        if (!string.IsNullOrWhiteSpace(Sample))
        {
            Sample = Sample.Length > 2000 ? Sample[..2000] : Sample;
            Tried = await QueryAsync(new Try(Sample));
        }
    }

    public async Task<IActionResult> OnPostAddAsync()
    {
        if ((await SendAsync(new Add(Input.Text, Input.Kind, Input.Weight))).Succeeded)
        {
            Flash = L["admin.urgency.added"];
            return RedirectToPage();
        }

        Lexicon = await QueryAsync(new Query());
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id)
    {
        if ((await SendAsync(new Remove(id))).Succeeded)
        {
            Flash = L["admin.urgency.removed"];
            return RedirectToPage();
        }

        Lexicon = await QueryAsync(new Query());
        return Page();
    }

    public sealed record Row(int Id, string Text, UrgencyTermKind Kind, int Weight, DateTimeOffset CreatedAt);

    /// <summary>The admins' words, and how many built-in ones there are of each kind (with a few examples).</summary>
    public sealed record Model(IReadOnlyList<Row> Terms, IReadOnlyList<(UrgencyTermKind Kind, int Count, string Examples)> BuiltIn)
    {
        public static readonly Model Empty = new([], []);
    }

    public sealed record Query : IQuery<Model>;

    public sealed class QueryHandler(HelpDeskDbContext db) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var terms = await db.Set<UrgencyTerm>().AsNoTracking().OrderBy(t => t.Kind).ThenBy(t => t.Text)
                .Select(t => new Row(t.Id, t.Text, t.Kind, t.Weight, t.CreatedAt)).ToListAsync(cancellationToken);
            var builtIn = UrgencyLexicon.BuiltIn.Terms.GroupBy(t => t.Kind).OrderBy(g => g.Key)
                .Select(g => (g.Key, g.Count(), string.Join("、", g.OrderBy(t => t.Text.Length).ThenBy(t => t.Text, StringComparer.Ordinal).Take(8).Select(t => t.Text))))
                .ToList();
            return new Model(terms, builtIn);
        }
    }

    /// <summary>A message scored against the lexicon as it is now (nothing is saved).</summary>
    public sealed record Try(string Text) : IQuery<UrgencyAssessment>;

    public sealed class TryHandler(HelpDeskDbContext db) : IRequestHandler<Try, UrgencyAssessment>
    {
        public async Task<UrgencyAssessment> Handle(Try request, CancellationToken cancellationToken) =>
            UrgencyScorer.Score(request.Text, await UrgencyTerms.LexiconAsync(db, cancellationToken));
    }

    public sealed record Add(string? Text, UrgencyTermKind Kind, int? Weight) : ICommand<int>;

    public sealed class AddValidator : AbstractValidator<Add>
    {
        public AddValidator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.Text).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage(_ => l["urgency.term.required"])
                .Must(t => t is null || t.Trim().Length <= UrgencyTerm.TextMaxLength).WithMessage(_ => l["urgency.term.too_long", UrgencyTerm.TextMaxLength])
                .Must(t => t is null || Text.IsClean(t)).WithMessage(_ => l["text.invalid_characters"]);
            RuleFor(c => c.Kind).IsInEnum().WithMessage(_ => l["binding.invalid"]);
            RuleFor(c => c.Weight).InclusiveBetween(1, UrgencyTerm.MaxWeight).When(c => c.Weight is not null && c.Kind is not (UrgencyTermKind.Negator or UrgencyTermKind.Ignore))
                .WithMessage(_ => l["urgency.term.weight", 1, UrgencyTerm.MaxWeight]);
        }
    }

    public sealed class AddHandler(HelpDeskDbContext db, AfterCommit afterCommit, TimeProvider clock, IStringLocalizer<Strings> l) : IRequestHandler<Add, int>
    {
        public async Task<int> Handle(Add request, CancellationToken cancellationToken)
        {
            var term = new UrgencyTerm(request.Text!, request.Kind, request.Weight, clock.GetUtcNow());
            if (await db.Set<UrgencyTerm>().AnyAsync(t => t.Text == term.Text, cancellationToken))
            {
                throw Duplicate();
            }

            db.Set<UrgencyTerm>().Add(term);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
            {
                throw Duplicate(); // another admin added the same word a moment ago
            }

            UrgencyTerms.ForgetAfterCommit(db, afterCommit);
            return term.Id;
        }

        private ValidationException Duplicate() => new([new ValidationFailure(nameof(Add.Text), l["urgency.term.duplicate"])]);
    }

    public sealed record Remove(int Id) : ICommand<Unit>;

    public sealed class RemoveHandler(HelpDeskDbContext db, AfterCommit afterCommit) : IRequestHandler<Remove, Unit>
    {
        public async Task<Unit> Handle(Remove request, CancellationToken cancellationToken)
        {
            var term = await db.Set<UrgencyTerm>().SingleOrDefaultAsync(t => t.Id == request.Id, cancellationToken) ?? throw new DomainException("urgency.term.not_found");
            db.Set<UrgencyTerm>().Remove(term);
            await db.SaveChangesAsync(cancellationToken);
            UrgencyTerms.ForgetAfterCommit(db, afterCommit);
            return Unit.Value;
        }
    }
}
