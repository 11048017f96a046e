using System.Collections.Concurrent;
using HelpDesk.Domain.Sentiment;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Sentiment;

/// <summary>
/// The early warning's one entry point (R13): every customer message — the web form, the customer's page, mail, chat
/// and every other channel, all of which open a ticket or add to one through the domain — is scored as its event is
/// dispatched, in the same transaction. The ticket keeps the scores; the first urgent message raises the priority and
/// <see cref="CustomerTurnedUrgent"/>, which <see cref="WarnSupervisor"/> turns into a notice.
/// </summary>
public sealed class ScoreUrgency(HelpDeskDbContext db) :
    IDomainEventHandler<TicketOpened>,
    IDomainEventHandler<CustomerWrote>
{
    public async Task HandleAsync(TicketOpened domainEvent, CancellationToken cancellationToken) =>
        await ScoreAsync(domainEvent.Ticket, domainEvent.Message, domainEvent.At, cancellationToken);

    public async Task HandleAsync(CustomerWrote domainEvent, CancellationToken cancellationToken) =>
        await ScoreAsync(domainEvent.Ticket, domainEvent.Message, domainEvent.At, cancellationToken);

    private async Task ScoreAsync(Ticket ticket, TicketMessage message, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var lexicon = await UrgencyTerms.LexiconAsync(db, cancellationToken);
        ticket.AssessUrgency(message, UrgencyScorer.Score(message.Body, lexicon), at);
    }
}

/// <summary>
/// The lexicon with the admins' terms (table <c>urgency_terms</c>), read at most every <see cref="MaxAge"/> per
/// database and again at once on this instance after an admin changes it; other instances see a change within
/// <see cref="MaxAge"/>. Kept per connection string, so two apps (test databases) in one process never share one.
/// </summary>
public static class UrgencyTerms
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private static readonly ConcurrentDictionary<string, (long LoadedAt, UrgencyLexicon Lexicon)> Cache = new(StringComparer.Ordinal);

    public static async Task<UrgencyLexicon> LexiconAsync(HelpDeskDbContext db, CancellationToken cancellationToken)
    {
        var key = KeyOf(db);
        var now = Environment.TickCount64;
        if (Cache.TryGetValue(key, out var cached) && now - cached.LoadedAt < MaxAge.TotalMilliseconds)
        {
            return cached.Lexicon;
        }

        var extra = await db.Set<UrgencyTerm>().AsNoTracking().OrderBy(t => t.Id).ToListAsync(cancellationToken);
        var lexicon = UrgencyLexicon.BuiltIn.With(extra);
        Cache[key] = (now, lexicon);
        return lexicon;
    }

    /// <summary>After an admin's change has committed: this instance reads the table again on the next message.</summary>
    public static void ForgetAfterCommit(HelpDeskDbContext db, AfterCommit afterCommit)
    {
        var key = KeyOf(db);
        afterCommit.Add(cancellationToken =>
        {
            Cache.TryRemove(key, out _);
            return Task.CompletedTask;
        });
    }

    private static string KeyOf(HelpDeskDbContext db) => db.Database.GetConnectionString() ?? string.Empty;
}
