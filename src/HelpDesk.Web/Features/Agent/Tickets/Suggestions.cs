using HelpDesk.Domain.Knowledge;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Knowledge;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Agent.Tickets;

/// <summary>
/// The reply box's suggestions (R11, issue 15 item 4): for what the ticket is about — its subject and the customer's
/// last message, searched with <see cref="ArticleSearch"/> (internal and public articles) — the top three articles,
/// and the top three intents of the answer library (<see cref="AnswerMatch"/>: words in common, the ticket's category
/// first; another category's answer only with <see cref="Suggestions.MinimumScore"/> of its words in common), each as its recommended variant when a supervisor promoted one, filled with the ticket's values. A public
/// article is inserted as a short answer with its help-centre link; an internal one (agents' know-how, no public
/// address) as its plain text, for the agent to turn into an answer. Loaded by the page after it is shown
/// (<c>?handler=Suggestions</c>, agents' area only), so the ticket page never waits for the search.
/// </summary>
public partial class DetailsModel
{
    public const int SuggestedArticles = 3;
    public const int SuggestedAnswers = 3;

    public async Task<IActionResult> OnGetSuggestionsAsync(string number)
    {
        var found = await QueryAsync(new Suggestions.Query(Viewer.From(User), number, System.Globalization.CultureInfo.CurrentUICulture.Name == "en" ? Domain.Knowledge.Article.English : Domain.Knowledge.Article.Chinese));
        return found is null ? NotFound() : Partial("_Suggestions", found);
    }
}

public static class Suggestions
{
    /// <summary>An answer for another category is offered only when this share of its words is in the ticket's text.</summary>
    public const double MinimumScore = 0.15;

    public sealed record Query(Viewer Viewer, string Number, string Language) : IQuery<Model?>;

    public sealed record Model(IReadOnlyList<ArticleItem> Articles, IReadOnlyList<AnswerItem> Answers);

    /// <summary>An article and the text inserting it puts in the reply.</summary>
    public sealed record ArticleItem(string Slug, string Title, bool Internal, string Insert);

    /// <summary>A canned answer variant filled for the ticket; <c>Unfilled</c>: placeholders the ticket had no value for.</summary>
    public sealed record AnswerItem(int Id, string Intent, string Title, string Body, bool Recommended, IReadOnlyList<string> Unfilled);

    public sealed class Handler(HelpDeskDbContext db, IMediator mediator, BusinessTime time, PublicAddress address, Microsoft.Extensions.Localization.IStringLocalizer<Strings> l)
        : IRequestHandler<Query, Model?>
    {
        public async Task<Model?> Handle(Query request, CancellationToken cancellationToken)
        {
            if (!Ticket.TryParseNumber(request.Number, out var number))
            {
                return null;
            }

            var ticket = await db.Tickets.AsNoTracking().VisibleTo(db, request.Viewer).Where(t => t.Number == number)
                .Select(t => new { t.Id, t.Subject, t.Category }).SingleOrDefaultAsync(cancellationToken);
            if (ticket is null)
            {
                return null;
            }

            var lastCustomer = await db.TicketMessages.AsNoTracking()
                .Where(m => m.TicketId == ticket.Id && m.Kind == MessageKind.Customer)
                .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
                .Select(m => m.Body).FirstOrDefaultAsync(cancellationToken) ?? string.Empty;
            var about = $"{ticket.Subject} {lastCustomer}";

            var hits = await mediator.Send(new ArticleSearch.Query(about[..Math.Min(about.Length, 200)], Staff: true, request.Language, DetailsModel.SuggestedArticles), cancellationToken);
            var slugs = hits.Select(h => h.Slug).ToList();
            var texts = await db.Articles.AsNoTracking()
                .Where(a => slugs.Contains(a.Slug) && a.Status == ArticleStatus.Published)
                .Select(a => new { a.Slug, a.Language, a.Title, a.Body, a.Audience })
                .ToListAsync(cancellationToken);
            var articles = hits.Select(h => texts.Where(a => a.Slug == h.Slug).OrderBy(a => a.Language == request.Language ? 0 : 1).First())
                .Select(a => new ArticleItem(a.Slug, a.Title, a.Audience == ArticleAudience.Internal, a.Audience == ArticleAudience.Internal
                    ? Cap(ArticleText.Plain(a.Body), 2_000)
                    : $"{a.Title}\n{Cap(ArticleText.Plain(a.Body), 120)}\n{l["suggest.article.more"]}{address.BaseUrl}/help/articles/{a.Slug}"))
                .ToList();

            var variants = await (
                from c in db.CannedAnswers.AsNoTracking()
                where c.IsActive
                join i in db.AnswerIntents on c.IntentId equals i.Id
                select new { c.Id, c.Title, c.Body, c.Category, c.TimesUsed, c.IntentId, Intent = i.Name, i.RecommendedVariantId })
                .ToListAsync(cancellationToken);
            var values = await AnswerFacts.LoadAsync(db, time, ticket.Id, request.Viewer.Name, cancellationToken);
            var answers = variants
                .GroupBy(v => v.IntentId)
                .Select(g => g.OrderByDescending(v => v.Id == v.RecommendedVariantId).ThenByDescending(v => v.TimesUsed).ThenBy(v => v.Id).First())
                .Select(v => (v, Score: AnswerMatch.Score(about, ticket.Category, v.Intent + " " + v.Title, v.Body, v.Category)))
                .Where(x => x.Score >= MinimumScore)
                .OrderByDescending(x => x.Score).ThenBy(x => x.v.Id)
                .Take(DetailsModel.SuggestedAnswers)
                .Select(x =>
                {
                    var body = CannedAnswer.Render(x.v.Body, values);
                    return new AnswerItem(x.v.Id, x.v.Intent, x.v.Title, body, x.v.Id == x.v.RecommendedVariantId, CannedAnswer.Unfilled(body));
                })
                .ToList();
            return new Model(articles, answers);
        }

        private static string Cap(string text, int length) => text.Length <= length ? text : text[..length] + "…";
    }
}
