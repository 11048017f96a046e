using System.Net;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Agent.Tickets;
using HelpDesk.Web.Features.Mail;
using HelpDesk.Web.Infrastructure.Mail;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using TicketView = HelpDesk.Web.Features.Agent.Tickets.DetailsModel;

namespace HelpDesk.Web.Tests;

/// <summary>The outbox on its own database: one bad message never stops the others, and nothing goes out twice.</summary>
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
}
