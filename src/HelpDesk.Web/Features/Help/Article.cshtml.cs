using HelpDesk.Domain.Knowledge;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Knowledge;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Help;

/// <summary>
/// One public article in the reader's language (the other language when it has no translation), with its section,
/// the link to the translation, and "was this helpful?" (one vote per article per browser, remembered in a cookie).
/// Drafts, archived and internal articles are a 404 here, whoever asks. Each read is recorded for the deflection rate.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(Authentication.PublicRateLimit)]
public class ArticleModel(TimeProvider clock) : SlicePageModel
{
    public Model View { get; private set; } = null!;

    public bool Voted { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        if (await QueryAsync(new Query(slug, IndexModel.Language)) is not { } view)
        {
            return NotFound();
        }

        View = view;
        Voted = Request.Cookies.ContainsKey(VoteCookie(view.Id));
        if (TempData.Peek("Help.Voted") is null && TempData.Peek("Help.Solved") is null) // not the thanks after one's own vote
        {
            await SendAsync(new HelpVisitor.Record(HelpVisitor.Of(HttpContext), HelpEventKind.ArticleView, clock.GetUtcNow(), view.Id), prefix: string.Empty);
        }

        return Page();
    }

    public Task<IActionResult> OnPostVoteAsync(string slug, bool helpful) => VoteAsync(slug, helpful, deflected: false);

    /// <summary>A customer who came from the complaint form says the article solved it: a deflection (and a helpful vote).</summary>
    public Task<IActionResult> OnPostSolvedAsync(string slug) => VoteAsync(slug, helpful: true, deflected: true);

    /// <summary>Counts the vote unless this browser voted on the article before, then shows the thanks.</summary>
    private async Task<IActionResult> VoteAsync(string slug, bool helpful, bool deflected)
    {
        if (await QueryAsync(new Query(slug, IndexModel.Language)) is not { } view)
        {
            return NotFound();
        }

        if (!Request.Cookies.ContainsKey(VoteCookie(view.Id)) && (await SendAsync(new Vote(view.Id, helpful, deflected), prefix: string.Empty)).Succeeded)
        {
            Response.Cookies.Append(VoteCookie(view.Id), helpful ? "1" : "0", new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = Request.IsHttps, MaxAge = TimeSpan.FromDays(365) });
            if (deflected)
            {
                await SendAsync(new HelpVisitor.Record(HelpVisitor.Of(HttpContext), HelpEventKind.Solved, clock.GetUtcNow(), view.Id), prefix: string.Empty);
            }
        }

        TempData[deflected ? "Help.Solved" : "Help.Voted"] = deflected || helpful;
        return Redirect($"/help/articles/{view.Slug}#vote");
    }

    private static string VoteCookie(int id) => $"hd_vote_{id}";

    public sealed record Model(int Id, string Slug, string Language, string Title, string Html, ArticleCategory Category, DateTimeOffset UpdatedAt, string? OtherLanguage);

    public sealed record Query(string Slug, string Language) : IQuery<Model?>;

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, Model?>
    {
        public async Task<Model?> Handle(Query request, CancellationToken cancellationToken)
        {
            var versions = await db.Articles.AsNoTracking()
                .Where(a => a.Slug == request.Slug && a.Status == ArticleStatus.Published && a.Audience == ArticleAudience.Public)
                .ToListAsync(cancellationToken);
            var article = versions.FirstOrDefault(a => a.Language == request.Language) ?? versions.FirstOrDefault();
            if (article is null)
            {
                return null;
            }

            var category = await db.ArticleCategories.AsNoTracking().SingleAsync(c => c.Id == article.CategoryId, cancellationToken);
            return new Model(article.Id, article.Slug, article.Language, article.Title, ArticleText.Html(article.Body), category, article.UpdatedAt,
                versions.FirstOrDefault(a => a.Language != article.Language)?.Language);
        }
    }

    public sealed record Vote(int Id, bool Helpful, bool Deflected = false) : ICommand<Unit>;

    public sealed class VoteHandler(HelpDeskDbContext db) : IRequestHandler<Vote, Unit>
    {
        public async Task<Unit> Handle(Vote request, CancellationToken cancellationToken)
        {
            var article = await db.Articles.SingleAsync(a => a.Id == request.Id, cancellationToken);
            if (request.Deflected)
            {
                article.Deflect();
            }
            else
            {
                article.Vote(request.Helpful);
            }

            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
