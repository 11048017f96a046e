using HelpDesk.Domain.Knowledge;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Help;

/// <summary>One help-centre section: all its public articles (one per address, the reader's language first), by title.</summary>
[AllowAnonymous]
public class CategoryModel : SlicePageModel
{
    public ArticleCategory Category { get; private set; } = null!;

    public IReadOnlyList<(string Slug, string Title)> Articles { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        if (await QueryAsync(new Query(slug, IndexModel.Language)) is not { } found)
        {
            return NotFound();
        }

        (Category, Articles) = found;
        return Page();
    }

    public sealed record Query(string Slug, string Language) : IQuery<(ArticleCategory, IReadOnlyList<(string Slug, string Title)>)?>;

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, (ArticleCategory, IReadOnlyList<(string Slug, string Title)>)?>
    {
        public async Task<(ArticleCategory, IReadOnlyList<(string Slug, string Title)>)?> Handle(Query request, CancellationToken cancellationToken)
        {
            var category = await db.ArticleCategories.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == request.Slug, cancellationToken);
            if (category is null)
            {
                return null;
            }

            var rows = await db.Articles.AsNoTracking()
                .Where(a => a.CategoryId == category.Id && a.Status == ArticleStatus.Published && a.Audience == ArticleAudience.Public)
                .Select(a => new { a.Slug, a.Title, a.Language }).ToListAsync(cancellationToken);
            return (category, [.. rows.GroupBy(r => r.Slug)
                .Select(g => g.FirstOrDefault(r => r.Language == request.Language) ?? g.First())
                .OrderBy(r => r.Title, StringComparer.Ordinal).Select(r => (r.Slug, r.Title))]);
        }
    }
}
