using System.Collections.Concurrent;
using System.Data.Common;
using HelpDesk.Domain.Commitments;
using HelpDesk.Domain.Sla;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Agent.Commitments;
using HelpDesk.Web.Features.Commitments;
using HelpDesk.Web.Features.Sla;
using HelpDesk.Web.Infrastructure.Mail;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace HelpDesk.Web.Tests;

/// <summary>
/// Three app instances on one PostgreSQL (one test clock): the SLA monitor and the evening checklist happen exactly
/// once, also when an instance dies in the middle of its transaction (its connection cut, as <c>kill -9</c> does:
/// PostgreSQL rolls back and releases its row locks, and the others take the work over); a stopping instance
/// finishes the outbox batch it holds instead of abandoning it half sent.
/// </summary>
public sealed class JobsScaleOutTests : IAsyncLifetime
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private readonly FakeTimeProvider _clock = TestClock.At(new DateTimeOffset(2026, 11, 23, 10, 0, 0, Shanghai)); // Monday
    private readonly Freezer _freezer = new();
    private HelpDeskFactory[] _instances = [];
    private string _database = string.Empty;

    public async Task InitializeAsync()
    {
        _database = await TestCluster.CreateDatabaseAsync();
        _instances = Enumerable.Range(0, 3).Select(i => new HelpDeskFactory(_database, services: s =>
        {
            s.AddSingleton<TimeProvider>(_clock);
            if (i == 0)
            {
                s.ConfigureDbContext<HelpDeskDbContext>(o => o.AddInterceptors(_freezer)); // the instance that will die
            }
        })).ToArray();
        await Db(db => db.Database.ExecuteSqlRawAsync(
            "UPDATE tickets SET next_deadline_at = NULL; DELETE FROM follow_up_tasks WHERE commitment_id IS NOT NULL; DELETE FROM commitments;"));
    }

    public async Task DisposeAsync()
    {
        _freezer.Release();
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
    }

    [Fact]
    public async Task Three_instances_ticking_at_once_escalate_every_breach_exactly_once()
    {
        var tickets = await OpenChatsAsync(40); // first response due in 5 minutes
        _clock.Advance(TimeSpan.FromMinutes(6));

        for (var round = 0; round < 50; round++)
        {
            var results = await Task.WhenAll(_instances.Select(i => i.SendAsync(new SlaMonitor.Command(BatchSize: 7))));
            if (results.All(r => r.Checked == 0))
            {
                break;
            }
        }

        await AssertBreachedOnceAsync(tickets);
    }

    [Fact]
    public async Task An_instance_killed_mid_batch_leaves_its_tickets_to_the_others_and_nothing_is_lost_or_doubled()
    {
        var tickets = await OpenChatsAsync(30);
        _clock.Advance(TimeSpan.FromMinutes(6));

        // Instance 0 claims every due ticket (FOR UPDATE SKIP LOCKED) and stops just before writing its escalations.
        _freezer.Arm("sla_escalations");
        var dying = _instances[0].SendAsync(new SlaMonitor.Command(BatchSize: 200));
        var pid = await _freezer.Frozen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var meanwhile = await Task.WhenAll(_instances.Skip(1).Select(i => i.SendAsync(new SlaMonitor.Command())));
        Assert.All(meanwhile, r => Assert.Equal(0, r.Checked)); // locked by the dying instance: skipped, not waited for

        await TerminateAsync(pid); // the process dies: its connection goes, PostgreSQL rolls back
        _freezer.Release();
        await Assert.ThrowsAnyAsync<Exception>(() => dying);
        Assert.Equal(0, await Db(db => db.SlaEscalations.CountAsync(e => tickets.Contains(e.TicketId))));

        while ((await Task.WhenAll(_instances.Skip(1).Select(i => i.SendAsync(new SlaMonitor.Command(BatchSize: 7))))).Any(r => r.Checked > 0))
        {
        }

        await AssertBreachedOnceAsync(tickets);
    }

    [Fact]
    public async Task Three_instances_build_one_evening_checklist_per_team_and_one_task_per_open_promise()
    {
        var promises = await PromisesAsync();
        _clock.Set(new DateTimeOffset(2026, 11, 23, 18, 5, 0, Shanghai));

        var built = await Task.WhenAll(_instances.Select(i => i.SendAsync(new BuildChecklists.Command(_clock.GetUtcNow()))));

        await AssertChecklistsOnceAsync(promises, built.SelectMany(b => b).ToList());
    }

    [Fact]
    public async Task An_instance_killed_while_building_a_checklist_leaves_it_to_the_others()
    {
        var promises = await PromisesAsync();
        _clock.Set(new DateTimeOffset(2026, 11, 23, 18, 5, 0, Shanghai));

        // Instance 0 holds a team's row lock and dies before its checklist is written; the others wait for the lock.
        _freezer.Arm("daily_checklists", insertOnly: true);
        var dying = _instances[0].SendAsync(new BuildChecklists.Command(_clock.GetUtcNow()));
        var pid = await _freezer.Frozen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var others = _instances.Skip(1).Select(i => i.SendAsync(new BuildChecklists.Command(_clock.GetUtcNow()))).ToList();
        await Task.Delay(500);
        Assert.All(others, o => Assert.False(o.IsCompleted)); // waiting for the team, not building it a second time

        await TerminateAsync(pid);
        _freezer.Release();
        await Assert.ThrowsAnyAsync<Exception>(() => dying);
        var built = await Task.WhenAll(others);

        await AssertChecklistsOnceAsync(promises, built.SelectMany(b => b).ToList());
    }

    [Fact]
    public async Task A_stopping_instance_finishes_the_outbox_batch_it_holds_and_sends_each_mail_once()
    {
        var transport = new SlowTransport(TimeSpan.FromMilliseconds(150));
        var ids = await Db(async db =>
        {
            var rows = Enumerable.Range(0, 24).Select(i => new OutboxMessage($"drain{i}@demo.local", "关机测试", "正文", DateTimeOffset.UtcNow.AddMinutes(-1))).ToList();
            db.OutboxMessages.AddRange(rows);
            await db.SaveChangesAsync();
            return rows.Select(r => r.Id).ToList();
        });
        var worker = new HelpDeskFactory(_database, services: s => s.AddSingleton<IMailTransport>(transport), settings: new Dictionary<string, string>
        {
            ["Jobs:Enabled"] = "true",
            ["Jobs:Outbox:IntervalSeconds"] = "1",
            ["Jobs:Outbox:Parallelism"] = "2",
            ["Jobs:SlaMonitor:Enabled"] = "false",
            ["Jobs:Checklist:Enabled"] = "false",
        });
        _ = worker.Server; // starts the host and its jobs

        await transport.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await worker.DisposeAsync(); // SIGTERM: the jobs are told to stop while the batch is being sent

        var rows = await Db(db => db.OutboxMessages.AsNoTracking().Where(o => ids.Contains(o.Id)).Select(o => new { o.Id, o.Status }).ToListAsync());
        var sent = transport.Sends.Where(s => ids.Contains(s.Key)).ToList();
        Assert.All(sent, s => Assert.Equal(1, s.Value)); // nothing sent twice
        Assert.Equal(sent.Select(s => s.Key).Order(), rows.Where(r => r.Status == OutboxStatus.Sent).Select(r => r.Id).Order()); // every mail sent is recorded as sent
        Assert.Equal(ids.Count, sent.Count); // the whole claimed batch went out before the instance stopped
    }

    private async Task AssertBreachedOnceAsync(List<long> tickets)
    {
        var escalations = await Db(db => db.SlaEscalations.Where(e => tickets.Contains(e.TicketId)).Select(e => new { e.TicketId, e.Metric, e.Level }).ToListAsync());
        Assert.All(escalations.GroupBy(e => e), g => Assert.Single(g));
        Assert.Equal(tickets.Order(), escalations.Where(e => e.Metric == SlaMetric.FirstResponse && e.Level == EscalationLevel.Breached).Select(e => e.TicketId).Order());
        var priorities = await Db(db => db.Tickets.Where(t => tickets.Contains(t.Id)).Select(t => t.Priority).ToListAsync());
        Assert.All(priorities, p => Assert.Equal(TicketPriority.High, p)); // raised once, from Normal
        var notices = await Db(db => db.Notifications.Where(n => n.TicketId != null && tickets.Contains(n.TicketId.Value) && n.Key == "notify.sla.breached")
            .GroupBy(n => new { n.TicketId, n.UserId }).Select(g => g.Count()).ToListAsync());
        Assert.Equal(tickets.Count * 2, notices.Count); // the assignee and the team's supervisor …
        Assert.All(notices, n => Assert.Equal(1, n));   // … once each
    }

    private async Task AssertChecklistsOnceAsync(List<long> promises, List<long> built)
    {
        var monday = new DateOnly(2026, 11, 23);
        var checklists = await Db(db => db.DailyChecklists.Where(c => c.BusinessDate == monday).Select(c => new { c.Id, c.TeamId }).ToListAsync());
        Assert.Equal(3, checklists.Count); // one per service team
        Assert.Equal(checklists.Count, checklists.Select(c => c.TeamId).Distinct().Count());
        Assert.Equal(built.Count, built.Distinct().Count());
        Assert.Subset(built.ToHashSet(), checklists.Select(c => c.Id).ToHashSet());
        var tasks = await Db(db => db.FollowUpTasks.Where(t => t.CommitmentId != null && promises.Contains(t.CommitmentId.Value)).Select(t => t.CommitmentId!.Value).ToListAsync());
        Assert.Equal(promises.Order(), tasks.Order()); // one follow-up per open promise, none twice
    }

    private Task<List<long>> OpenChatsAsync(int count) => Db(async db =>
    {
        var customer = await db.Customers.Where(c => c.Tier == Domain.Customers.CustomerTier.Regular).OrderBy(c => c.Id).FirstAsync();
        var agent = await db.Users.Where(u => u.Email == DemoSeeder.AgentEmail).Select(u => u.Id).SingleAsync();
        var team = await db.TeamMembers.Where(m => m.UserId == agent).Select(m => m.TeamId).FirstAsync();
        var tickets = Enumerable.Range(0, count).Select(i =>
        {
            var ticket = Ticket.Open($"三实例 SLA {i}", TicketCategory.Logistics, TicketPriority.Normal, Channel.Chat, customer.Id, customer.Name, "我的包裹呢？", _clock.GetUtcNow());
            ticket.AssignTo(team, agent, TestActors.Staff, _clock.GetUtcNow());
            return ticket;
        }).ToList();
        db.Tickets.AddRange(tickets);
        await db.SaveChangesAsync();
        return tickets.Select(t => t.Id).ToList();
    });

    /// <summary>Two open promises made today by each of four agents, on open tickets of their teams.</summary>
    private async Task<List<long>> PromisesAsync()
    {
        var promises = new List<long>();
        foreach (var email in new[] { DemoSeeder.AgentEmail, "agent2@demo.local", "agent3@demo.local", "agent4@demo.local" })
        {
            var agent = await Db(async db =>
            {
                var user = await db.Users.Where(u => u.Email == email).Select(u => new { u.Id, u.DisplayName }).SingleAsync();
                return new Viewer(user.Id, false, user.DisplayName);
            });
            var number = await Db(async db => Ticket.FormatNumber(await db.Tickets.Where(t => t.Status == TicketStatus.Open && db.TeamMembers.Any(m => m.UserId == agent.Id && m.TeamId == t.TeamId)).OrderBy(t => t.Id).Select(t => t.Number).FirstAsync()));
            var local = _clock.GetUtcNow().ToOffset(Shanghai).DateTime;
            promises.Add(await _instances[1].SendAsync(new Promises.Add(agent, number, CommitmentKind.CallBack, "明天上午给您回电", local.AddHours(20))));
            promises.Add(await _instances[2].SendAsync(new Promises.Add(agent, number, CommitmentKind.Other, "今晚把发票寄出", local.AddHours(5))));
        }

        return promises;
    }

    private async Task TerminateAsync(int pid)
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", connection);
        command.Parameters.AddWithValue("pid", pid);
        Assert.True((bool)(await command.ExecuteScalarAsync())!);
    }

    private Task<T> Db<T>(Func<HelpDeskDbContext, Task<T>> action) => _instances[1].WithDbAsync(action);

    /// <summary>
    /// Stops the first command of the armed instance that touches <c>table</c> (its transaction open, its row locks
    /// held) until released, and reports the PostgreSQL backend it runs on, so a test can cut that connection.
    /// </summary>
    private sealed class Freezer : DbCommandInterceptor
    {
        private string? _table;
        private bool _insertOnly;
        private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<int> Frozen { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Arm(string table, bool insertOnly = false)
        {
            (_table, _insertOnly) = (table, insertOnly);
            Frozen = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Release() => _release.TrySetResult();

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await FreezeAsync(command);
            return result;
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await FreezeAsync(command);
            return result;
        }

        private async Task FreezeAsync(DbCommand command)
        {
            if (Interlocked.Exchange(ref _table, null) is not { } table)
            {
                return;
            }

            var text = command.CommandText;
            if (!text.Contains(table, StringComparison.OrdinalIgnoreCase) || (_insertOnly && !text.Contains("INSERT INTO " + table, StringComparison.OrdinalIgnoreCase)))
            {
                _table = table; // not this one: stay armed
                return;
            }

            Frozen.TrySetResult(((NpgsqlConnection)command.Connection!).ProcessID);
            await _release.Task;
        }
    }

    /// <summary>A mail server that takes a while per message and counts what it was given, per outbox row.</summary>
    private sealed class SlowTransport(TimeSpan perMessage) : IMailTransport
    {
        public ConcurrentDictionary<long, int> Sends { get; } = new();

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            await Task.Delay(perMessage, cancellationToken);
            Sends.AddOrUpdate(message.Id, 1, (_, n) => n + 1);
        }
    }
}
