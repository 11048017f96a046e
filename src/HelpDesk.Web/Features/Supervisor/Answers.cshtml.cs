using HelpDesk.Domain.Common;
using HelpDesk.Domain.Knowledge;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Supervisor;

/// <summary>
/// Answer optimisation (话术优化, R11): per intent, its variants ranked by the Wilson lower bound (95 %) on their
/// good-outcome rate over settled uses (a reply is judged 7 days after it was sent; good = not reopened within 7 d, no
/// new customer message within 48 h, no complaint within 7 d — <see cref="AnswerUse"/>). Below 30 settled uses a variant
/// has "not enough data". The page recommends the winner; a supervisor promotes it (agents get it first) and retires
/// losers (no longer offered). One grouped query over <c>answer_uses</c> by <c>(variant_id, used_at)</c>.
/// </summary>
public class AnswersModel(TimeProvider clock) : SlicePageModel
{
    public IReadOnlyList<IntentView> Intents { get; private set; } = [];

    [TempData]
    public string? Flash { get; set; }

    public async Task OnGetAsync() => Intents = await QueryAsync(new Query(clock.GetUtcNow()));

    public Task<IActionResult> OnPostPromoteAsync(int intentId, int variantId) =>
        ActAsync(new Promote(Viewer.From(User), intentId, variantId, clock.GetUtcNow()), "answers.flash.promoted");

    public Task<IActionResult> OnPostRetireAsync(int intentId, int variantId) =>
        ActAsync(new Retire(Viewer.From(User), intentId, variantId, clock.GetUtcNow()), "answers.flash.retired");

    private async Task<IActionResult> ActAsync(ICommand<bool> command, string flash)
    {
        if ((await SendAsync(command, string.Empty)).Succeeded)
        {
            Flash = L[flash];
            return RedirectToPage();
        }

        Intents = await QueryAsync(new Query(clock.GetUtcNow()));
        return Page();
    }

    public sealed record IntentView(int Id, string Name, TicketCategory? Category, int? RecommendedVariantId, IReadOnlyList<VariantView> Variants)
    {
        public VariantView? Winner => Variants.FirstOrDefault(v => v.Ranked.IsWinner);
    }

    public sealed record VariantView(int Id, string Title, bool IsActive, bool Retired, bool Recommended, int Pending, RankedVariant Ranked);

    public sealed record Query(DateTimeOffset Now) : IQuery<IReadOnlyList<IntentView>>;

    private sealed record Stats(int VariantId, int Uses, int Good, int Reopened, int WroteAgain, int Complained, int Pending, double? MedianHours, double? AverageEdit, int Rated, double? AverageCsat);

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, IReadOnlyList<IntentView>>
    {
        public async Task<IReadOnlyList<IntentView>> Handle(Query request, CancellationToken cancellationToken)
        {
            var intents = await db.AnswerIntents.AsNoTracking().OrderBy(i => i.Name).ThenBy(i => i.Id).ToListAsync(cancellationToken);
            var variants = await db.CannedAnswers.AsNoTracking()
                .Select(c => new { c.Id, c.IntentId, c.Title, c.IsActive, c.RetiredAt })
                .ToListAsync(cancellationToken);
            var ids = variants.Select(v => v.Id).ToArray();
            var settledBy = request.Now - AnswerUse.ObservationWindow;
            var stats = (await db.Database.SqlQuery<Stats>($"""
                SELECT u.variant_id,
                       count(*) FILTER (WHERE u.used_at <= {settledBy})::int AS uses,
                       count(*) FILTER (WHERE u.used_at <= {settledBy} AND u.customer_wrote_at IS NULL AND u.reopened_at IS NULL AND u.complained_at IS NULL
                                              AND (u.csat IS NULL OR u.csat > {AnswerUse.DissatisfiedAtMost}))::int AS good,
                       count(u.reopened_at) FILTER (WHERE u.used_at <= {settledBy})::int AS reopened,
                       count(u.customer_wrote_at) FILTER (WHERE u.used_at <= {settledBy})::int AS wrote_again,
                       count(u.complained_at) FILTER (WHERE u.used_at <= {settledBy})::int AS complained,
                       count(*) FILTER (WHERE u.used_at > {settledBy})::int AS pending,
                       (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM u.resolved_at - u.used_at) / 3600) FILTER (WHERE u.used_at <= {settledBy}))::float8 AS median_hours,
                       (avg(u.edit_distance) FILTER (WHERE u.used_at <= {settledBy}))::float8 AS average_edit,
                       count(u.csat) FILTER (WHERE u.used_at <= {settledBy})::int AS rated,
                       (avg(u.csat) FILTER (WHERE u.used_at <= {settledBy}))::float8 AS average_csat
                FROM answer_uses u
                WHERE u.variant_id = ANY({ids})
                GROUP BY u.variant_id
                """).ToListAsync(cancellationToken)).ToDictionary(s => s.VariantId);

            var byIntent = variants.ToLookup(v => v.IntentId);
            return [.. intents.Select(intent =>
            {
                var mine = byIntent[intent.Id].ToList();
                var ranked = VariantRanking.Rank(mine.Select(v => stats.GetValueOrDefault(v.Id) is { } s
                    ? new VariantOutcomes(v.Id, s.Uses, s.Good, s.Reopened, s.WroteAgain, s.Complained, s.MedianHours, s.AverageEdit, s.Rated, s.AverageCsat)
                    : new VariantOutcomes(v.Id, 0, 0, 0, 0, 0, null, null)));
                return new IntentView(intent.Id, intent.Name, intent.Category, intent.RecommendedVariantId, [.. ranked.Select(r =>
                {
                    var v = mine.Single(x => x.Id == r.Outcomes.VariantId);
                    return new VariantView(v.Id, v.Title, v.IsActive, v.RetiredAt is not null, v.Id == intent.RecommendedVariantId, stats.GetValueOrDefault(v.Id)?.Pending ?? 0, r);
                })]);
            })];
        }
    }

    [SupervisorsOnly("answers.supervisors_only")]
    public sealed record Promote(Viewer Viewer, int IntentId, int VariantId, DateTimeOffset Now) : ICommand<bool>, IStaffRequest;

    [SupervisorsOnly("answers.supervisors_only")]
    public sealed record Retire(Viewer Viewer, int IntentId, int VariantId, DateTimeOffset Now) : ICommand<bool>, IStaffRequest;

    public sealed class PromoteHandler(HelpDeskDbContext db) : IRequestHandler<Promote, bool>, IRequestHandler<Retire, bool>
    {
        public async Task<bool> Handle(Promote request, CancellationToken cancellationToken)
        {
            var (intent, variant) = await LoadAsync(request.IntentId, request.VariantId, cancellationToken);
            intent.Promote(variant, request.Now);
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }

        public async Task<bool> Handle(Retire request, CancellationToken cancellationToken)
        {
            var (intent, variant) = await LoadAsync(request.IntentId, request.VariantId, cancellationToken);
            intent.Retire(variant, request.Now);
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }

        private async Task<(AnswerIntent, CannedAnswer)> LoadAsync(int intentId, int variantId, CancellationToken cancellationToken)
        {
            var intent = await db.AnswerIntents.SingleOrDefaultAsync(i => i.Id == intentId, cancellationToken) ?? throw new NotFoundException("intent.not_found");
            var variant = await db.CannedAnswers.SingleOrDefaultAsync(c => c.Id == variantId, cancellationToken) ?? throw new NotFoundException("canned.not_found");
            return (intent, variant);
        }
    }
}
