using HelpDesk.Domain.AfterSales;
using HelpDesk.Domain.Audit;
using HelpDesk.Domain.Catalog;
using HelpDesk.Domain.Commitments;
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
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Data;

public class HelpDeskDbContext(DbContextOptions<HelpDeskDbContext> options)
    : IdentityDbContext<StaffUser, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<CustomerContact> CustomerContacts => Set<CustomerContact>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderLine> OrderLines => Set<OrderLine>();

    public DbSet<Shipment> Shipments => Set<Shipment>();

    public DbSet<Ticket> Tickets => Set<Ticket>();

    public DbSet<TicketMessage> TicketMessages => Set<TicketMessage>();

    public DbSet<Complaint> Complaints => Set<Complaint>();

    public DbSet<AfterSalesCase> AfterSalesCases => Set<AfterSalesCase>();

    public DbSet<FollowUpTask> FollowUpTasks => Set<FollowUpTask>();

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

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<SlaEscalation> SlaEscalations => Set<SlaEscalation>();

    public DbSet<DailyChecklist> DailyChecklists => Set<DailyChecklist>();

    public DbSet<TicketLink> TicketLinks => Set<TicketLink>();

    public DbSet<AfterSalesSettings> AfterSalesSettings => Set<AfterSalesSettings>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<SolutionOffer> SolutionOffers => Set<SolutionOffer>();

    public DbSet<SatisfactionRating> SatisfactionRatings => Set<SatisfactionRating>();

    public DbSet<ChecklistItem> ChecklistItems => Set<ChecklistItem>();

    public DbSet<Domain.Notifications.Notification> Notifications => Set<Domain.Notifications.Notification>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasSequence<long>(TicketConfiguration.NumberSequence).StartsAt(100_001);
        builder.HasDbFunction(typeof(Search).GetMethod(nameof(Search.Tokens))!).HasName(Search.TokensFunction);
        builder.ApplyConfigurationsFromAssembly(typeof(HelpDeskDbContext).Assembly);

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
