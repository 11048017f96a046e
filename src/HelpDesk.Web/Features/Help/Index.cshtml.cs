using System.Globalization;
using HelpDesk.Domain.Knowledge;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Knowledge;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Help;

/// <summary>
/// The help centre's self-service (R11): search public articles by a question in the reader's words, or browse the
/// sections with their most helpful articles; each search is recorded for the deflection rate (<see cref="HelpVisitor"/>).
/// <c>?handler=Suggest&amp;q=</c> returns up to three matches as a fragment, for the complaint form to offer while the
/// customer types (not recorded: it runs on every pause in typing).
/// </summary>
[AllowAnonymous]
public class IndexModel(TimeProvider clock) : SlicePageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public IReadOnlyList<ArticleSearch.Hit> Hits { get; private set; } = [];

    public IReadOnlyList<Section> Sections { get; private set; } = [];

    public static string Language => CultureInfo.CurrentUICulture.Name == Article.English ? Article.English : Article.Chinese;

    public async Task OnGetAsync()
    {
        if (!string.IsNullOrWhiteSpace(Q))
        {
            Hits = await QueryAsync(new ArticleSearch.Query(Q, Staff: false, Language));
            await SendAsync(new HelpVisitor.Record(HelpVisitor.Of(HttpContext), HelpEventKind.Search, clock.GetUtcNow(), Query: Q.Trim(), Results: Hits.Count), prefix: string.Empty);
        }

        Sections = await QueryAsync(new Query(Language));
    }

    public async Task<IActionResult> OnGetSuggestAsync()
    {
        Hits = await QueryAsync(new ArticleSearch.Query(Q, Staff: false, Language, Take: 3));
        return Partial("_Suggestions", this);
    }

    public sealed record Section(ArticleCategory Category, IReadOnlyList<(string Slug, string Title)> Top, int Count);

    /// <summary>Each section with its six most helpful public articles (the reader's language first).</summary>
    public sealed record Query(string Language) : IQuery<IReadOnlyList<Section>>;

    private sealed record Row(int CategoryId, string Slug, string Title, int Rank, int Count);

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, IReadOnlyList<Section>>
    {
        public async Task<IReadOnlyList<Section>> Handle(Query request, CancellationToken cancellationToken)
        {
            var categories = await db.ArticleCategories.AsNoTracking().OrderBy(c => c.Position).ToListAsync(cancellationToken);
            var rows = await db.Database.SqlQuery<Row>($"""
                SELECT category_id, slug, title, rank, count FROM (
                    SELECT a.category_id, a.slug, a.title,
                           row_number() OVER (PARTITION BY a.category_id ORDER BY a.helpful - a.not_helpful DESC, a.id)::int AS rank,
                           count(*) OVER (PARTITION BY a.category_id)::int AS count
                    FROM (SELECT DISTINCT ON (slug) * FROM articles
                          WHERE status = 'Published' AND audience = 'Public'
                          ORDER BY slug, (language = {request.Language}) DESC) a) r
                WHERE rank <= 6
                ORDER BY category_id, rank
                """).ToListAsync(cancellationToken);
            return [.. categories.Select(c =>
            {
                var top = rows.Where(r => r.CategoryId == c.Id).ToList();
                return new Section(c, [.. top.Select(r => (r.Slug, r.Title))], top.FirstOrDefault()?.Count ?? 0);
            })];
        }
    }
}
