using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Surveys;
using HelpDesk.Domain.Teams;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HelpDesk.Web.Data.Configurations;

/// <summary>
/// Satisfaction surveys (issue 16 item 3). One CSAT per ticket and resolution (a replayed event never doubles one;
/// the same index serves the ticket's panel);
/// the link's token hash is unique; the NPS schedule finds a customer's latest NPS by (customer, sent_at); the
/// supervisor report reads answered surveys by (kind, answered_at).
/// </summary>
internal sealed class SurveyConfiguration : IEntityTypeConfiguration<Survey>
{
    public void Configure(EntityTypeBuilder<Survey> builder)
    {
        builder.ToTable("surveys", t =>
        {
            t.HasCheckConstraint("ck_surveys_csat_resolution", "(kind = 'Csat') = (resolution IS NOT NULL AND ticket_id IS NOT NULL)");
            t.HasCheckConstraint("ck_surveys_score", "score IS NULL OR (kind = 'Csat' AND score BETWEEN 1 AND 5) OR (kind = 'Nps' AND score BETWEEN 0 AND 10)");
        });
        builder.Property(s => s.TokenHash).HasMaxLength(64);
        builder.Property(s => s.Comment).HasMaxLength(Survey.CommentMaxLength);
        builder.Ignore(s => s.IsAnswered);
        builder.Ignore(s => s.MinScore);
        builder.Ignore(s => s.MaxScore);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(s => s.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Customer>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<StaffUser>().WithMany().HasForeignKey(s => s.AgentId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Team>().WithMany().HasForeignKey(s => s.TeamId).OnDelete(DeleteBehavior.SetNull);

        builder.HasIndex(s => s.TokenHash).IsUnique();
        builder.HasIndex(s => new { s.TicketId, s.Resolution }).IsUnique(); // NPS rows have no resolution: NULLs never collide
        builder.HasIndex(s => new { s.CustomerId, s.SentAt }).HasFilter("kind = 'Nps'");
        builder.HasIndex(s => new { s.Kind, s.AnsweredAt }).HasFilter("answered_at IS NOT NULL");
    }
}
