using HelpDesk.Domain.AfterSales;
using HelpDesk.Domain.Commitments;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tasks;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Agent.AfterSales;
using HelpDesk.Web.Features.Agent.Commitments;
using HelpDesk.Web.Features.Agent.Tickets;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpDesk.Web.Tests;

/// <summary>
/// Side effects as domain events: each concern (audit, SLA clocks, promises, notices, customer mail) reacts to what
/// happened, in the same transaction, whichever slice made it happen — or none (Monday 23 November 2026, 15:00).
/// </summary>
public sealed class DomainEventTests : IAsyncLifetime
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private readonly FakeTimeProvider _clock = TestClock.At(new DateTimeOffset(2026, 11, 23, 15, 0, 0, Shanghai));
    private HelpDeskFactory _app = null!;
    private Viewer _agent = null!;

    public async Task InitializeAsync()
    {
        _app = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync(), services: s => s.AddSingleton<TimeProvider>(_clock));
        _agent = await _app.WithDbAsync(async db => await db.Users.Where(u => u.Email == DemoSeeder.AgentEmail).Select(u => new Viewer(u.Id, false, u.DisplayName)).SingleAsync());
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_ticket_changed_outside_any_slice_gets_its_audit_trail_and_its_clocks()
    {
        var id = await _app.WithDbAsync(async db =>
        {
            var customer = await db.Customers.OrderBy(c => c.Id).FirstAsync(c => c.Tier == CustomerTier.Regular);
            var ticket = Ticket.Open("发票抬头写错了", TicketCategory.AccountPayment, TicketPriority.Normal, Channel.Email, customer.Id, customer.Name, "请帮我改一下发票抬头", _clock.GetUtcNow());
            db.Tickets.Add(ticket);
            await db.SaveChangesAsync();
            ticket.ChangePriority(TicketPriority.High, TestActors.Staff, _clock.GetUtcNow());
            await db.SaveChangesAsync();
            return ticket.Id;
        });

        var audit = await _app.WithDbAsync(db => db.AuditEntries.Where(a => a.TicketId == id).OrderBy(a => a.Id).Select(a => new { a.Action, a.ActorName, a.Details }).ToListAsync());
        Assert.Equal(["ticket.created", "ticket.changed"], audit.Select(a => a.Action));
        Assert.Equal(TestActors.Staff.Name, audit[1].ActorName);
        Assert.Contains("\"priority\"", audit[1].Details, StringComparison.Ordinal);
        var ticket = await _app.WithDbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Id == id));
        Assert.Equal(SlaState.OnTrack, ticket.SlaState);
        Assert.NotNull(ticket.Sla.FirstResponse.DueAt);
        Assert.Equal(ticket.Sla.FirstResponse.AtRiskAt, ticket.NextDeadlineAt);
    }

    [Fact]
    public async Task A_refund_keeps_the_refund_promise_and_closes_its_follow_up_task()
    {
        var (number, lines) = await AfterSalesData.TicketWithOrderAsync(_app.Services, _agent.Id, _clock.GetUtcNow(), (120m, 1, false));
        var promise = await _app.SendAsync(new Promises.Add(_agent, number, CommitmentKind.Refund, "今天为您退款", _clock.GetUtcNow().AddHours(3).ToOffset(Shanghai).DateTime));
        var task = await _app.WithDbAsync(async db =>
        {
            var commitment = await db.Commitments.SingleAsync(c => c.Id == promise);
            var followUp = new FollowUpTask(commitment.TicketId, _agent.Id, FollowUpKind.Other, "跟进承诺：今天为您退款", _clock.GetUtcNow().AddHours(4), FollowUpSource.Checklist, Domain.Common.Actor.Checklist, _clock.GetUtcNow(), promise);
            db.FollowUpTasks.Add(followUp);
            await db.SaveChangesAsync();
            return followUp.Id;
        });

        var @case = await _app.SendAsync(new Cases.Start(_agent, number, AfterSalesKind.RefundOnly, AfterSalesReason.QualityProblem, [new Cases.LineRequest(lines[0], 1, null)], null, "质量问题", _clock.GetUtcNow()));
        await _app.SendAsync(new Cases.Step(_agent, @case, Cases.StepKind.Refund, null, null, _clock.GetUtcNow()));

        var kept = await _app.WithDbAsync(db => db.Commitments.AsNoTracking().SingleAsync(c => c.Id == promise));
        Assert.Equal((CommitmentStatus.Kept, KeptVia.AfterSalesStep, (long?)@case), (kept.Status, kept.KeptVia, kept.KeptByReference));
        Assert.Equal(FollowUpStatus.Done, await _app.WithDbAsync(db => db.FollowUpTasks.Where(t => t.Id == task).Select(t => t.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_customer_who_says_it_is_not_solved_is_heard_once_by_the_assignee()
    {
        var (id, assignee) = await _app.WithDbAsync(async db =>
        {
            var ticket = await db.Tickets.OrderBy(t => t.Id).FirstAsync(t => t.Status == TicketStatus.Resolved && t.AssigneeId != null);
            var customer = await db.Customers.Where(c => c.Id == ticket.CustomerId).Select(c => c.Name).SingleAsync();
            ticket.NotSolved(customer, Channel.WebForm, "还是坏的", _clock.GetUtcNow());
            await db.SaveChangesAsync();
            return (ticket.Id, ticket.AssigneeId!.Value);
        });

        var notices = await _app.WithDbAsync(db => db.Notifications.Where(n => n.TicketId == id && n.UserId == assignee).Select(n => n.Key).ToListAsync());
        Assert.Equal(["notify.not_solved"], notices);
        Assert.Equal(TicketStatus.Open, await _app.WithDbAsync(db => db.Tickets.Where(t => t.Id == id).Select(t => t.Status).SingleAsync()));
    }

    [Fact]
    public async Task Resolving_invites_the_customer_to_rate_and_a_reply_on_chat_is_not_mailed()
    {
        var supervisor = await _app.WithDbAsync(async db => await db.Users.Where(u => u.Email == DemoSeeder.SupervisorEmail).Select(u => new Viewer(u.Id, true, u.DisplayName)).SingleAsync());
        var (mailed, chat) = await _app.WithDbAsync(async db =>
        {
            var withEmail = db.CustomerContacts.Where(c => c.Kind == ContactKind.Email).Select(c => c.CustomerId);
            // Demo data is dated from the real now, the test clock is earlier: only tickets nobody changed "since" this
            // clock can be saved without a stale-save refusal (and in a fixed order, whatever plan PostgreSQL picks).
            var loadedAt = _clock.GetUtcNow();
            var active = db.Tickets.Where(t => (t.Status == TicketStatus.Open || t.Status == TicketStatus.PendingCustomer) && withEmail.Contains(t.CustomerId)
                && !db.AuditEntries.Any(a => a.TicketId == t.Id && a.Action == "ticket.changed" && a.At > loadedAt)).OrderBy(t => t.Number);
            var mailed = await active.Where(t => t.Channel == Channel.Email || t.Channel == Channel.WebForm).Select(t => t.Number).FirstAsync();
            var chat = await active.Where(t => t.Channel == Channel.Chat).Select(t => t.Number).FirstAsync();
            return (Ticket.FormatNumber(mailed), Ticket.FormatNumber(chat));
        });
        var before = await _app.WithDbAsync(db => db.OutboxMessages.CountAsync());

        var ticket = await _app.WithDbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Number == Number(mailed)));
        var was = TicketFields.Of(ticket);
        await _app.SendAsync(new Update.Command(supervisor, mailed, was, was with { Status = TicketStatus.Resolved }));
        var reply = await _app.SendAsync(new Reply.Command(supervisor, chat, "您好，已为您查询。", Internal: false));

        var added = await _app.WithDbAsync(db => db.OutboxMessages.OrderBy(o => o.Id).Skip(before).Select(o => new { o.Subject, o.TicketMessageId }).ToListAsync());
        var rate = Assert.Single(added, o => o.Subject.Contains(mailed, StringComparison.Ordinal));
        Assert.All(added.Where(o => o != rate), o => Assert.Contains("推荐", o.Subject, StringComparison.Ordinal)); // the customer's first NPS survey may go with it
        Assert.DoesNotContain(added, o => o.TicketMessageId == reply);
    }

    [Fact]
    public async Task A_refused_bulk_change_leaves_no_trace_of_its_side_effects()
    {
        var (good, bad) = await _app.WithDbAsync(async db =>
        {
            var mine = db.TeamMembers.Where(m => m.UserId == _agent.Id).Select(m => m.TeamId);
            var unrouted = await db.Tickets.Where(t => t.Status == TicketStatus.New && t.TeamId == null).Select(t => t.Number).FirstAsync();
            var foreign = await db.Tickets.Where(t => t.TeamId != null && !mine.Contains(t.TeamId.Value) && t.AssigneeId != _agent.Id).Select(t => t.Number).FirstAsync();
            return (Ticket.FormatNumber(unrouted), Ticket.FormatNumber(foreign));
        });
        var audit = await _app.WithDbAsync(db => db.AuditEntries.CountAsync());

        await Assert.ThrowsAsync<Bulk.RefusedException>(() => _app.SendAsync(new Bulk.Command(_agent, [good, bad], AssignToMe: false, TicketStatus.PendingCustomer)));

        Assert.Equal(audit, await _app.WithDbAsync(db => db.AuditEntries.CountAsync()));
        Assert.Equal(TicketStatus.New, await _app.WithDbAsync(db => db.Tickets.Where(t => t.Number == Number(good)).Select(t => t.Status).SingleAsync()));
    }

    private static long Number(string number) => Ticket.TryParseNumber(number, out var n) ? n : throw new ArgumentException(number);
}
