using HelpDesk.Domain.AfterSales;
using HelpDesk.Domain.Audit;
using HelpDesk.Domain.Catalog;
using HelpDesk.Domain.Commitments;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Complaints;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Feedback;
using HelpDesk.Domain.Knowledge;
using HelpDesk.Domain.Orders;
using HelpDesk.Domain.Sla;
using HelpDesk.Domain.Tasks;
using HelpDesk.Domain.Teams;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Configurations;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Infrastructure.Mail;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Data;

/// <summary>
/// The unit of work. Saving also dispatches the domain events the saved aggregates raised (after the rows are
/// written, so handlers see generated ids), saves what the handlers changed, and repeats while handlers raise more —
/// all in one transaction (the command's, or one of its own).
/// </summary>
public class HelpDeskDbContext(DbContextOptions<HelpDeskDbContext> options, DomainEventDispatcher? events = null)
    : IdentityDbContext<StaffUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    private const int MaxEventRounds = 10;

    /// <summary>The ASP.NET Core Data Protection key ring, shared by every instance (cookies, antiforgery, protected payloads).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<CustomerContact> CustomerContacts => Set<CustomerContact>();

    public DbSet<CustomerMerge> CustomerMerges => Set<CustomerMerge>();

    public DbSet<CustomerMergeSuggestion> CustomerMergeSuggestions => Set<CustomerMergeSuggestion>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderLine> OrderLines => Set<OrderLine>();

    public DbSet<Shipment> Shipments => Set<Shipment>();

    public DbSet<Ticket> Tickets => Set<Ticket>();

    public DbSet<TicketMessage> TicketMessages => Set<TicketMessage>();

    public DbSet<Complaint> Complaints => Set<Complaint>();

    public DbSet<AfterSalesCase> AfterSalesCases => Set<AfterSalesCase>();

    public DbSet<FollowUpTask> FollowUpTasks => Set<FollowUpTask>();

    public DbSet<Domain.Channels.PhoneCall> PhoneCalls => Set<Domain.Channels.PhoneCall>();

    public DbSet<Commitment> Commitments => Set<Commitment>();

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();

    public DbSet<BusinessCalendar> BusinessCalendars => Set<BusinessCalendar>();

    public DbSet<SlaPolicy> SlaPolicies => Set<SlaPolicy>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<Attachment> Attachments => Set<Attachment>();

    public DbSet<AttachmentContent> AttachmentContents => Set<AttachmentContent>();

    public DbSet<CannedAnswer> CannedAnswers => Set<CannedAnswer>();

    public DbSet<DepartmentRequest> DepartmentRequests => Set<DepartmentRequest>();

    public DbSet<QualityAlert> QualityAlerts => Set<QualityAlert>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<SlaEscalation> SlaEscalations => Set<SlaEscalation>();

    public DbSet<DailyChecklist> DailyChecklists => Set<DailyChecklist>();

    public DbSet<TicketLink> TicketLinks => Set<TicketLink>();

    public DbSet<LinkCode> LinkCodes => Set<LinkCode>();

    public DbSet<Infrastructure.Sms.SmsMessage> SmsMessages => Set<Infrastructure.Sms.SmsMessage>();

    public DbSet<AfterSalesSettings> AfterSalesSettings => Set<AfterSalesSettings>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<SolutionOffer> SolutionOffers => Set<SolutionOffer>();

    public DbSet<SatisfactionRating> SatisfactionRatings => Set<SatisfactionRating>();

    public DbSet<Domain.Surveys.Survey> Surveys => Set<Domain.Surveys.Survey>();

    public DbSet<Features.Reports.ReportFact> ReportFacts => Set<Features.Reports.ReportFact>();

    public DbSet<ChecklistItem> ChecklistItems => Set<ChecklistItem>();

    public DbSet<Domain.Notifications.Notification> Notifications => Set<Domain.Notifications.Notification>();

    public DbSet<Domain.Knowledge.Article> Articles => Set<Domain.Knowledge.Article>();

    public DbSet<Domain.Knowledge.HelpEvent> HelpEvents => Set<Domain.Knowledge.HelpEvent>();

    public DbSet<Domain.Knowledge.ArticleCategory> ArticleCategories => Set<Domain.Knowledge.ArticleCategory>();

    public DbSet<Domain.Knowledge.ArticleImage> ArticleImages => Set<Domain.Knowledge.ArticleImage>();

    public DbSet<ArticleImageContent> ArticleImageContents => Set<ArticleImageContent>();

    public DbSet<Domain.Knowledge.SearchSynonym> SearchSynonyms => Set<Domain.Knowledge.SearchSynonym>();

    public DbSet<Domain.Knowledge.AnswerIntent> AnswerIntents => Set<Domain.Knowledge.AnswerIntent>();

    public DbSet<Domain.Knowledge.AnswerUse> AnswerUses => Set<Domain.Knowledge.AnswerUse>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (events is null)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        await using var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        for (var round = 1; TakeEvents() is { Count: > 0 } raised; round++)
        {
            if (round > MaxEventRounds)
            {
                throw new InvalidOperationException($"Domain events still raise events after {MaxEventRounds} rounds: {string.Join(", ", raised.Select(e => e.GetType().Name).Distinct())}");
            }

            await events.DispatchAsync(raised, cancellationToken);
            saved += await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
        }

        return saved;
    }

    private List<IDomainEvent> TakeEvents() => ChangeTracker.Entries<AggregateRoot>()
        .SelectMany(e => e.Entity.TakeDomainEvents())
        .OrderBy(e => e.Order)
        .Select(e => e.Event)
        .ToList();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasSequence<long>(TicketConfiguration.NumberSequence).StartsAt(100_001);
        builder.HasDbFunction(typeof(Search).GetMethod(nameof(Search.Tokens))!).HasName(Search.TokensFunction);
        builder.HasDbFunction(typeof(Search).GetMethod(nameof(Search.Reverse))!).HasName("reverse").IsBuiltIn();
        builder.ApplyConfigurationsFromAssembly(typeof(HelpDeskDbContext).Assembly);
        foreach (var aggregate in builder.Model.GetEntityTypes().Where(t => typeof(AggregateRoot).IsAssignableFrom(t.ClrType) && t.BaseType is null).ToList())
        {
            builder.Entity(aggregate.ClrType).Ignore(nameof(AggregateRoot.DomainEvents));
        }

        // Identity's tables keep the names they were created with ("identity_users", not "asp_net_users").
        builder.Entity<StaffUser>(b =>
        {
            b.ToTable("identity_users");
            b.HasIndex(u => u.NormalizedUserName).HasDatabaseName("user_name_index");
            b.HasIndex(u => u.NormalizedEmail).HasDatabaseName("email_index");
        });
        builder.Entity<IdentityRole<Guid>>(b => b.ToTable("identity_roles").HasIndex(r => r.NormalizedName).HasDatabaseName("role_name_index"));
        builder.Entity<IdentityUserRole<Guid>>().ToTable("identity_user_roles");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("identity_user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("identity_user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("identity_user_tokens");
        builder.Entity<IdentityRoleClaim<Guid>>().ToTable("identity_role_claims");
    }

    /// <summary>PostgreSQL names in snake_case (tables, columns, keys, indexes), so hand-written SQL needs no quoting.</summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseSnakeCaseNamingConvention();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in SQL and safe when members are added in the middle.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Conventions.Add(_ => new ForeignKeyNames());
    }
}
