namespace HelpDesk.Web.Features.Reports;

/// <summary>What a reporting fact records (issue 16 item 1).</summary>
public enum FactKind
{
    TicketCreated,
    FirstResponse,
    Resolved,
    Reopened,
    MessageIn,
    MessageOut,
    ComplaintFiled,
    AfterSalesCase,
    Refund,
    PromiseMade,
    PromiseKept,
    PromiseBroken,
    CsatAnswered,
    NpsAnswered,

    /// <summary>Units of an order line (negative when a line or its order goes): written by triggers, <see cref="Data.SalesFacts"/>.</summary>
    UnitsSold,
}

/// <summary>
/// One thing that happened, appended by <see cref="RecordFacts"/> in the transaction of the change itself, with its
/// business date (in the business time zone) and dimensions as they were then. <see cref="Value"/> is what is summed:
/// 1 for counts, minutes for first response and resolution (wall-clock, from the ticket's creation), the amount for a
/// refund, the score for an answer. The rollup job folds facts into <c>report_daily</c> (<see cref="RollUp"/>).
/// The table also has <c>tx</c> (xid8, the writing transaction, set by PostgreSQL) for the job's watermark.
/// </summary>
public class ReportFact
{
    private ReportFact()
    {
    }

    public ReportFact(FactKind kind, DateTimeOffset at, DateOnly businessDate, Dimensions d, decimal value, decimal? businessMinutes = null, int? bucket = null)
    {
        BusinessMinutes = businessMinutes;
        Bucket = bucket;
        Kind = kind;
        At = at;
        BusinessDate = businessDate;
        TicketId = d.TicketId;
        TeamId = d.TeamId;
        AgentId = d.AgentId;
        Channel = d.Channel;
        Category = d.Category;
        ProductId = d.ProductId;
        Supplier = d.Supplier;
        Value = value;
    }

    public long Id { get; private set; }

    public FactKind Kind { get; private set; }

    public DateTimeOffset At { get; private set; }

    public DateOnly BusinessDate { get; private set; }

    public long? TicketId { get; private set; }

    public int? TeamId { get; private set; }

    public Guid? AgentId { get; private set; }

    public string? Channel { get; private set; }

    public string? Category { get; private set; }

    public long? ProductId { get; private set; }

    public string? Supplier { get; private set; }

    public decimal Value { get; private set; }

    /// <summary>First response and resolution: business minutes from creation in the team's calendar (issue 16 item 2).</summary>
    public decimal? BusinessMinutes { get; private set; }

    /// <summary>
    /// Where the fact goes in <c>report_histogram</c> (agent performance): the business-minute bucket
    /// (<see cref="Domain.Analytics.DurationBuckets"/>) of a first response or resolution, the score of a CSAT answer,
    /// 0 for a reopen or a promise kept or broken; null for the kinds the histogram does not hold.
    /// </summary>
    public int? Bucket { get; private set; }

    /// <summary>The dimensions of a fact; those a fact has no value for stay null (in the rollup: 0, the empty uuid or "").</summary>
    public sealed record Dimensions(long? TicketId, int? TeamId, Guid? AgentId, string? Channel, string? Category, long? ProductId, string? Supplier);
}
