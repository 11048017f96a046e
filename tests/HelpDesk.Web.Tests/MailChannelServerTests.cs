using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Agent.Tickets;
using HelpDesk.Web.Features.Channels;
using HelpDesk.Web.Features.Channels.Mail;
using HelpDesk.Web.Features.Mail;
using HelpDesk.Web.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace HelpDesk.Web.Tests;

/// <summary>
/// E-mail end to end against real servers: mail queued in Dovecot is read over IMAP (UIDVALIDITY/UID, never twice,
/// not even after the poller's progress is lost), the agent's answer leaves by SMTP (aiosmtpd) threaded and signed,
/// and the customer's reply to it comes back into the same ticket.
/// </summary>
public sealed class MailChannelServerTests(MailServers servers) : IClassFixture<MailServers>, IAsyncLifetime
{
    private HelpDeskFactory _app = null!;

    public async Task InitializeAsync() => _app = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync(), settings: Settings());

    private Dictionary<string, string> Settings() => new()
    {
        ["HelpDesk:Channels:JoinOpenTicketMinutes"] = "0",
        ["HelpDesk:Channels:Mail:Mailboxes:0:Name"] = "service",
        ["HelpDesk:Channels:Mail:Mailboxes:0:Address"] = "service@helpdesk.local",
        ["HelpDesk:Channels:Mail:Mailboxes:0:Host"] = "127.0.0.1",
        ["HelpDesk:Channels:Mail:Mailboxes:0:Port"] = servers.ImapPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["HelpDesk:Channels:Mail:Mailboxes:0:Security"] = "None",
        ["HelpDesk:Channels:Mail:Mailboxes:0:User"] = MailServers.User,
        ["HelpDesk:Channels:Mail:Mailboxes:0:Password"] = MailServers.Password,
        ["Mail:Smtp:Host"] = "127.0.0.1",
        ["Mail:Smtp:Port"] = servers.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task QueueAsync(params byte[][] mails) => QueueAsync("INBOX", mails);

    /// <summary>Appends mails to a folder of the test mailbox (created when missing).</summary>
    private async Task QueueAsync(string folderName, params byte[][] mails)
    {
        using var imap = new ImapClient();
        await imap.ConnectAsync("127.0.0.1", servers.ImapPort, SecureSocketOptions.None);
        await imap.AuthenticateAsync(MailServers.User, MailServers.Password);
        var root = imap.GetFolder(imap.PersonalNamespaces[0]);
        var folder = folderName == "INBOX" ? imap.Inbox
            : (await root.GetSubfoldersAsync()).FirstOrDefault(f => f.Name == folderName) ?? (await root.CreateAsync(folderName, isMessageFolder: true))!;
        foreach (var raw in mails)
        {
            await folder.AppendAsync(MimeMessage.Load(new MemoryStream(raw)), MessageFlags.None);
        }

        await imap.DisconnectAsync(true);
    }

    private Task<PollMailbox.Result> PollAsync() => _app.SendAsync(new PollMailbox.Command("service"));

    [Fact]
    public async Task Mail_is_read_once_over_IMAP_answered_by_SMTP_with_threading_headers_and_the_reply_comes_back_to_its_ticket()
    {
        var customer = $"imap.{Guid.NewGuid():N}@customer.example.cn";
        var first = TestMail.Raw(customer, "快递丢了", "快递显示签收但我没收到。");
        var gbk = TestMail.Legacy("GBK", $"gbk.{Guid.NewGuid():N}@customer.example.cn", "发票抬头写错了", "请帮我把发票抬头改成公司名称。", $"{Guid.NewGuid():N}@legacy.example.cn");
        await QueueAsync(first, gbk, first);

        var poll = await PollAsync();
        var idle = await PollAsync();

        Assert.Equal((3, 1, 0), (poll.Taken, poll.Duplicates, poll.Failed));
        Assert.Equal(0, idle.Taken);
        var tickets = await _app.WithDbAsync(db => db.Set<InboundRecord>().AsNoTracking().Where(r => r.TicketId != null).OrderBy(r => r.Id)
            .Join(db.Tickets.Include(t => t.Messages), r => r.TicketId, t => t.Id, (_, t) => t).ToListAsync());
        Assert.Equal(2, tickets.Count);
        Assert.Equal("快递显示签收但我没收到。", Assert.Single(tickets[0].Messages).Body);
        Assert.Equal(("发票抬头写错了", "请帮我把发票抬头改成公司名称。"), (tickets[1].Subject, Assert.Single(tickets[1].Messages).Body));

        // The poller's progress is lost (a crash before it was saved, a renumbered mailbox): nothing doubles.
        await _app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE mailbox_states SET last_uid = 0, uid_validity = 1"));
        var reread = await PollAsync();
        Assert.Equal((3, 3), (reread.Taken, reread.Duplicates));

        // The acknowledgements and the agent's answer go out by SMTP, threaded.
        var supervisor = await _app.WithDbAsync(db => db.Users.Where(u => u.Email == DemoSeeder.SupervisorEmail).Select(u => new Viewer(u.Id, true, u.DisplayName)).SingleAsync());
        await _app.SendAsync(new Reply.Command(supervisor, tickets[0].DisplayNumber, "我们已联系快递公司核实。", Internal: false));
        var sent = await _app.SendAsync(new DeliverOutbox.Command());
        Assert.Equal((3, 0), (sent.Sent, sent.Failed));
        var answer = servers.Received().Select(r => MimeMessage.Load(new MemoryStream(r))).Single(m => (m.TextBody ?? string.Empty).Contains("核实", StringComparison.Ordinal));
        var customersMail = TestMail.Read(first);
        Assert.Equal(customer, answer.To.Mailboxes.Single().Address);
        Assert.Equal(customersMail.ExternalId, answer.InReplyTo);
        Assert.Contains(customersMail.ExternalId, answer.References);
        Assert.StartsWith("hd.", answer.MessageId, StringComparison.Ordinal);
        Assert.Contains("+hd-", answer.ReplyTo.Mailboxes.Single().Address, StringComparison.Ordinal);
        Assert.Null(answer.Headers["Auto-Submitted"]);
        Assert.All(servers.Received().Select(r => MimeMessage.Load(new MemoryStream(r))).Where(m => (m.Subject ?? string.Empty).Contains(tickets[0].DisplayNumber, StringComparison.Ordinal) && !(m.TextBody ?? string.Empty).Contains("核实", StringComparison.Ordinal)),
            ack => Assert.Equal("auto-replied", ack.Headers["Auto-Submitted"]));

        // The customer answers from their client: to the signed reply address, In-Reply-To our Message-ID.
        await QueueAsync(TestMail.Raw(customer, "Re: " + answer.Subject, "好的，等您消息。\n\n> 我们已联系快递公司核实。", inReplyTo: answer.MessageId!,
            references: [.. answer.References, answer.MessageId!], to: answer.ReplyTo.Mailboxes.Single().Address));
        var back = await PollAsync();

        Assert.Equal((1, 0), (back.Taken, back.Duplicates));
        var thread = await _app.WithDbAsync(db => db.TicketMessages.AsNoTracking().Where(m => m.TicketId == tickets[0].Id).OrderBy(m => m.Id).Select(m => m.Body).ToListAsync());
        Assert.Equal(["快递显示签收但我没收到。", "我们已联系快递公司核实。", "好的，等您消息。"], thread);
    }

    [Fact]
    public async Task With_IMAP_IDLE_new_mail_is_read_at_once_not_at_the_next_poll()
    {
        // The app's own jobs: the mail poller every 10 minutes (its first tick at start), IDLE on; the other jobs off.
        var settings = Settings();
        settings["Jobs:Enabled"] = "true";
        settings["HelpDesk:Channels:Mail:PollSeconds"] = "600";
        var folder = "idle" + Guid.NewGuid().ToString("N")[..8]; // a folder of its own: the other tests read INBOX
        settings["HelpDesk:Channels:Mail:Mailboxes:0:Folder"] = folder;
        await QueueAsync(folder); // created, empty
        foreach (var job in new[] { "Outbox", "SlaMonitor", "Checklist", "ReportRollup", "QualityCheck" })
        {
            settings[$"Jobs:{job}:Enabled"] = "false";
        }

        await using var app = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync(), settings: settings);
        _ = app.Server; // starts the host and its jobs
        Task<bool> PolledAsync() => app.WithDbAsync(db => db.Database.SqlQueryRaw<bool>("SELECT EXISTS (SELECT 1 FROM mailbox_states WHERE polled_at IS NOT NULL) AS \"Value\"").SingleAsync());
        await WaitAsync(PolledAsync, TimeSpan.FromSeconds(30)); // the first tick has read what was there

        var customer = $"idle.{Guid.NewGuid():N}@customer.example.cn";
        await QueueAsync(folder, TestMail.Raw(customer, "刚下的单能改地址吗", "订单还没发货，想改一下收货地址。"));

        Task<bool> ReadAsync() => app.WithDbAsync(db => db.Customers.AnyAsync(c => c.Contacts.Any(x => x.Value == customer)));
        await WaitAsync(ReadAsync, TimeSpan.FromSeconds(30)); // not 10 minutes
        var ticket = await app.WithDbAsync(db => db.Tickets.Where(t => t.Subject == "刚下的单能改地址吗").Select(t => new { t.Channel, Bodies = t.Messages.Select(m => m.Body).ToList() }).SingleAsync());
        Assert.Equal((Domain.Tickets.Channel.Email, "订单还没发货，想改一下收货地址。"), (ticket.Channel, Assert.Single(ticket.Bodies)));
    }

    private static async Task WaitAsync(Func<Task<bool>> done, TimeSpan limit)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(watch.Elapsed < limit, $"not done in {limit.TotalSeconds} s");
            await Task.Delay(200);
        }
    }
}
