using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Agent.Tickets;
using HelpDesk.Web.Features.Mail;
using HelpDesk.Web.Infrastructure.Mail;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Queue = HelpDesk.Web.Features.Agent.Tickets.IndexModel;
using TicketView = HelpDesk.Web.Features.Agent.Tickets.DetailsModel;

namespace HelpDesk.Web.Tests;

/// <summary>The queue's views, sorts and search, and the SQL they cost.</summary>
public sealed class QueueTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("退款")]
    [InlineData("物流")]
    [InlineData("发票")]
    public async Task A_two_character_Chinese_word_finds_every_ticket_that_mentions_it(string word)
    {
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);

        var found = await AllAsync(supervisor, new Queue.Filter { View = Queue.QueueView.All, Q = word });

        var expected = await app.WithDbAsync(db => db.Tickets
            .Where(t => t.Subject.Contains(word) || db.TicketMessages.Any(m => m.TicketId == t.Id && m.Body.Contains(word)))
            .Select(t => t.Number).ToListAsync());
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(Ticket.FormatNumber).Order(), found.Order());
    }

    [Fact]
    public async Task The_search_box_finds_by_ticket_number_order_number_email_phone_and_customer_name()
    {
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var sample = await app.WithDbAsync(db => (
            from t in db.Tickets
            join o in db.Orders on t.OrderId equals o.Id
            join c in db.Customers on t.CustomerId equals c.Id
            orderby t.Id
            select new
            {
                t.Number,
                Order = o.Number,
                c.Name,
                Email = db.CustomerContacts.Where(x => x.CustomerId == c.Id && x.Kind == Domain.Customers.ContactKind.Email).Select(x => x.Value).First(),
                Phone = db.CustomerContacts.Where(x => x.CustomerId == c.Id && x.Kind == Domain.Customers.ContactKind.Phone).Select(x => x.Value).First(),
            }).FirstAsync());
        var number = Ticket.FormatNumber(sample.Number);

        Assert.Equal([number], await AllAsync(supervisor, new Queue.Filter { View = Queue.QueueView.All, Q = number.ToLowerInvariant() }));
        Assert.Contains(number, await AllAsync(supervisor, new Queue.Filter { View = Queue.QueueView.All, Q = sample.Order }));
        Assert.Contains(number, await AllAsync(supervisor, new Queue.Filter { View = Queue.QueueView.All, Q = sample.Email.ToUpperInvariant() }));
        Assert.Contains(number, await AllAsync(supervisor, new Queue.Filter { View = Queue.QueueView.All, Q = "+86 " + sample.Phone }));
        Assert.Contains(number, await AllAsync(supervisor, new Queue.Filter { View = Queue.QueueView.All, Q = sample.Name }));
    }

    [Fact]
    public async Task Search_stays_within_what_the_agent_may_see()
    {
        var agent = await app.ViewerAsync("agent2@demo.local");
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);

        var agentSees = await AllAsync(agent, new Queue.Filter { View = Queue.QueueView.All, Q = "订单" });
        var supervisorSees = await AllAsync(supervisor, new Queue.Filter { View = Queue.QueueView.All, Q = "订单" });

        Assert.NotEmpty(agentSees);
        Assert.True(agentSees.Count < supervisorSees.Count);
        Assert.Subset(supervisorSees.ToHashSet(), agentSees.ToHashSet());
    }

    [Fact]
    public async Task Views_hold_what_their_names_say_and_their_counts_match()
    {
        var agent = await app.ViewerAsync(DemoSeeder.AgentEmail);
        var first = await app.SendAsync(new Queue.Query(agent, new Queue.Filter { View = Queue.QueueView.Mine }, null, 500));

        foreach (var view in Enum.GetValues<Queue.QueueView>())
        {
            var rows = await AllRowsAsync(agent, new Queue.Filter { View = view });
            Assert.Equal(first.Counts[view], rows.Count);
            switch (view)
            {
                case Queue.QueueView.Mine:
                    Assert.NotEmpty(rows);
                    Assert.All(rows, r => Assert.True(TicketStatusRules.IsActive(r.Status)));
                    break;
                case Queue.QueueView.Unassigned:
                    Assert.All(rows, r => Assert.Null(r.Assignee));
                    break;
                case Queue.QueueView.Waiting:
                    Assert.All(rows, r => Assert.Equal(TicketStatus.PendingCustomer, r.Status));
                    break;
                case Queue.QueueView.Risk:
                    Assert.NotEmpty(rows); // the demo has tickets whose clocks ran out
                    Assert.All(rows, r => Assert.Contains(r.SlaState, new[] { SlaState.AtRisk, SlaState.Breached }));
                    break;
            }
        }
    }

    [Fact]
    public async Task Filters_narrow_the_view()
    {
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);

        var rows = await AllRowsAsync(supervisor, new Queue.Filter { View = Queue.QueueView.All, Category = TicketCategory.Logistics, Channel = Channel.Email, Priority = TicketPriority.Low });

        var expected = await app.WithDbAsync(db => db.Tickets.CountAsync(t => t.Category == TicketCategory.Logistics && t.Channel == Channel.Email && t.Priority == TicketPriority.Low));
        Assert.Equal(expected, rows.Count);
        Assert.All(rows, r => Assert.Equal((TicketCategory.Logistics, Channel.Email, TicketPriority.Low), (r.Category, r.Channel, r.Priority)));
        Assert.NotEmpty(await AllRowsAsync(supervisor, new Queue.Filter { View = Queue.QueueView.All, Tag = "回访" }));
    }

    [Fact]
    public async Task Sorting_by_priority_pages_through_in_priority_order_without_gaps()
    {
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);

        var rows = await AllRowsAsync(supervisor, new Queue.Filter { View = Queue.QueueView.All, Sort = Queue.QueueSort.Priority }, pageSize: 37);

        Assert.Equal(await app.WithDbAsync(db => db.Tickets.CountAsync()), rows.Count);
        Assert.Equal(rows.OrderByDescending(r => r.Priority).ThenByDescending(r => r.UpdatedAt).Select(r => r.Number), rows.Select(r => r.Number));
        Assert.Equal(TicketPriority.Urgent, rows[0].Priority);
    }

    [Fact]
    public async Task Sorting_by_deadline_puts_running_deadlines_first_soonest_first()
    {
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);

        var rows = await AllRowsAsync(supervisor, new Queue.Filter { View = Queue.QueueView.All, Sort = Queue.QueueSort.Deadline }, pageSize: 23);

        var expected = await app.WithDbAsync(db => db.Tickets.OrderBy(t => t.NextDeadlineAt == null).ThenBy(t => t.NextDeadlineAt).ThenBy(t => t.Id).Select(t => t.Number).ToListAsync());
        Assert.Equal(expected.Select(Ticket.FormatNumber), rows.Select(r => r.Number));
        Assert.NotNull(rows[0].NextDeadlineAt);
        Assert.Null(rows[^1].NextDeadlineAt);
    }

    [Theory]
    [InlineData(Queue.QueueView.Unassigned, Queue.QueueSort.Deadline)]
    [InlineData(Queue.QueueView.Risk, Queue.QueueSort.Deadline)]
    [InlineData(Queue.QueueView.Mine, Queue.QueueSort.Updated)]
    public async Task Unassigned_and_at_risk_sort_by_deadline_unless_the_agent_picks_another_sort(Queue.QueueView view, Queue.QueueSort expected)
    {
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);

        Assert.Equal(expected, new Queue.Filter { View = view }.Sorted);
        Assert.Equal(Queue.QueueSort.Priority, new Queue.Filter { View = view, Sort = Queue.QueueSort.Priority }.Sorted);
        var rows = await AllRowsAsync(supervisor, new Queue.Filter { View = view });
        var sorted = expected == Queue.QueueSort.Deadline
            ? rows.OrderBy(r => r.NextDeadlineAt == null).ThenBy(r => r.NextDeadlineAt).Select(r => r.NextDeadlineAt)
            : rows.OrderByDescending(r => r.UpdatedAt).Select(r => r.NextDeadlineAt);
        Assert.Equal(sorted, rows.Select(r => r.NextDeadlineAt));
    }

    [Fact]
    public async Task A_search_looks_through_every_visible_ticket_whatever_view_is_open_counts_them_and_shows_the_match()
    {
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var everywhere = await AllAsync(supervisor, new Queue.Filter { View = Queue.QueueView.All, Q = "物流" });

        var page = await app.SendAsync(new Queue.Query(supervisor, new Queue.Filter { View = Queue.QueueView.Mine, Q = "物流" }, null, 200));

        Assert.Equal(everywhere.Order(), page.Rows.Select(r => r.Number).Order());
        Assert.Equal(everywhere.Count, page.Found);
        var snippet = page.Rows.Select(r => r.Snippet).First(s => s is not null)!;
        Assert.Equal("物流", snippet.Match);
        Assert.True(snippet.Before.Length <= 25 && !snippet.After.Contains('\n'));
    }

    [Fact]
    public async Task Plus_and_vip_customers_are_marked_in_the_queue_row()
    {
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);

        var rows = await AllRowsAsync(supervisor, new Queue.Filter { View = Queue.QueueView.All });

        var tiers = await app.WithDbAsync(db => db.Tickets.Join(db.Customers, t => t.CustomerId, c => c.Id, (t, c) => new { t.Number, c.Tier }).ToListAsync());
        var expected = tiers.ToDictionary(t => Domain.Tickets.Ticket.FormatNumber(t.Number), t => t.Tier);
        Assert.Contains(rows, r => r.Tier == Domain.Customers.CustomerTier.Plus);
        Assert.All(rows, r => Assert.Equal(expected[r.Number], r.Tier));
        var client = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await client.GetStringAsync("/agent/tickets?view=all"));
        var marked = page.QuerySelectorAll("#queue-body tr.queue-row").Where(r => r.QuerySelector(".customer-tier") is not null).Select(r => r.GetAttribute("data-number")!).ToList();
        Assert.NotEmpty(marked);
        Assert.All(marked, n => Assert.NotEqual(Domain.Customers.CustomerTier.Regular, expected[n]));
    }

    [Fact]
    public async Task One_character_asks_for_a_second_and_the_page_shows_the_count_the_match_and_the_sla_column()
    {
        var client = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);

        var tooShort = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await client.GetStringAsync("/agent/tickets?q=" + Uri.EscapeDataString("物")));
        var found = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await client.GetStringAsync("/agent/tickets?view=mine&q=" + Uri.EscapeDataString("物流")));
        var risk = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await client.GetStringAsync("/agent/tickets?view=risk"));

        Assert.Equal("请至少输入 2 个字符再搜索。", tooShort.QuerySelector("#search-too-short")!.TextContent.Trim());
        Assert.Null(tooShort.QuerySelector("#queue-empty"));
        Assert.Matches("“物流”：找到 \\d+ 个工单", found.QuerySelector("#search-count")!.TextContent);
        Assert.Equal("物流", found.QuerySelector("#queue .snippet mark")!.TextContent);
        Assert.Null(found.QuerySelector("#views .nav-link.active"));
        var badges = risk.QuerySelectorAll("#queue .sla-cell .badge").Select(b => b.GetAttribute("data-state")).ToList();
        Assert.NotEmpty(badges);
        Assert.All(badges, state => Assert.Contains(state, new[] { "at-risk", "breached" }));
        Assert.Contains(risk.QuerySelectorAll("#queue .sla-cell .badge"), b => b.TextContent.Contains("已超时", StringComparison.Ordinal) || b.TextContent.Contains("剩余", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_queue_and_the_ticket_view_cost_a_fixed_number_of_SQL_commands()
    {
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        int Cost(Func<Task> action)
        {
            using (SqlCounter.Counting(out var box))
            {
                action().GetAwaiter().GetResult();
                return box.Value;
            }
        }

        var small = Cost(() => app.SendAsync(new Queue.Query(supervisor, new Queue.Filter { View = Queue.QueueView.All }, null, 5)));
        var large = Cost(() => app.SendAsync(new Queue.Query(supervisor, new Queue.Filter { View = Queue.QueueView.All }, null, 200)));
        Assert.Equal(small, large);
        Assert.InRange(large, 1, 10);

        var shortTicket = await app.WithDbAsync(db => db.Tickets.Where(t => t.Status == TicketStatus.New).Select(t => t.Number).FirstAsync());
        var longTicket = await app.WithDbAsync(db => db.Tickets.Where(t => t.Status == TicketStatus.Closed).Select(t => t.Number).FirstAsync());
        async Task ViewAsync(long number)
        {
            var view = await app.SendAsync(new TicketView.Query(supervisor, Ticket.FormatNumber(number)));
            await app.SendAsync(new Panels.Query(supervisor, view!.Id, view.CustomerId, view.OrderId));
        }

        var few = Cost(() => ViewAsync(shortTicket));
        var many = Cost(() => ViewAsync(longTicket));
        Assert.Equal(few, many);
        Assert.InRange(many, 1, 26); // the latest parcel (panel and canned-answer facts), the latest case and the mails' delivery state are index lookups of their own (issue 14)
    }

    [Fact]
    public async Task A_failed_e_mail_is_retried_with_backoff_and_shown_as_not_delivered_yet()
    {
        var transport = new FailingMailTransport();
        using var factory = new HelpDeskFactory(app.ConnectionString, services: s => s.AddSingleton<IMailTransport>(transport));
        var scope = factory.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<MediatR.IMediator>();
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var number = await app.WithDbAsync(async db => Ticket.FormatNumber(await db.Tickets.Where(t => t.Channel == Channel.WebForm && t.Status == TicketStatus.Open).Select(t => t.Number).FirstAsync()));

        var messageId = await mediator.Send(new Reply.Command(supervisor, number, "您的退款已经提交。", false));
        var first = await mediator.Send(new DeliverOutbox.Command());

        Assert.Equal(1, first.Failed);
        var outbox = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(o => o.TicketMessageId == messageId));
        Assert.Equal(OutboxStatus.Pending, outbox.Status);
        Assert.Equal(1, outbox.Attempts);
        Assert.True(outbox.NextAttemptAt > DateTimeOffset.UtcNow.AddSeconds(30));
        var view = await mediator.Send(new TicketView.Query(supervisor, number));
        Assert.Equal((OutboxStatus.Pending, 1), (view!.Messages.Single(m => m.Id == messageId).Delivery!.Status, view.Messages.Single(m => m.Id == messageId).Delivery!.Attempts));

        // Not due yet: the next tick leaves it alone; once due and the server is back, it goes out once.
        Assert.Equal(0, (await mediator.Send(new DeliverOutbox.Command())).Failed + transport.Sent.Count);
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE outbox_messages SET next_attempt_at = now() WHERE ticket_message_id = {messageId}"));
        transport.Down = false;
        Assert.Equal(1, (await mediator.Send(new DeliverOutbox.Command())).Sent);
        Assert.Equal(0, (await mediator.Send(new DeliverOutbox.Command())).Sent);
        Assert.Equal(OutboxStatus.Sent, await app.WithDbAsync(db => db.OutboxMessages.Where(o => o.TicketMessageId == messageId).Select(o => o.Status).SingleAsync()));
        await scope.DisposeAsync();
    }

    [Fact]
    public async Task The_default_transport_writes_the_e_mail_to_the_pickup_folder()
    {
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var number = await app.WithDbAsync(async db => Ticket.FormatNumber(await db.Tickets.Where(t => t.Channel == Channel.Email && t.Status == TicketStatus.PendingCustomer).Select(t => t.Number).FirstAsync()));

        await app.SendAsync(new Reply.Command(supervisor, number, "请问您方便提供一下订单截图吗？", false));
        var result = await app.SendAsync(new DeliverOutbox.Command());

        Assert.True(result.Sent >= 1);
        var to = await app.WithDbAsync(db => db.OutboxMessages.OrderByDescending(o => o.Id).Select(o => o.ToAddress).FirstAsync());
        var mails = Directory.GetFiles(app.Factory.MailDirectory, "*.eml").Select(File.ReadAllText).ToList();
        Assert.Contains(mails, m => m.Contains("To: " + to, StringComparison.Ordinal) && m.Contains("Content-Type: text/plain; charset=utf-8", StringComparison.OrdinalIgnoreCase));
    }

    private async Task<List<string>> AllAsync(Viewer viewer, Queue.Filter filter) => (await AllRowsAsync(viewer, filter)).Select(r => r.Number).ToList();

    private async Task<List<Queue.Row>> AllRowsAsync(Viewer viewer, Queue.Filter filter, int pageSize = 100)
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
