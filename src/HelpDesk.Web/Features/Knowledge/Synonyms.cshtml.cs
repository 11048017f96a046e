using HelpDesk.Domain.Knowledge;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Knowledge;

/// <summary>
/// Search synonyms the editors manage: a question containing the word also looks for the synonyms ("邮费" → "运费
/// 快递费", "7天" → "七天"). One row per word; adding a word that exists replaces its synonyms.
/// </summary>
public class SynonymsModel : SlicePageModel
{
    [BindProperty]
    public string? Term { get; set; }

    [BindProperty]
    public string? Expansion { get; set; }

    public IReadOnlyList<SearchSynonym> Rows { get; private set; } = [];

    [TempData]
    public string? Flash { get; set; }

    public async Task OnGetAsync() => Rows = await QueryAsync(new Query());

    public async Task<IActionResult> OnPostAsync()
    {
        if ((await SendAsync(new Put(Term, Expansion), prefix: string.Empty)).Succeeded)
        {
            Flash = L["article.flash.save"];
            return RedirectToPage();
        }

        Rows = await QueryAsync(new Query());
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id)
    {
        await SendAsync(new Delete(id), prefix: string.Empty);
        return RedirectToPage();
    }

    public sealed record Query : IQuery<IReadOnlyList<SearchSynonym>>;

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, IReadOnlyList<SearchSynonym>>
    {
        public async Task<IReadOnlyList<SearchSynonym>> Handle(Query request, CancellationToken cancellationToken) =>
            await db.SearchSynonyms.AsNoTracking().OrderBy(s => s.Term).ToListAsync(cancellationToken);
    }

    public sealed record Put(string? Term, string? Expansion) : ICommand<Unit>;

    public sealed class PutHandler(HelpDeskDbContext db) : IRequestHandler<Put, Unit>
    {
        public async Task<Unit> Handle(Put request, CancellationToken cancellationToken)
        {
            var synonym = new SearchSynonym(request.Term ?? string.Empty, request.Expansion ?? string.Empty);
            await db.SearchSynonyms.Where(s => s.Term == synonym.Term).ExecuteDeleteAsync(cancellationToken);
            db.SearchSynonyms.Add(synonym);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }

    public sealed record Delete(int Id) : ICommand<Unit>;

    public sealed class DeleteHandler(HelpDeskDbContext db) : IRequestHandler<Delete, Unit>
    {
        public async Task<Unit> Handle(Delete request, CancellationToken cancellationToken)
        {
            await db.SearchSynonyms.Where(s => s.Id == request.Id).ExecuteDeleteAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
