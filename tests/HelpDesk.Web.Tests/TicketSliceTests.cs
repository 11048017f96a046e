using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Queue = HelpDesk.Web.Features.Agent.Tickets.IndexModel;
using TicketView = HelpDesk.Web.Features.Agent.Tickets.DetailsModel;

namespace HelpDesk.Web.Tests;

/// <summary>The agent queue and ticket view slices, through the mediator, on the seeded demo data.</summary>
public sealed class TicketSliceTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_supervisor_pages_through_every_ticket_once_newest_activity_first()
    {
        var supervisor = await ViewerAsync(DemoSeeder.SupervisorEmail, isSupervisor: true);
        var rows = await AllPagesAsync(supervisor, pageSize: 40);

        var expected = await app.WithDbAsync(db => db.Tickets
            .OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id)
            .Select(t => t.Number).ToListAsync());
        Assert.Equal(expected.Select(Ticket.FormatNumber), rows.Select(r => r.Number));
    }

    [Fact]
    public async Task An_agent_sees_the_tickets_of_their_teams_their_own_and_the_unrouted_ones_only()
    {
        var agent = await ViewerAsync("agent2@demo.local", isSupervisor: false);
        var rows = await AllPagesAsync(agent, pageSize: 50);

        var expected = await app.WithDbAsync(async db =>
        {
            var teams = await db.TeamMembers.Where(m => m.UserId == agent.Id).Select(m => m.TeamId).ToListAsync();
            return await db.Tickets
                .Where(t => t.TeamId == null || t.AssigneeId == agent.Id || teams.Contains(t.TeamId.Value))
                .Select(t => t.Number).ToListAsync();
        });
        var total = await app.WithDbAsync(db => db.Tickets.CountAsync());

        Assert.Equal(expected.Select(Ticket.FormatNumber).Order(), rows.Select(r => r.Number).Order());
        Assert.InRange(rows.Count, 1, total - 1);
    }

    [Fact]
    public async Task A_ticket_of_another_team_is_not_found_for_an_agent_but_is_for_a_supervisor()
    {
        var agent = await ViewerAsync("agent2@demo.local", isSupervisor: false);
        var foreign = await app.WithDbAsync(async db =>
        {
            var teams = await db.TeamMembers.Where(m => m.UserId == agent.Id).Select(m => m.TeamId).ToListAsync();
            return await db.Tickets.Where(t => t.TeamId != null && !teams.Contains(t.TeamId.Value) && t.AssigneeId != agent.Id)
                .Select(t => t.Number).FirstAsync();
        });

        Assert.Null(await app.SendAsync(new TicketView.Query(agent, Ticket.FormatNumber(foreign))));
        Assert.NotNull(await app.SendAsync(new TicketView.Query(await ViewerAsync(DemoSeeder.SupervisorEmail, true), Ticket.FormatNumber(foreign))));
    }

    [Fact]
    public async Task The_ticket_view_shows_the_whole_conversation_in_order_with_notes_customer_and_order()
    {
        var supervisor = await ViewerAsync(DemoSeeder.SupervisorEmail, isSupervisor: true);
        var number = await app.WithDbAsync(db => db.Tickets
            .Where(t => t.Status == TicketStatus.Closed && t.OrderId != null)
            .Select(t => t.Number).FirstAsync());

        var ticket = await app.SendAsync(new TicketView.Query(supervisor, Ticket.FormatNumber(number).ToLowerInvariant()));

        Assert.NotNull(ticket);
        Assert.Equal(Ticket.FormatNumber(number), ticket.Number);
        Assert.Equal(TicketStatus.Closed, ticket.Status);
        Assert.Equal(MessageKind.Customer, ticket.Messages.First().Kind);
        Assert.Contains(ticket.Messages, m => m.Kind == MessageKind.InternalNote);
        Assert.Contains(ticket.Messages, m => m.Kind == MessageKind.PublicReply);
        Assert.Equal(ticket.Messages.OrderBy(m => m.CreatedAt).Select(m => m.Body), ticket.Messages.Select(m => m.Body));
        Assert.NotNull(ticket.OrderNumber);
        Assert.Contains(ticket.Customer.Contacts, c => c.Value.EndsWith("@example.cn", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("HD-1")]
    [InlineData("100001")]
    [InlineData("not-a-number")]
    public async Task An_unknown_or_malformed_number_finds_nothing(string number) =>
        Assert.Null(await app.SendAsync(new TicketView.Query(await ViewerAsync(DemoSeeder.SupervisorEmail, true), number)));

    [Theory]
    [InlineData("garbage")]
    [InlineData("1.2.3")]
    [InlineData("99999999999999999999.1")]
    public async Task A_malformed_cursor_starts_from_the_first_page(string cursor)
    {
        var supervisor = await ViewerAsync(DemoSeeder.SupervisorEmail, isSupervisor: true);

        var first = await app.SendAsync(new Queue.Query(supervisor, new Queue.Filter { View = Queue.QueueView.All }, null, 10));
        var again = await app.SendAsync(new Queue.Query(supervisor, new Queue.Filter { View = Queue.QueueView.All }, cursor, 10));

        Assert.Equal(first.Rows.Select(r => r.Number), again.Rows.Select(r => r.Number));
    }

    [Fact]
    public async Task The_supervisor_overview_counts_active_tickets_per_team_and_status()
    {
        var overview = await app.SendAsync(new Features.Supervisor.IndexModel.Query());

        var expected = await app.WithDbAsync(db => db.Tickets
            .Where(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed)
            .CountAsync());
        Assert.Equal(expected, overview.Teams.Sum(t => t.Total));
        Assert.DoesNotContain(TicketStatus.Closed, overview.Statuses);
        Assert.Equal(4, overview.Teams.Count); // three service teams and "no team yet"
        var newUnrouted = await app.WithDbAsync(db => db.Tickets.CountAsync(t => t.TeamId == null && t.Status == TicketStatus.New));
        Assert.Equal(newUnrouted, overview.Teams.Single(t => t.Team is null).Counts[TicketStatus.New]);
    }

    [Fact]
    public async Task The_admin_sees_every_member_of_staff_with_roles_and_teams()
    {
        var staff = await app.SendAsync(new Features.Admin.IndexModel.Query(DateTimeOffset.UtcNow));

        Assert.Equal(21, staff.Count);
        var agent = staff.Single(s => s.Email == DemoSeeder.AgentEmail);
        Assert.Equal(["Agent"], agent.Roles);
        Assert.Equal(2, agent.Teams.Count);
        Assert.Equal(["Admin"], staff.Single(s => s.Email == DemoSeeder.AdminEmail).Roles);
        Assert.Equal(["Analyst"], staff.Single(s => s.Email == DemoSeeder.AnalystEmail).Roles);
    }

    private async Task<List<Queue.Row>> AllPagesAsync(Viewer viewer, int pageSize)
    {
        var rows = new List<Queue.Row>();
        string? cursor = null;
        do
        {
            var page = await app.SendAsync(new Queue.Query(viewer, new Queue.Filter { View = Queue.QueueView.All }, cursor, pageSize));
            Assert.True(page.Rows.Count <= pageSize);
            rows.AddRange(page.Rows);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(rows.Count, rows.Select(r => r.Number).Distinct().Count());
        return rows;
    }

    private async Task<Viewer> ViewerAsync(string email, bool isSupervisor) =>
        new(await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync()), isSupervisor);
}
