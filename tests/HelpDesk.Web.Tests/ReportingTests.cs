using System.Text.RegularExpressions;
using HelpDesk.Domain.Analytics;
using HelpDesk.Domain.Commitments;
using HelpDesk.Domain.Complaints;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Agent.Commitments;
using HelpDesk.Web.Features.Agent.Tickets;
using HelpDesk.Web.Features.Analytics;
using HelpDesk.Web.Features.Reports;
using HelpDesk.Web.Features.Surveys;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Form = HelpDesk.Web.Features.Customers.Complaints.NewModel;
using Portal = HelpDesk.Web.Features.Customers.Portal.TicketModel;

namespace HelpDesk.Web.Tests;

/// <summary>
/// The reporting model on PostgreSQL (issue 16 item 1): facts appended with the changes, folded by two instances in
/// partial ticks (one with a transaction still open while they fold), and every rollup row equal to a GROUP BY of
/// the raw facts, the facts equal to the raw tables, and a rebuild equal to the incremental result.
/// </summary>
public sealed partial class ReportingTests : IAsyncLifetime
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private readonly FakeTimeProvider _clock = TestClock.At(new DateTimeOffset(2027, 4, 5, 23, 30, 0, Shanghai));
    private HelpDeskFactory _a = null!;
    private HelpDeskFactory _b = null!;

    public async Task InitializeAsync()
    {
        var database = await TestCluster.CreateDatabaseAsync();
        _a = new HelpDeskFactory(database, services: s => s.AddSingleton<TimeProvider>(_clock));
        _b = new HelpDeskFactory(database, services: s => s.AddSingleton<TimeProvider>(_clock));
    }

    public Task DisposeAsync()
    {
        _a.Dispose();
        _b.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Two_instances_folding_in_partial_ticks_give_exactly_the_GROUP_BY_of_the_raw_facts_and_a_rebuild_the_same()
    {
        // The demo's history records no facts but the units of its orders (written by triggers, SalesFacts).
        Assert.Equal(0, await _a.WithDbAsync(db => db.ReportFacts.CountAsync(f => f.Kind != FactKind.UnitsSold)));
        var agents = new[] { await ViewerAsync(DemoSeeder.AgentEmail), await ViewerAsync("agent2@demo.local") };
        var supervisor = (await ViewerAsync(DemoSeeder.SupervisorEmail)) with { IsSupervisor = true };
        var orders = await _a.WithDbAsync(db => db.Orders.Where(o => o.Status == Domain.Orders.OrderStatus.Delivered).OrderBy(o => o.Id).Take(3)
            .Select(o => new { o.Number, Email = db.CustomerContacts.Where(c => c.CustomerId == o.CustomerId && c.Kind == Domain.Customers.ContactKind.Email).Select(c => c.Value).First() }).ToListAsync());

        // Activity across a business midnight (23:30 → 00:30 Shanghai) in several rounds, folded in between.
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 4; i++)
            {
                var agent = agents[(round + i) % 2];
                var order = i < orders.Count && round == 0 ? orders[i] : null;
                var submitted = await _a.SendAsync(new Form.Submit(new Form.Form
                {
                    Name = "顾客",
                    Email = order?.Email ?? $"facts.{round}.{i}@example.cn",
                    OrderNumber = order?.Number,
                    Category = i % 2 == 0 ? TicketCategory.AfterSales : TicketCategory.ComplaintSuggestion,
                    Type = ComplaintType.Quality,
                    Description = "商品有问题，请处理。",
                    Remedy = Remedy.Refund,
                }, [], _clock.GetUtcNow()));
                _clock.Advance(TimeSpan.FromMinutes(4));
                await _a.SendAsync(new Reply.Command(agent, submitted.Number, "您好，我们正在处理。", false));
                if (i != 3)
                {
                    await ResolveAsync(agent, submitted.Number);
                    var token = Link().Matches(await LastMailAsync(submitted)).Select(m => m.Groups[1].Value).FirstOrDefault();
                    if (token is not null)
                    {
                        await _a.SendAsync(new SurveyModel.Answer(token, 1 + ((round + i) % 5), null, _clock.GetUtcNow()));
                    }
                }

                if (i == 1)
                {
                    await _b.SendAsync(new Portal.CustomerReply(submitted.Link.Split('/')[^1], "还是不行。", [], _clock.GetUtcNow()));
                    await ResolveAsync(supervisor, submitted.Number); // credited to whoever resolves this time
                }

                if (i == 2)
                {
                    var local = _clock.GetUtcNow().ToOffset(Shanghai).DateTime;
                    var promise = await _a.SendAsync(new Promises.Add(agent, submitted.Number, CommitmentKind.CallBack, "明天上午给您回电", local.AddHours(10)));
                    if (round == 1)
                    {
                        await _a.WithDbAsync(async db =>
                        {
                            (await db.Commitments.SingleAsync(c => c.Id == promise)).Break("顾客联系不上", _clock.GetUtcNow());
                            return await db.SaveChangesAsync();
                        });
                    }
                }

                _clock.Advance(TimeSpan.FromMinutes(6));
            }

            Assert.InRange(await PartialTickAsync(), 1, 5);
        }

        // A transaction that wrote a fact and has not committed while both instances fold: nothing of it is lost.
        await using (var scope = _a.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HelpDeskDbContext>();
            await using var open = await db.Database.BeginTransactionAsync();
            var last = await db.Tickets.OrderByDescending(t => t.Id).FirstAsync();
            last.AddCustomerMessage("顾客", Channel.WebForm, "在吗？", _clock.GetUtcNow());
            await db.SaveChangesAsync();

            // Meanwhile the other instance writes and commits facts with larger ids: an id watermark would pass the open one by.
            var first = await _b.WithDbAsync(d => d.Tickets.OrderBy(t => t.Id).Where(t => t.CreatedAt >= new DateTimeOffset(2027, 4, 1, 0, 0, 0, TimeSpan.Zero)).Select(t => t.Number).FirstAsync());
            await _b.WithDbAsync(async d =>
            {
                (await d.Tickets.SingleAsync(t => t.Number == first)).AddCustomerMessage("顾客", Channel.WebForm, "还有一个问题。", _clock.GetUtcNow());
                return await d.SaveChangesAsync();
            });
            await FoldAllAsync(untilCaughtUp: false); // the open transaction's fact cannot be folded yet
            await open.CommitAsync();
        }

        await FoldAllAsync();
        var rolled = await RollupAsync("SELECT business_date, kind, team_id, agent_id, channel, category, product_id, supplier, facts, total FROM report_daily");
        var grouped = await RollupAsync($"SELECT {Reporting.Key}, count(*), sum(f.value) FROM report_facts f GROUP BY 1, 2, 3, 4, 5, 6, 7, 8");
        Assert.True(rolled.Count > 20, $"{rolled.Count} rollup rows");
        Assert.Equal(grouped, rolled);
        var narrow = await RollupAsync("SELECT kind, business_date, category, product_id, supplier, facts, total FROM report_products_daily");
        Assert.Equal(await RollupAsync($"SELECT {SalesFacts.ProductsKey}, count(*), sum(f.value) FROM report_facts f GROUP BY 1, 2, 3, 4, 5"), narrow);

        // The agent-performance histogram (issue 16 item 2) is folded with it: a GROUP BY of the facts that carry a bucket.
        var histogram = await RollupAsync("SELECT business_date, kind, team_id, agent_id, bucket, facts FROM report_histogram");
        Assert.Equal(await RollupAsync($"SELECT {Reporting.HistogramKey}, count(*) FROM report_facts f WHERE f.bucket IS NOT NULL GROUP BY 1, 2, 3, 4, 5"), histogram);
        Assert.Contains(histogram, h => h.Contains(",FirstResponse,", StringComparison.Ordinal));

        // The facts are the raw tables' story.
        var facts = await _a.WithDbAsync(db => db.ReportFacts.AsNoTracking().ToListAsync());
        long Count(FactKind kind) => facts.Count(f => f.Kind == kind);
        await _a.WithDbAsync(async db =>
        {
            Assert.Equal(await db.Tickets.CountAsync(t => t.CreatedAt >= new DateTimeOffset(2027, 4, 1, 0, 0, 0, TimeSpan.Zero)), Count(FactKind.TicketCreated));
            var mine = db.TicketMessages.Where(m => m.CreatedAt >= new DateTimeOffset(2027, 4, 1, 0, 0, 0, TimeSpan.Zero));
            Assert.Equal(await mine.CountAsync(m => m.Kind == MessageKind.Customer), Count(FactKind.MessageIn));
            Assert.Equal(await mine.CountAsync(m => m.Kind == MessageKind.PublicReply || m.Kind == MessageKind.Call), Count(FactKind.MessageOut));
            var surveys = db.Surveys.Where(s => s.SentAt >= new DateTimeOffset(2027, 4, 1, 0, 0, 0, TimeSpan.Zero));
            Assert.Equal(await surveys.CountAsync(s => s.Kind == Domain.Surveys.SurveyKind.Csat), Count(FactKind.Resolved)); // one CSAT per resolution
            Assert.Equal(await surveys.Where(s => s.Kind == Domain.Surveys.SurveyKind.Csat && s.Score != null).SumAsync(s => s.Score!.Value), facts.Where(f => f.Kind == FactKind.CsatAnswered).Sum(f => f.Value));
            Assert.Equal(await db.Complaints.CountAsync(c => c.ReceivedAt >= new DateTimeOffset(2027, 4, 1, 0, 0, 0, TimeSpan.Zero)), Count(FactKind.ComplaintFiled));
            Assert.Equal(4, Count(FactKind.Reopened)); // three "not solved" replies and the late message on a resolved ticket
            Assert.Equal((3L, 1L), (Count(FactKind.PromiseMade), Count(FactKind.PromiseBroken)));
            Assert.Equal(12, Count(FactKind.FirstResponse));
            Assert.All(facts.Where(f => f.Kind is FactKind.FirstResponse or FactKind.Resolved), f => Assert.NotNull(f.BusinessMinutes));
            Assert.All(facts.Where(f => f.Kind == FactKind.CsatAnswered), f => Assert.Equal((int)f.Value, f.Bucket));
            return 0;
        });
        Assert.All(facts, f => Assert.Equal(DateOnly.FromDateTime(f.At.ToOffset(Shanghai).DateTime), f.BusinessDate));
        Assert.Equal([new DateOnly(2027, 4, 5), new DateOnly(2027, 4, 6)], facts.Where(f => f.Kind != FactKind.UnitsSold).Select(f => f.BusinessDate).Distinct().Order().ToList());
        Assert.Contains(facts, f => f.ProductId is not null && f.Supplier is { Length: > 0 });

        Assert.Equal(facts.Count, await _a.SendAsync(new RebuildRollup.Command()));
        Assert.Equal(rolled, await RollupAsync("SELECT business_date, kind, team_id, agent_id, channel, category, product_id, supplier, facts, total FROM report_daily"));
        Assert.Equal(histogram, await RollupAsync("SELECT business_date, kind, team_id, agent_id, bucket, facts FROM report_histogram"));
        Assert.Equal(narrow, await RollupAsync("SELECT kind, business_date, category, product_id, supplier, facts, total FROM report_products_daily"));
        Assert.Equal(0, await _b.SendAsync(new RollUp.Command()));
    }

    [Fact]
    public async Task A_transaction_open_in_another_database_of_the_cluster_does_not_hold_the_rollup_back_one_in_this_database_does()
    {
        await using var elsewhere = new Npgsql.NpgsqlConnection(await TestCluster.CreateEmptyDatabaseAsync());
        await elsewhere.OpenAsync();
        await using var pgDump = await elsewhere.BeginTransactionAsync();
        await using (var xid = new Npgsql.NpgsqlCommand("SELECT pg_current_xact_id()", elsewhere, pgDump))
        {
            await xid.ExecuteScalarAsync(); // it has a transaction id, older than every fact below
        }

        await _a.SendAsync(new RollUp.Command()); // the demo orders' units
        var folded = await _a.WithDbAsync(db => db.ReportFacts.CountAsync());
        await ComplainAsync("horizon.1@example.cn");
        var facts = await _a.WithDbAsync(db => db.ReportFacts.CountAsync()) - folded; // ticket created, message in, complaint filed
        Assert.Equal(facts, await _a.SendAsync(new RollUp.Command())); // folded at once

        await using (var scope = _a.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HelpDeskDbContext>();
            await using var open = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlRawAsync("SELECT pg_current_xact_id()");
            await ComplainAsync("horizon.2@example.cn");
            Assert.Equal(0, await _a.SendAsync(new RollUp.Command())); // this database's older transaction may still write a fact
            await open.CommitAsync();
        }

        Assert.Equal(facts, await _a.SendAsync(new RollUp.Command()));
        Assert.True(await CaughtUpAsync());
    }

    [Fact]
    public async Task Units_sold_facts_equal_the_order_lines_of_orders_not_cancelled_through_every_change()
    {
        // Raw: the units of each product per business date of orders not cancelled now; rolled: the UnitsSold facts folded.
        const string Raw = """
            SELECT (o.placed_at AT TIME ZONE 'Asia/Shanghai')::date, l.product_id, sum(l.quantity)
            FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.status <> 'Cancelled' GROUP BY 1, 2 HAVING sum(l.quantity) <> 0
            """;
        const string Rolled = """
            SELECT business_date, product_id, sum(total)::bigint FROM report_products_daily WHERE kind = 'UnitsSold'
            GROUP BY 1, 2 HAVING sum(total) <> 0
            """;
        async Task SameAsync(string step)
        {
            await FoldAllAsync();
            var raw = await RollupAsync(Raw);
            Assert.True(raw.Count > 10, step);
            Assert.Equal(raw, await RollupAsync(Rolled));
        }

        await SameAsync("the demo's orders");
        await _a.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""
            INSERT INTO orders (number, customer_id, placed_at, status, currency, total, payment_method, payment_status, paid_amount)
            SELECT 'UNITS-1', min(id), '2027-04-05 15:59:00+00', 'Paid', 'CNY', 0, 'Alipay', 'Paid', 0 FROM customers;
            INSERT INTO order_lines (order_id, product_id, sku, product_name, quantity, unit_price, paid_amount)
            SELECT o.id, p.id, p.sku, p.name, 3, 1, 3 FROM orders o, (SELECT * FROM products ORDER BY id LIMIT 2) p WHERE o.number = 'UNITS-1';
            """));
        await SameAsync("an order of two lines placed a minute before a business midnight");
        await _a.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE order_lines SET quantity = 5 WHERE id = (SELECT min(l.id) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.number = 'UNITS-1')"));
        await SameAsync("a quantity changed");
        await _a.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE orders SET placed_at = placed_at + interval '2 minutes' WHERE number = 'UNITS-1'"));
        await SameAsync("re-dated into the next business day");
        await _a.WithDbAsync(async db =>
        {
            var order = await db.Orders.Where(o => o.Status == Domain.Orders.OrderStatus.Delivered).OrderBy(o => o.Id).FirstAsync();
            await db.Database.ExecuteSqlAsync($"UPDATE orders SET status = 'Cancelled' WHERE id = {order.Id}");
            return 0;
        });
        await SameAsync("a delivered order cancelled");
        await _a.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE orders SET status = 'Paid' WHERE id = (SELECT min(id) FROM orders WHERE status = 'Cancelled')"));
        await SameAsync("an order un-cancelled");
        await _a.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM order_lines WHERE id = (SELECT max(l.id) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.number = 'UNITS-1')"));
        await SameAsync("a line removed");
        await _a.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM orders WHERE number = 'UNITS-1'"));
        await SameAsync("the order deleted with its lines");
        Assert.Equal(0, await _a.WithDbAsync(db => db.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM orders WHERE number = 'UNITS-1'").SingleAsync()));
    }

    [Fact]
    public async Task Two_instances_move_the_hotspots_windows_on_day_by_day_exactly_as_a_rebuild_computes_them()
    {
        // Topic words on some days over 15 months (past every window and baseline); both instances move the windows on (a day, a week, a month at a time).
        const string Windows = "SELECT term, d7, d30, d90, b7, b30, b90 FROM term_windows";
        Assert.True(await _a.SendAsync(new TermWindows.Command()) > 31); // the migration's windows end on the real today, months before: rebuilt
        int[] steps = [1, 1, 7, 1, 30, 6, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 3];
        var words = new[] { "zqalpha", "zqbravo", "zqcharlie", "zqdelta" };
        for (var i = 0; i < steps.Length; i++)
        {
            for (var w = 0; w <= i % words.Length; w++)
            {
                await _a.SendAsync(new Form.Submit(new Form.Form
                {
                    Name = "顾客", Email = $"window.{i}.{w}@example.cn", Category = TicketCategory.ComplaintSuggestion, Type = ComplaintType.Quality,
                    Description = $"我的 {words[w]} 坏了，{words[(w + i) % words.Length]} 也有问题。", Remedy = Remedy.AnswerOnly,
                }, [], _clock.GetUtcNow()));
            }

            // The job's order: the terms' deltas counted (in small batches, both instances at once), then the windows moved
            // on; every other step the other way round, so deltas of days already past the windows' end are counted too.
            if (i % 2 == 0)
            {
                await FoldTermsAsync();
            }

            _clock.Advance(TimeSpan.FromDays(steps[i]));
            var moved = await Task.WhenAll(_a.SendAsync(new TermWindows.Command()), _b.SendAsync(new TermWindows.Command()));
            moved[0] += await _a.SendAsync(new TermWindows.Command()); // one claimed it; a tick skipped meanwhile finds it done
            Assert.Equal(steps[i], moved.Sum());
            if (i % 2 == 1)
            {
                await FoldTermsAsync();
            }

            Assert.Equal(0, await _a.WithDbAsync(db => db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM term_deltas").SingleAsync()));
            var state = await _a.WithDbAsync(db => TermWindows.ReadAsync(db, default));
            Assert.Equal(new TermWindows.State(DateOnly.FromDateTime(_clock.GetUtcNow().ToOffset(Shanghai).DateTime), 4), state);

            var rolled = await RollupAsync(Windows);
            Assert.Contains(rolled, r => r.StartsWith("(zqalpha,", StringComparison.Ordinal));
            await _a.WithDbAsync(db => db.Database.ExecuteSqlAsync($"SELECT hd_term_windows_rebuild({state!.AsOf}, 4)"));
            Assert.Equal(await RollupAsync(Windows), rolled);
        }

        // The page reads the windows for the standard periods and sums the daily rollup otherwise: the same topics.
        var today = DateOnly.FromDateTime(_clock.GetUtcNow().ToOffset(Shanghai).DateTime);
        foreach (var days in new[] { 7, 30, 90 })
        {
            var period = new ReportPeriod(today.AddDays(1 - days), today);
            var fromWindows = await _a.SendAsync(new HotspotsModel.Query(period));
            await _a.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE term_windows_state SET baseline_periods = 0"));
            var summed = await _a.SendAsync(new HotspotsModel.Query(period));
            await _a.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE term_windows_state SET baseline_periods = 4"));
            Assert.Equal(Topics(summed.Top), Topics(fromWindows.Top));
            Assert.Equal(Topics(summed.Rising), Topics(fromWindows.Rising));
        }

        static List<string> Topics(IEnumerable<HotspotsModel.Topic> topics) => [.. topics.Select(t => $"{t.Term}|{t.Tickets}|{t.Baseline}|{t.Rising}")];
    }

    private async Task FoldTermsAsync()
    {
        while ((await Task.WhenAll(_a.SendAsync(new FoldTerms.Command(BatchSize: 3)), _b.SendAsync(new FoldTerms.Command(BatchSize: 3)))).Sum() > 0)
        {
        }

        while (await _a.SendAsync(new FoldTerms.Command(BatchSize: 3)) > 0)
        {
        }
    }

    private Task<Form.Submitted> ComplainAsync(string email) => _a.SendAsync(new Form.Submit(new Form.Form
    {
        Name = "顾客", Email = email, Category = TicketCategory.Logistics, Type = ComplaintType.LateDelivery,
        Description = "快递一直没到。", Remedy = Remedy.AnswerOnly,
    }, [], _clock.GetUtcNow()));

    /// <summary>
    /// Both instances tick at once, in small batches, until neither finds anything left; <paramref name="untilCaughtUp"/>:
    /// until every committed fact is in the rollup (a transaction of this database's own, such as a job's, may hold the
    /// horizon back a moment).
    /// </summary>
    private async Task FoldAllAsync(bool untilCaughtUp = true)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            while ((await Task.WhenAll(_a.SendAsync(new RollUp.Command(BatchSize: 7)), _b.SendAsync(new RollUp.Command(BatchSize: 7))))
                   is var done && done.Sum() > 0)
            {
            }

            // One more from each alone: a tick skipped while the other held the watermark must not hide work.
            while (await _a.SendAsync(new RollUp.Command(BatchSize: 7)) + await _b.SendAsync(new RollUp.Command(BatchSize: 7)) > 0)
            {
            }

            if (!untilCaughtUp || await CaughtUpAsync())
            {
                return;
            }

            await Task.Delay(200);
        }
        while (deadline.Elapsed < TimeSpan.FromSeconds(60));

        Assert.Fail("the rollup did not catch up with the committed facts in 60 s");
    }

    /// <summary>One tick of at most 5 facts that folds something (a moment's wait, as in <see cref="FoldAllAsync"/>).</summary>
    private async Task<int> PartialTickAsync()
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        int folded;
        while ((folded = await _b.SendAsync(new RollUp.Command(BatchSize: 5))) == 0 && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(200);
        }

        return folded;
    }

    private Task<bool> CaughtUpAsync() => _a.WithDbAsync(async db =>
        await db.Database.SqlQuery<bool>($"SELECT (SELECT count(*) FROM report_facts) = (SELECT coalesce(sum(facts), 0) FROM report_daily) AS \"Value\"").SingleAsync());

    private Task<List<string>> RollupAsync(string select) => _a.WithDbAsync(async db =>
    {
        var sql = "SELECT concat_ws('|', r.*) AS \"Value\" FROM (" + select + ") r";
        var rows = await db.Database.SqlQueryRaw<string>(sql).ToListAsync();
        rows.Sort(StringComparer.Ordinal);
        return rows;
    });

    [GeneratedRegex("/s/([A-Za-z0-9_-]{43})")]
    private static partial Regex Link();

    private Task<string> LastMailAsync(Form.Submitted submitted) => _a.WithDbAsync(db =>
        db.OutboxMessages.Where(m => m.Body.Contains(submitted.Number) && m.Body.Contains("/s/")).OrderByDescending(m => m.Id).Select(m => m.Body).FirstOrDefaultAsync().ContinueWith(t => t.Result ?? string.Empty, TaskScheduler.Default));

    private async Task ResolveAsync(Viewer by, string number)
    {
        var was = (await _a.SendAsync(new DetailsModel.Query(by, number)))!.Fields;
        await _a.SendAsync(new Update.Command(by, number, was, was with { Status = TicketStatus.Resolved }));
    }

    private Task<Viewer> ViewerAsync(string email) => _a.WithDbAsync(async db =>
    {
        var user = await db.Users.Where(u => u.Email == email).Select(u => new { u.Id, u.DisplayName }).SingleAsync();
        return new Viewer(user.Id, false, user.DisplayName);
    });
}
