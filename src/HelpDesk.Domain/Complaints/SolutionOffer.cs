using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Complaints;

/// <summary>One remedy the agent offers, as the customer reads it ("换一台新的", "退款 50 元").</summary>
public sealed record SolutionOption(Remedy Remedy, string Description, decimal? Amount);

/// <summary>
/// The solutions an agent offers a complaining customer to choose from (R4.3). The customer chooses once, on the
/// ticket page; the choice is recorded and the agent told.
/// </summary>
public sealed record SolutionsOffered(SolutionOffer Offer, Actor By, DateTimeOffset At) : ITicketActivity
{
    public long? TicketId => Offer.TicketId;
}

public sealed record SolutionChosen(SolutionOffer Offer, Actor By, DateTimeOffset At) : ITicketActivity
{
    public long? TicketId => Offer.TicketId;
}

public class SolutionOffer : AggregateRoot
{
    public const int MaxOptions = 4;

    private SolutionOffer()
    {
    }

    public SolutionOffer(long ticketId, IEnumerable<SolutionOption> options, Actor by, DateTimeOffset now)
    {
        var offeredBy = by.StaffId ?? throw new DomainException("solution.invalid");
        var list = options.Where(o => !string.IsNullOrWhiteSpace(o.Description))
            .Select(o => o with { Description = o.Description.Trim() })
            .ToList();
        if (list.Count == 0)
        {
            throw new DomainException("solution.none");
        }

        if (list.Count > MaxOptions)
        {
            throw new DomainException("solution.too_many", MaxOptions);
        }

        if (list.Any(o => o.Amount < 0) || list.Any(o => o.Description.Length > 200))
        {
            throw new DomainException("solution.invalid");
        }

        TicketId = ticketId;
        Options = list;
        OfferedById = offeredBy;
        OfferedAt = now;
        Raise(new SolutionsOffered(this, by, now));
    }

    public long Id { get; private set; }

    public long TicketId { get; private set; }

    public List<SolutionOption> Options { get; private set; } = [];

    public Guid OfferedById { get; private set; }

    public DateTimeOffset OfferedAt { get; private set; }

    public int? ChosenIndex { get; private set; }

    public DateTimeOffset? ChosenAt { get; private set; }

    public SolutionOption? Chosen => ChosenIndex is { } i ? Options[i] : null;

    public void Choose(int index, Actor by, DateTimeOffset now)
    {
        if (ChosenIndex is not null)
        {
            throw new DomainException("solution.already_chosen");
        }

        if (index < 0 || index >= Options.Count)
        {
            throw new DomainException("solution.invalid");
        }

        ChosenIndex = index;
        ChosenAt = now;
        Raise(new SolutionChosen(this, by, now));
    }
}

/// <summary>
/// The customer's word after a resolution (R4.4, R13): solved or not, a 1–5 rating and an optional comment. One per
/// resolution: a ticket resolved again after reopening can be rated again.
/// </summary>
public class SatisfactionRating
{
    private SatisfactionRating()
    {
    }

    public SatisfactionRating(long ticketId, DateTimeOffset resolvedAt, bool solved, int score, string? comment, DateTimeOffset now)
    {
        if (score is < 1 or > 5)
        {
            throw new DomainException("rating.score");
        }

        TicketId = ticketId;
        ResolvedAt = resolvedAt;
        Solved = solved;
        Score = score;
        Comment = string.IsNullOrWhiteSpace(comment) ? null : Guard.NotBlank(comment, "rating.comment", 1_000);
        CreatedAt = now;
    }

    public long Id { get; private set; }

    public long TicketId { get; private set; }

    /// <summary>The resolution this rates (the ticket's ResolvedAt then).</summary>
    public DateTimeOffset ResolvedAt { get; private set; }

    public bool Solved { get; private set; }

    public int Score { get; private set; }

    public string? Comment { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
