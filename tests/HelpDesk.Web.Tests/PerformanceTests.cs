using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Analytics;
using HelpDesk.Web.Features.Mail;
using HelpDesk.Web.Features.Sla;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Infrastructure.Mail;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Dashboard = HelpDesk.Web.Features.Supervisor.SlaModel;
using Queue = HelpDesk.Web.Features.Agent.Tickets.IndexModel;
using TicketView = HelpDesk.Web.Features.Agent.Tickets.DetailsModel;

namespace HelpDesk.Web.Tests;

/// <summary>
/// Issue 14's query shapes give the same answers as the plain conditions they replace: the search as a union of
/// index-served parts paged with one keyset, phone tails, the SLA rollups against a recomputation from the raw
/// clocks, the ticket page's latest messages, the parallel outbox, and JIT off on the app's connections.
/// </summary>
public sealed class PerformanceTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("物流")]
    [InlineData("退款")]
    [InlineData("订单")]
    public async Task The_search_parts_paged_in_small_pages_find_exactly_the_tickets_of_the_plain_conditions(string q)
    {
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);

        var found = await AllAsync(supervisor, new Queue.Filter { View = Queue.QueueView.All, Q = q }, pageSize: 3);

        var expected = await app.WithDbAsync(db => db.Tickets
            .Where(t => t.Subject.Contains(q)
                || db.TicketMessages.Any(m => m.TicketId == t.Id && m.Body.Contains(q))
                || db.Customers.Any(c => c.Id == t.CustomerId && c.Name.Contains(q))
                || db.Orders.Any(o => o.Id == t.OrderId && o.Number == q))
            .Select(t => t.Number).ToListAsync());
        Assert.NotEmpty(expected);
        Assert.Equal(found.Count, found.Distinct().Count());
        Assert.Equal(expected.Select(Ticket.FormatNumber).Order(), found.Order());
    }

    [Fact]
    public async Task Paging_a_search_keeps_the_order_of_the_sort_across_pages()
    {
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var filter = new Queue.Filter { View = Queue.QueueView.All, Q = "订单", Sort = Queue.QueueSort.Priority };

        var paged = await AllRowsAsync(supervisor, filter, pageSize: 4);
        var whole = (await app.SendAsync(new Queue.Query(supervisor, filter, null, 1000))).Rows;

        Assert.Equal(whole.Select(r => r.Number), paged.Select(r => r.Number));
    }

    [Fact]
    public async Task The_last_four_or_more_digits_of_a_phone_find_the_customers_tickets()
    {
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var phone = await app.WithDbAsync(db => (
            from c in db.CustomerContacts
            where c.Kind == ContactKind.Phone && db.Tickets.Any(t => t.CustomerId == c.CustomerId)
            orderby c.Id
            select c.Value).FirstAsync());

        foreach (var tail in new[] { phone[^4..], phone[^6..], phone })
        {
            var found = await AllAsync(supervisor, new Queue.Filter { View = Queue.QueueView.All, Q = tail });

            var ofTail = await app.WithDbAsync(db => db.Tickets
                .Where(t => db.CustomerContacts.Any(c => c.CustomerId == t.CustomerId && c.Kind == ContactKind.Phone && c.Value.EndsWith(tail)))
                .Select(t => t.Number).ToListAsync());
            Assert.NotEmpty(ofTail);
            Assert.Subset(found.ToHashSet(), ofTail.Select(Ticket.FormatNumber).ToHashSet());
        }

        Assert.Null(Features.Agent.Tickets.TicketSearch.PhoneTail("123"));
        Assert.Equal("13800001234", Features.Agent.Tickets.TicketSearch.PhoneTail("+86 138-0000-1234"));
        Assert.Null(Features.Agent.Tickets.TicketSearch.PhoneTail("退款1234"));
    }

    [Fact]
    public async Task The_SLA_rollups_kept_by_triggers_equal_a_recomputation_from_the_raw_clocks()
    {
        // Clocks change: replies stop first responses, resolutions stop the others, the monitor records breaches.
        var agent = await app.WithDbAsync(db => db.Users.Where(u => u.Email == DemoSeeder.AgentEmail).Select(u => u.Id).SingleAsync());
        var now = DateTimeOffset.UtcNow;
        var ids = await app.WithDbAsync(db => db.Tickets.Where(t => t.Status == TicketStatus.Open).OrderBy(t => t.Id).Select(t => t.Id).Take(6).ToListAsync());
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            await app.WithDbAsync(async db =>
            {
                var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
                ticket.Reply(agent, "客服", "您好，已处理。", now);
                if (i % 2 == 0)
                {
                    ticket.ChangeStatus(TicketStatus.Resolved, TestActors.Staff, now);
                }

                return await db.SaveChangesAsync();
            });
        }

        await app.SendAsync(new SlaMonitor.Command());

        var (from, to) = await app.WithDbAsync(async db => (await db.Tickets.MinAsync(t => t.CreatedAt), await db.Tickets.MaxAsync(t => t.CreatedAt)));
        var zone = app.Factory.Services.GetRequiredService<BusinessTime>().Zone;
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime);
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(to, zone).DateTime);
        var dashboard = await app.SendAsync(new Dashboard.Query(first, last, 60, DateTimeOffset.UtcNow));

        var raw = await app.WithDbAsync(db => db.Database.SqlQuery<Dashboard.DayRow>($"""
            SELECT (t.created_at AT TIME ZONE {zone.Id})::date AS day,
                   count(*) FILTER (WHERE s.first_response_stopped_at IS NOT NULL OR s.first_response_breached)::int AS first_total,
                   count(*) FILTER (WHERE s.first_response_stopped_at IS NOT NULL AND NOT s.first_response_breached)::int AS first_met,
                   count(*) FILTER (WHERE s.resolution_stopped_at IS NOT NULL OR s.resolution_breached)::int AS resolution_total,
                   count(*) FILTER (WHERE s.resolution_stopped_at IS NOT NULL AND NOT s.resolution_breached)::int AS resolution_met,
                   coalesce(sum((SELECT count(*) FROM sla_escalations e WHERE e.ticket_id = t.id AND e.level = 'Breached')), 0)::int AS breaches
            FROM tickets t JOIN ticket_slas s ON s.ticket_id = t.id
            GROUP BY 1 ORDER BY 1
            """).ToListAsync());
        Assert.Contains(raw, d => d.FirstTotal > 0);
        Assert.Contains(raw, d => d.Breaches > 0);
        Assert.Equal(raw, dashboard.Days);

        // And what the triggers kept equals a rebuild from scratch, bucket by bucket.
        // (A bucket may be kept in several slots, SlaRollups.Slots: their sums are the bucket.)
        const string Buckets = """
            SELECT string_agg(concat_ws(',', bucket, tickets, first_total, first_met, resolution_total, resolution_met, breaches), ';' ORDER BY bucket) AS "Value"
            FROM (SELECT bucket, sum(tickets) AS tickets, sum(first_total) AS first_total, sum(first_met) AS first_met, sum(resolution_total) AS resolution_total,
                         sum(resolution_met) AS resolution_met, sum(breaches) AS breaches
                  FROM sla_rollups GROUP BY bucket) b
            """;
        var kept = await app.WithDbAsync(db => db.Database.SqlQueryRaw<string>(Buckets).SingleAsync());
        var rebuilt = await app.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlRawAsync(SlaRollups.Rebuild);
            return await db.Database.SqlQueryRaw<string>(Buckets).SingleAsync();
        });
        Assert.Equal(rebuilt, kept);
    }

    [Fact]
    public async Task Two_tickets_opened_at_once_do_not_wait_for_each_other_on_the_SLA_rollup_or_the_topic_counts()
    {
        var customer = await app.WithDbAsync(db => db.Customers.OrderBy(c => c.Id).Select(c => new { c.Id, c.Name }).FirstAsync());
        // Both about the same topic (the daily counter of 物流 was a row every such message waited on, issue 13).
        const string Text = "物流太慢了，快递三天没有更新";
        Assert.Contains("物流", TermExtractor.Extract(Text));
        Ticket Open(string subject) => Ticket.Open(subject, TicketCategory.Logistics, TicketPriority.Normal, Channel.WebForm, customer.Id, customer.Name, Text, DateTimeOffset.UtcNow);
        var slot = $"SELECT pg_current_xact_id()::text::bigint % {SlaRollups.Slots} AS \"Value\"";

        // The first one is written (its clocks counted into the current quarter hour) and not committed yet...
        var opened = await app.WithDbAsync(async first =>
        {
            await using var held = await first.Database.BeginTransactionAsync();
            var heldSlot = await first.Database.SqlQueryRaw<long>(slot).SingleAsync();
            first.Tickets.Add(Open("你好"));
            await first.SaveChangesAsync();

            // ...while the second, in another slot (a transaction of the same slot waits, as it should), commits.
            return await app.WithDbAsync(async second =>
            {
                while (true)
                {
                    await using var other = await second.Database.BeginTransactionAsync();
                    if (await second.Database.SqlQueryRaw<long>(slot).SingleAsync() == heldSlot)
                    {
                        continue;
                    }

                    await second.Database.ExecuteSqlRawAsync("SET LOCAL lock_timeout = '3s'");
                    second.Tickets.Add(Open("您好"));
                    await second.SaveChangesAsync();
                    await other.CommitAsync();
                    return true;
                }
            });
        });

        Assert.True(opened);
    }

    [Fact]
    public async Task A_long_conversation_shows_the_latest_fifty_messages_and_loads_older_ones_on_request()
    {
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var number = await app.WithDbAsync(async db =>
        {
            var customer = await db.Customers.OrderBy(c => c.Id).FirstAsync();
            var start = DateTimeOffset.UtcNow.AddHours(-3);
            var ticket = Ticket.Open("长对话", TicketCategory.Logistics, TicketPriority.Normal, Channel.Chat, customer.Id, customer.Name, "消息 0", start);
            for (var i = 1; i < 70; i++)
            {
                ticket.AddCustomerMessage(customer.Name, Channel.Chat, $"消息 {i}", start.AddMinutes(i));
            }

            db.Tickets.Add(ticket);
            await db.SaveChangesAsync();
            return Ticket.FormatNumber(ticket.Number);
        });

        var latest = await app.SendAsync(new TicketView.Query(supervisor, number));
        var all = await app.SendAsync(new TicketView.Query(supervisor, number, 100));

        Assert.Equal(Enumerable.Range(20, 50).Select(i => $"消息 {i}"), latest!.Messages.Select(m => m.Body));
        Assert.Equal(20, latest.OlderMessages);
        Assert.Equal(70, all!.Messages.Count());
        Assert.Equal(0, all.OlderMessages);

        var client = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);
        var page = await client.GetStringAsync($"/agent/tickets/{number}");
        Assert.Contains("显示更早的消息（还有 20 条）", page, StringComparison.Ordinal);
        Assert.Contains("?messages=100#conversation", page, StringComparison.Ordinal);
        Assert.DoesNotContain("消息 19<", page, StringComparison.Ordinal);
        var older = await client.GetStringAsync($"/agent/tickets/{number}?messages=100");
        Assert.Contains("消息 0<", older, StringComparison.Ordinal);
        Assert.DoesNotContain("older-messages", older, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_outbox_sends_a_storm_in_big_parallel_batches_each_mail_once()
    {
        var transport = new FailingMailTransport { Down = false };
        using var factory = new HelpDeskFactory(app.ConnectionString, services: s => s.AddSingleton<IMailTransport>(transport));
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        await factory.WithDbAsync(async db =>
        {
            await db.OutboxMessages.Where(m => m.Status == OutboxStatus.Pending).ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, now.AddYears(1)));
            db.OutboxMessages.AddRange(Enumerable.Range(0, 250).Select(i => new OutboxMessage($"storm{i}@demo.local", $"SLA 提醒 {i}", "正文", now)));
            return await db.SaveChangesAsync();
        });

        var first = await factory.SendAsync(new DeliverOutbox.Command(BatchSize: 200, Parallelism: 8));
        var second = await factory.SendAsync(new DeliverOutbox.Command(BatchSize: 200, Parallelism: 8));

        Assert.Equal((200, 50), (first.Sent, second.Sent));
        Assert.Equal(250, transport.Sent.Select(m => m.Id).Distinct().Count());
    }

    [Fact]
    public async Task The_apps_connections_run_without_JIT()
    {
        var jit = await app.WithDbAsync(db => db.Database.SqlQueryRaw<string>("SELECT current_setting('jit') AS \"Value\"").SingleAsync());

        Assert.Equal("off", jit);
    }

    private async Task<List<string>> AllAsync(Viewer viewer, Queue.Filter filter, int pageSize = 100) => (await AllRowsAsync(viewer, filter, pageSize)).Select(r => r.Number).ToList();

    private async Task<List<Queue.Row>> AllRowsAsync(Viewer viewer, Queue.Filter filter, int pageSize)
    {
        var rows = new List<Queue.Row>();
        string? cursor = null;
        do
        {
            var page = await app.SendAsync(new Queue.Query(viewer, filter, cursor, pageSize));
            rows.AddRange(page.Rows);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return rows;
    }
}
