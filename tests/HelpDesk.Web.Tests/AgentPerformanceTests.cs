using System.Text.RegularExpressions;
using HelpDesk.Domain.Analytics;
using HelpDesk.Domain.Commitments;
using HelpDesk.Domain.Complaints;
using HelpDesk.Domain.Tickets;
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
/// Agent performance (issue 16 item 2) against a hand computation: five tickets of one team (calendar 09:00–12:00,
/// 13:30–18:00 on weekdays) on Wednesday 18 and Thursday 19 November 2026, answered across the lunch break and the
/// evening, one reopened, three CSAT answers and three promises; the numbers come from the folded histogram.
/// </summary>
public sealed partial class AgentPerformanceTests : IAsyncLifetime
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private readonly FakeTimeProvider _clock = TestClock.At(At(18, 8, 0));
    private HelpDeskFactory _app = null!;

    public async Task InitializeAsync() =>
        _app = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync(), services: s => s.AddSingleton<TimeProvider>(_clock));

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Median_p90_handled_reopen_rate_CSAT_and_promises_in_business_time_match_the_hand_computation()
    {
        var a = await ViewerAsync(DemoSeeder.AgentEmail);
        var b = await ViewerAsync("agent2@demo.local");
        var team = await _app.WithDbAsync(db => db.Teams.Where(t => t.Name == "售后服务组").Select(t => t.Id).SingleAsync());

        var t3 = await OpenAsync(18, 9, 0, team, a);        // A: reply 09:05 (5 min), resolved 09:35 (35), reopened 09:50, resolved 10:20 (80)
        await ReplyAsync(18, 9, 5, a, t3);
        await ResolveAsync(18, 9, 35, a, t3);
        await PromiseAsync(18, 9, 40, a, t3, dueLocal: Local(18, 12, 0));
        await CustomerWritesAsync(18, 9, 50, t3);
        var t4 = await OpenAsync(18, 10, 0, team, b);       // B: reply 10:30 (30), resolved 11:00 (60), CSAT 3
        var t5 = await OpenAsync(18, 10, 0, team, b);       // B: reply 11:40 (100), resolved Thursday 09:30 (120 + 270 + 30 = 420)
        await ResolveAsync(18, 10, 20, a, t3);
        await ReplyAsync(18, 10, 30, b, t4);
        await ResolveAsync(18, 11, 0, b, t4);
        await AnswerAsync(t4, 3);
        await ReplyAsync(18, 11, 40, b, t5);
        var t1 = await OpenAsync(18, 11, 50, team, a);      // A: reply 13:40 (10 + 10 = 20, over lunch), resolved 14:30 (70), CSAT 5
        await KeepAsync(18, 12, 30, t3);                    // due 12:00, kept 12:30: late
        await ReplyAsync(18, 13, 40, a, t1);
        await PromiseAsync(18, 13, 45, a, t1, dueLocal: Local(18, 17, 0));
        await KeepAsync(18, 14, 0, t1);                     // on time
        await ResolveAsync(18, 14, 30, a, t1);
        await AnswerAsync(t1, 5);
        var t2 = await OpenAsync(18, 17, 30, team, a);      // A: reply Thursday 09:15 (30 + 15 = 45, over the evening), resolved 10:00 (90), CSAT 4
        await PromiseAsync(18, 17, 40, a, t2, dueLocal: Local(19, 9, 0));
        await BreakAsync(19, 9, 5, t2);
        await ReplyAsync(19, 9, 15, a, t2);
        await ResolveAsync(19, 9, 30, b, t5);
        await ResolveAsync(19, 10, 0, a, t2);
        await AnswerAsync(t2, 4);

        await FoldAllAsync();
        var report = await _app.SendAsync(new AgentsModel.Query(new ReportPeriod(new DateOnly(2026, 11, 18), new DateOnly(2026, 11, 19)), team));

        var byAgent = report.Agents.ToDictionary(r => r.AgentId, r => r.Metrics);
        var ma = byAgent[a.Id];
        Assert.Equal((3L, 20m, 45m), (ma.FirstResponses, ma.FirstResponseMedian, ma.FirstResponseP90));   // 5, 20, 45
        Assert.Equal((4L, 70m, 90m), (ma.Handled, ma.ResolutionMedian, ma.ResolutionP90));               // 35, 70, 80, 90
        Assert.Equal((1L, 25.0m), (ma.Reopened, ma.ReopenRate));
        Assert.Equal((2L, 4.50m, 100.0m), (ma.CsatAnswers, ma.CsatAverage, ma.CsatSatisfied));
        Assert.Equal((3L, 1L, 33.3m), (ma.PromisesDue, ma.PromisesKeptOnTime, ma.PromisesOnTime));       // kept on time, kept late, broken

        var mb = byAgent[b.Id];
        Assert.Equal((2L, 30m, 100m), (mb.FirstResponses, mb.FirstResponseMedian, mb.FirstResponseP90));
        Assert.Equal((2L, 60m, 422.5m), (mb.Handled, mb.ResolutionMedian, mb.ResolutionP90));            // 420 lies in the 5-minute bucket [420, 425)
        Assert.Equal((0L, 0.0m), (mb.Reopened, mb.ReopenRate));
        Assert.Equal((1L, 3.00m, 0.0m), (mb.CsatAnswers, mb.CsatAverage, mb.CsatSatisfied));
        Assert.Equal((0L, (decimal?)null), (mb.PromisesDue, mb.PromisesOnTime));

        var row = Assert.Single(report.Teams);
        var t = row.Metrics;
        Assert.Equal((5L, 30m, 100m), (t.FirstResponses, t.FirstResponseMedian, t.FirstResponseP90));  // 5, 20, 30, 45, 100
        Assert.Equal((6L, 70m, 422.5m), (t.Handled, t.ResolutionMedian, t.ResolutionP90));             // 35, 60, 70, 80, 90, 420
        Assert.Equal(16.7m, t.ReopenRate);
        Assert.Equal((4.00m, 66.7m), (t.CsatAverage, t.CsatSatisfied));
        Assert.Equal(33.3m, t.PromisesOnTime);

        var median = row.AgentMedians; // the team median beside each agent: the median of the two agents' numbers
        Assert.Equal((25m, 72.5m, 3L, 12.5m), (median.FirstResponseMedian!.Value, median.FirstResponseP90!.Value, median.Handled, median.ReopenRate!.Value));
        Assert.Equal((3.75m, 50.0m, 33.3m), (median.CsatAverage!.Value, median.CsatSatisfied!.Value, median.PromisesOnTime!.Value));

        // The facts hold the business minutes the SLA calendar counts.
        var minutes = await _app.WithDbAsync(db => db.ReportFacts.Where(f => f.Kind == FactKind.FirstResponse).OrderBy(f => f.At).Select(f => f.BusinessMinutes).ToListAsync());
        Assert.Equal([5m, 30m, 100m, 20m, 45m], minutes);
    }

    private static DateTimeOffset At(int day, int hour, int minute) => new(2026, 11, day, hour, minute, 0, Shanghai);

    private static DateTime Local(int day, int hour, int minute) => new(2026, 11, day, hour, minute, 0);

    private async Task<string> OpenAsync(int day, int hour, int minute, int team, Viewer agent)
    {
        _clock.SetUtcNow(At(day, hour, minute).ToUniversalTime());
        var submitted = await _app.SendAsync(new Form.Submit(new Form.Form
        {
            Name = "顾客",
            Email = $"perf.{day}.{hour}.{minute}.{Guid.NewGuid():N}@example.cn",
            Category = TicketCategory.AfterSales,
            Type = ComplaintType.Quality,
            Description = "商品有问题，请处理。",
            Remedy = Remedy.Refund,
        }, [], _clock.GetUtcNow()));
        var supervisor = (await ViewerAsync(DemoSeeder.SupervisorEmail)) with { IsSupervisor = true };
        var was = (await _app.SendAsync(new DetailsModel.Query(supervisor, submitted.Number)))!.Fields;
        await _app.SendAsync(new Update.Command(supervisor, submitted.Number, was, was with { TeamId = team, AssigneeId = agent.Id }));
        _links[submitted.Number] = submitted.Link;
        return submitted.Number;
    }

    private readonly Dictionary<string, string> _links = [];

    private async Task ReplyAsync(int day, int hour, int minute, Viewer by, string number)
    {
        _clock.SetUtcNow(At(day, hour, minute).ToUniversalTime());
        await _app.SendAsync(new Reply.Command(by, number, "您好，我们正在处理。", false));
    }

    private async Task ResolveAsync(int day, int hour, int minute, Viewer by, string number)
    {
        _clock.SetUtcNow(At(day, hour, minute).ToUniversalTime());
        var was = (await _app.SendAsync(new DetailsModel.Query(by with { IsSupervisor = true }, number)))!.Fields;
        await _app.SendAsync(new Update.Command(by, number, was, was with { Status = TicketStatus.Resolved }));
    }

    private async Task CustomerWritesAsync(int day, int hour, int minute, string number)
    {
        _clock.SetUtcNow(At(day, hour, minute).ToUniversalTime());
        await _app.SendAsync(new Portal.CustomerReply(_links[number].Split('/')[^1], "还是不行。", [], _clock.GetUtcNow()));
    }

    private async Task AnswerAsync(string number, int score)
    {
        var body = await _app.WithDbAsync(db => db.OutboxMessages.Where(m => m.Body.Contains(number) && m.Body.Contains("/s/")).OrderByDescending(m => m.Id).Select(m => m.Body).FirstAsync());
        await _app.SendAsync(new SurveyModel.Answer(Link().Match(body).Groups[1].Value, score, null, _clock.GetUtcNow()));
    }

    private async Task PromiseAsync(int day, int hour, int minute, Viewer by, string number, DateTime dueLocal)
    {
        _clock.SetUtcNow(At(day, hour, minute).ToUniversalTime());
        _promises[number] = await _app.SendAsync(new Promises.Add(by, number, CommitmentKind.CallBack, "稍后给您回电", dueLocal));
    }

    private readonly Dictionary<string, long> _promises = [];

    private Task KeepAsync(int day, int hour, int minute, string number) => CommitAsync(day, hour, minute, number, c => c.Keep(KeptVia.Agent, null, "已回电", TestActors.Staff, _clock.GetUtcNow()));

    private Task BreakAsync(int day, int hour, int minute, string number) => CommitAsync(day, hour, minute, number, c => c.Break("顾客联系不上", _clock.GetUtcNow()));

    private async Task CommitAsync(int day, int hour, int minute, string number, Action<Commitment> change)
    {
        _clock.SetUtcNow(At(day, hour, minute).ToUniversalTime());
        await _app.WithDbAsync(async db =>
        {
            change(await db.Commitments.SingleAsync(c => c.Id == _promises[number]));
            return await db.SaveChangesAsync();
        });
    }

    /// <summary>Folds until every committed fact is in the rollups (another test's open transaction may hold it back a moment).</summary>
    private async Task FoldAllAsync()
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            while (await _app.SendAsync(new RollUp.Command()) > 0)
            {
            }

            if (await _app.WithDbAsync(db => db.Database.SqlQuery<bool>($"SELECT (SELECT count(*) FROM report_facts) = (SELECT coalesce(sum(facts), 0) FROM report_daily) AS \"Value\"").SingleAsync()))
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail("the rollup did not catch up in 60 s");
    }

    private Task<Viewer> ViewerAsync(string email) => _app.WithDbAsync(async db =>
    {
        var user = await db.Users.Where(u => u.Email == email).Select(u => new { u.Id, u.DisplayName }).SingleAsync();
        return new Viewer(user.Id, false, user.DisplayName);
    });

    [GeneratedRegex("/s/([A-Za-z0-9_-]{43})")]
    private static partial Regex Link();
}
