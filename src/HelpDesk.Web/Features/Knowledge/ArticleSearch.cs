using HelpDesk.Domain.Knowledge;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Knowledge;

/// <summary>
/// Finds published articles for a question in Chinese or English (R11). The question, widened by the admins'
/// synonyms and by its compact form ("iphone 15" → "iphone15"), is cut into the same CJK bigrams and Latin words as
/// the articles (<see cref="Search"/>), and any of them may match (a question is not a keyword list: "退货运费谁出"
/// must find "七天无理由退货的运费由谁承担"). Ranking: ts_rank over title (A) › tags, products (B) › body (C),
/// normalised by length, times a bounded bonus for "helpful" votes and a small one for recent edits. One article per
/// slug: the reader's language first. Customers see public articles only.
/// </summary>
public static class ArticleSearch
{
    public sealed record Query(string? Text, bool Staff, string Language, int Take = 10) : IQuery<IReadOnlyList<Hit>>;

    public sealed record Hit(string Slug, string Title, Snippet? Snippet);

    private sealed record Row(int Id, string Slug, string Language, string Title, string Body, double Rank);

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, IReadOnlyList<Hit>>
    {
        public async Task<IReadOnlyList<Hit>> Handle(Query request, CancellationToken cancellationToken)
        {
            var text = request.Text?.Trim() ?? string.Empty;
            if (!Search.IsSearchable(text) || text.Length > 200)
            {
                return [];
            }

            var lower = text.ToLowerInvariant();
            var synonyms = await db.SearchSynonyms.AsNoTracking()
                .Where(s => lower.Contains(s.Term)).Select(s => s.Expansion).ToListAsync(cancellationToken);
            var wanted = string.Join(' ', synonyms.Prepend(text).Append(Article.Compact(text)));
            var audience = request.Staff ? null : ArticleAudience.Public.ToString();

            var rows = await db.Database.SqlQuery<Row>($"""
                WITH q AS (
                    SELECT string_agg(DISTINCT quote_literal(t), ' | ')::tsquery AS query
                    FROM unnest(string_to_array(trim(hd_search_tokens({wanted})), ' ')) AS t
                    WHERE t <> '')
                SELECT a.id, a.slug, a.language, a.title, a.body,
                       (ts_rank(a.search_vector, q.query, 1)
                        * (1 + ln(1 + greatest(a.helpful - a.not_helpful, 0)) / 10)
                        * (1 + 0.05 / (1 + extract(epoch FROM now() - a.updated_at) / 2592000)))::float8 AS rank
                FROM articles a, q
                WHERE q.query IS NOT NULL AND a.search_vector @@ q.query AND a.status = 'Published'
                  AND ({audience}::text IS NULL OR a.audience = {audience})
                ORDER BY rank DESC, a.id
                LIMIT {request.Take * 3}
                """).ToListAsync(cancellationToken);

            return [.. rows
                .GroupBy(r => r.Slug)
                .Select(g => g.FirstOrDefault(r => r.Language == request.Language) ?? g.First())
                .OrderByDescending(r => r.Rank).ThenBy(r => r.Id)
                .Take(request.Take)
                .Select(r => new Hit(r.Slug, r.Title, ArticleText.Cut(ArticleText.Plain(r.Body), text)))];
        }
    }
}
