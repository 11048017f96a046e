using System.Net;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Agent.Tickets;
using HelpDesk.Web.Features.Mail;
using HelpDesk.Web.Infrastructure.Mail;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketView = HelpDesk.Web.Features.Agent.Tickets.DetailsModel;

namespace HelpDesk.Web.Tests;

/// <summary>The outbox on its own database: one bad message never stops the others, and nothing goes out twice (kill -9: OutboxKillTests).</summary>
public sealed class OutboxTests : IAsyncLifetime
{
    private HelpDeskFactory _app = null!;

    public async Task InitializeAsync() => _app = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync());

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_bad_address_or_a_subject_with_a_line_break_fails_alone_and_the_rest_goes_out_once()
    {
        var now = DateTimeOffset.UtcNow;
        var ids = await _app.WithDbAsync(async db =>
        {
            var rows = new[]
            {
                new OutboxMessage("first@demo.local", "第一封", "正文", now),
                new OutboxMessage("张三 <zhangsan@qq.com>", "显示名", "正文", now),
                new OutboxMessage("a<b>@example.com", "尖括号", "正文", now),
                new OutboxMessage("second@demo.local", "投诉：屏幕\r\nBcc: evil@example.com", "正文", now),
                new OutboxMessage("third@demo.local", "第三封", "正文", now),
            };
            db.OutboxMessages.AddRange(rows);
            await db.SaveChangesAsync();
            return rows.Select(r => r.Id).ToArray();
        });

        var first = await _app.SendAsync(new DeliverOutbox.Command());
        var second = await _app.SendAsync(new DeliverOutbox.Command());

        Assert.Equal((3, 2), (first.Sent, first.Failed));
        Assert.Equal((0, 0), (second.Sent, second.Failed));
        var rows = await _app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(o => ids.Contains(o.Id)).OrderBy(o => o.Id).ToListAsync());
        Assert.Equal([OutboxStatus.Sent, OutboxStatus.Failed, OutboxStatus.Failed, OutboxStatus.Sent, OutboxStatus.Sent], rows.Select(r => r.Status));
        Assert.All(rows.Where(r => r.Status == OutboxStatus.Failed), r => Assert.Equal((DeliveryFailure?)DeliveryFailure.InvalidAddress, r.LastFailure));
        var mails = Directory.GetFiles(_app.MailDirectory, "*.eml").Select(File.ReadAllLines).ToList();
        Assert.Equal(3, mails.Count);
        Assert.DoesNotContain(mails.SelectMany(m => m), line => line.StartsWith("Bcc:", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("投诉：屏幕 Bcc: evil@example.com", rows[3].Subject);
    }

    [Fact]
    public async Task A_reply_that_cannot_be_delivered_says_why_on_the_ticket()
    {
        var supervisor = await _app.WithDbAsync(db => db.Users.Where(u => u.Email == DemoSeeder.SupervisorEmail).Select(u => new Viewer(u.Id, true, u.DisplayName)).SingleAsync());
        var number = await _app.WithDbAsync(async db =>
        {
            var ticket = await db.Tickets.Where(t => t.Channel == Channel.Email && t.Status == TicketStatus.Open
                && db.CustomerContacts.Any(c => c.CustomerId == t.CustomerId && c.Kind == ContactKind.Email)).FirstAsync();
            // An address stored before addresses were checked at every edge.
            await db.Database.ExecuteSqlAsync($"UPDATE customer_contacts SET value = 'old<address>@example.com' WHERE customer_id = {ticket.CustomerId} AND kind = 'Email'");
            return ticket.DisplayNumber;
        });
        var messageId = await _app.SendAsync(new Reply.Command(supervisor, number, "已为您登记。", Internal: false));

        await _app.SendAsync(new DeliverOutbox.Command());

        var view = await _app.SendAsync(new TicketView.Query(supervisor, number));
        Assert.Equal(new TicketView.Delivery(OutboxStatus.Failed, 1, DeliveryFailure.InvalidAddress), view!.Messages.Single(m => m.Id == messageId).Delivery);
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        var signIn = await AppFixture.PostFormAsync(client, "/account/login", new() { ["Input.Email"] = DemoSeeder.SupervisorEmail, ["Input.Password"] = DemoSeeder.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("邮件无法送达：收件地址无效", await client.GetStringAsync($"/agent/tickets/{number.ToLowerInvariant()}"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_claim_counts_the_attempt_and_leases_the_mail_and_one_interrupted_too_often_is_given_up()
    {
        var now = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
        var mail = new OutboxMessage("lease@demo.local", "租约", "正文", now);

        Assert.True(mail.Claim(now, TimeSpan.FromMinutes(5)));
        Assert.Equal((1, now.AddMinutes(5), OutboxStatus.Pending), (mail.Attempts, mail.NextAttemptAt, mail.Status));
        mail.MarkFailed(DeliveryFailure.Unreachable, "connection refused", now);
        Assert.Equal((1, now.AddMinutes(1), OutboxStatus.Pending), (mail.Attempts, mail.NextAttemptAt, mail.Status)); // backoff from the outcome, not the lease

        // Claimed and never heard of again (the instance died each time): the last allowed attempt is the last.
        while (mail.Attempts < OutboxMessage.MaxAttempts)
        {
            Assert.True(mail.Claim(now, TimeSpan.FromMinutes(5)));
        }

        Assert.False(mail.Claim(now, TimeSpan.FromMinutes(5)));
        Assert.Equal((OutboxMessage.MaxAttempts, OutboxStatus.Failed, (DeliveryFailure?)DeliveryFailure.Unknown), (mail.Attempts, mail.Status, mail.LastFailure));
        Assert.Equal("outbox.0.1796202000000@shop.example", mail.OutgoingMessageId("shop.example")); // the same Message-ID on every attempt
    }

    [Fact]
    public async Task An_outcome_recorded_after_the_lease_ran_out_does_not_overwrite_the_attempt_that_took_over()
    {
        var clock = TestClock.At(DateTimeOffset.UtcNow);
        var gate = new GatedTransport();
        var database = await TestCluster.CreateDatabaseAsync();
        await using var slow = new HelpDeskFactory(database, services: s => s.AddSingleton<TimeProvider>(clock).AddSingleton<IMailTransport>(gate));
        await using var other = new HelpDeskFactory(database, services: s => s.AddSingleton<TimeProvider>(clock));
        var id = await other.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM outbox_messages");
            var mail = new OutboxMessage("fence@demo.local", "围栏", "正文", clock.GetUtcNow());
            db.OutboxMessages.Add(mail);
            await db.SaveChangesAsync();
            return mail.Id;
        });

        var stuck = slow.SendAsync(new DeliverOutbox.Command(Lease: TimeSpan.FromMinutes(5)));
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30)); // claimed and committed; the send hangs
        Assert.Equal(new DeliverOutbox.Result(0, 0), await other.SendAsync(new DeliverOutbox.Command())); // leased: left alone
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(new DeliverOutbox.Result(1, 0), await other.SendAsync(new DeliverOutbox.Command())); // the lease ran out: taken over

        gate.Fail(); // the hung attempt finally fails …
        Assert.Equal(new DeliverOutbox.Result(0, 0), await stuck); // … and its outcome is not recorded over the newer one

        var row = await other.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));
        Assert.Equal((OutboxStatus.Sent, 2, (DeliveryFailure?)null), (row.Status, row.Attempts, row.LastFailure));
    }

    /// <summary>A mail server that hangs on the first e-mail until told to fail it.</summary>
    private sealed class GatedTransport : IMailTransport
    {
        private readonly TaskCompletionSource _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Fail() => _failed.TrySetException(new TimeoutException("the server stopped answering"));

        public Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            return _failed.Task;
        }
    }
}
