using HelpDesk.Domain.Knowledge;
using HelpDesk.Domain.Teams;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Knowledge;

/// <summary>
/// The editors' list of articles: every language, status and audience, newest change first, narrowed by status or a
/// word of the title, 50 at a time (keyset on the time of the change). Supervisors and admins see every article; a
/// department's liaison those of their departments only (the index on department, time of change, id serves it).
/// </summary>
public class IndexModel : SlicePageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public ArticleStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>Keyset: the last row of the previous page (<see cref="TimeCursor"/>).</summary>
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public Model List { get; private set; } = null!;

    public async Task OnGetAsync() =>
        List = await QueryAsync(new Query(Status, Q, After, await Editor.OfAsync(Mediator, User, HttpContext.RequestAborted)));

    public sealed record Query(ArticleStatus? Status, string? Text, string? After, Editor Editor) : IQuery<Model>;

    public sealed record Model(IReadOnlyList<Row> Rows, string? Next, IReadOnlyDictionary<int, string> Categories, IReadOnlyDictionary<int, string> Departments, bool FullEditor);

    public sealed record Row(int Id, string Slug, string Language, string Title, int CategoryId, int? DepartmentId, ArticleAudience Audience, ArticleStatus Status, int Helpful, int NotHelpful, DateTimeOffset UpdatedAt);

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var articles = db.Articles.AsNoTracking();
            if (request.Editor.Departments is { } mine)
            {
                articles = articles.Where(a => a.DepartmentId != null && mine.Contains(a.DepartmentId.Value));
            }

            if (request.Status is { } status)
            {
                articles = articles.Where(a => a.Status == status);
            }

            if (!string.IsNullOrWhiteSpace(request.Text))
            {
                var pattern = Search.ContainsPattern(request.Text.Trim());
                articles = articles.Where(a => EF.Functions.ILike(a.Title, pattern) || EF.Functions.ILike(a.Slug, pattern));
            }

            if (TimeCursor.Parse(request.After) is { } after)
            {
                articles = articles.Where(a => a.UpdatedAt < after.At || (a.UpdatedAt == after.At && a.Id < after.Id));
            }

            var rows = await articles.OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id).Take(PageSize + 1)
                .Select(a => new Row(a.Id, a.Slug, a.Language, a.Title, a.CategoryId, a.DepartmentId, a.Audience, a.Status, a.Helpful, a.NotHelpful, a.UpdatedAt))
                .ToListAsync(cancellationToken);
            var page = rows.Take(PageSize).ToList();
            var categories = await db.ArticleCategories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.NameZh + " / " + c.NameEn, cancellationToken);
            var departments = await db.Teams.AsNoTracking().Where(t => t.Kind == TeamKind.Department).ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
            return new Model(page, rows.Count > PageSize ? new TimeCursor(page[^1].UpdatedAt, page[^1].Id).ToString() : null, categories, departments, request.Editor.IsFull);
        }
    }
}
