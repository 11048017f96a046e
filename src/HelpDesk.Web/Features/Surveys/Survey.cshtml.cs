using FluentValidation;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Surveys;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Surveys;

/// <summary>
/// The customer's survey behind its link (<c>/s/{token}</c>, no password; the token is 256-bit random, stored as its
/// SHA-256 like the ticket links of design.md §7). Phone first: one tap on a score (1–5 for CSAT, 0–10 for NPS) sends
/// it, with the optional comment above. A survey is answered once: a second answer is refused with the first one
/// shown (reports stay stable and every answer is one fact). Unknown or forged links: 404 "not valid"; expired: 410.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(Authentication.PublicRateLimit)]
public class SurveyModel(TimeProvider clock) : SlicePageModel
{
    public const string Route = "/s/";

    public static string PathOf(string token) => Route + token;

    public Model? View { get; private set; }

    [BindProperty]
    public string? Comment { get; set; }

    public async Task<IActionResult> OnGetAsync(string token) => await ShowAsync(token, answered: false);

    public async Task<IActionResult> OnPostAsync(string token, int? score)
    {
        // No score (a post without a tapped button) is out of every range: refused with the range's message, never a 0.
        var sent = await SendAsync(new Answer(token, score ?? -1, Comment, clock.GetUtcNow()), string.Empty);
        if (sent.Succeeded)
        {
            return RedirectToPage(new { token });
        }

        return await ShowAsync(token, answered: true);
    }

    private async Task<IActionResult> ShowAsync(string token, bool answered)
    {
        View = await QueryAsync(new Query(token, clock.GetUtcNow()));
        Response.StatusCode = View switch
        {
            null => StatusCodes.Status404NotFound,
            { Expired: true, Score: null } => StatusCodes.Status410Gone,
            { Score: not null } when answered => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status200OK,
        };
        return Page();
    }

    public sealed record Query(string Token, DateTimeOffset Now) : IQuery<Model?>;

    public sealed record Model(SurveyKind Kind, string? TicketNumber, int MinScore, int MaxScore, bool Expired, int? Score, string? Comment, DateTimeOffset? AnsweredAt);

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, Model?>
    {
        public async Task<Model?> Handle(Query request, CancellationToken cancellationToken) =>
            await FindAsync(db.Surveys.AsNoTracking(), request.Token, cancellationToken) is not { } s ? null : new Model(
                s.Kind,
                s.TicketId is { } id ? Ticket.FormatNumber(await db.Tickets.Where(t => t.Id == id).Select(t => t.Number).SingleAsync(cancellationToken)) : null,
                s.MinScore, s.MaxScore, s.IsExpired(request.Now), s.Score, s.Comment, s.AnsweredAt);
    }

    public sealed record Answer(string Token, int Score, string? Comment, DateTimeOffset Now) : ICommand<Unit>;

    public sealed class AnswerValidator : AbstractValidator<Answer>
    {
        public AnswerValidator(IStringLocalizer<Strings> l) =>
            RuleFor(a => a.Comment).MaximumLength(Survey.CommentMaxLength).WithMessage(_ => l["survey.comment.too_long", Survey.CommentMaxLength]);
    }

    public sealed class AnswerHandler(HelpDeskDbContext db) : IRequestHandler<Answer, Unit>
    {
        public async Task<Unit> Handle(Answer request, CancellationToken cancellationToken)
        {
            // FOR UPDATE: two taps at once answer once; the second sees the first and is refused.
            var survey = await FindAsync(db.Surveys.FromSql($"SELECT * FROM surveys WHERE token_hash = {Hash(request.Token)} FOR UPDATE"), request.Token, cancellationToken)
                ?? throw new DomainException("survey.invalid");
            survey.Answer(request.Score, request.Comment, request.Now);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }

    private static string Hash(string? token) => TicketLink.Hash(token ?? string.Empty);

    private static async Task<Survey?> FindAsync(IQueryable<Survey> surveys, string? token, CancellationToken cancellationToken)
    {
        if (!TicketLink.LooksLikeToken(token))
        {
            return null;
        }

        var hash = Hash(token);
        return await surveys.Where(s => s.TokenHash == hash).SingleOrDefaultAsync(cancellationToken);
    }
}
