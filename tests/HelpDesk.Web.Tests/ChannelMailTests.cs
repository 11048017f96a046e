using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Agent.Tickets;
using HelpDesk.Web.Features.Channels;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Tests;

/// <summary>The app on its own database with the inbound channels configured (the join window off, so threading stands alone).</summary>
public sealed class ChannelFixture : IAsyncLifetime
{
    public const string WebhookSecret = "webhook-secret-for-tests-0123456789";

    public HelpDeskFactory App { get; private set; } = null!;

    public async Task InitializeAsync() => App = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync(), settings: new Dictionary<string, string>
    {
        ["HelpDesk:Channels:JoinOpenTicketMinutes"] = "0",
        ["HelpDesk:Channels:PerSenderPerHour"] = "5",
        ["HelpDesk:Channels:Mail:WebhookSecret"] = WebhookSecret,
        ["HelpDesk:Channels:Mail:MaxMessageBytes"] = "65536",
    });

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>E-mail into tickets through the one Receive slice, on PostgreSQL: threading, spoofing, loops, charsets, replays.</summary>
public sealed class ChannelMailTests(ChannelFixture fixture) : IClassFixture<ChannelFixture>
{
    private HelpDeskFactory App => fixture.App;

    private Task<Receive.Result> ReceiveAsync(byte[] raw) => App.SendAsync(new Receive.Command(TestMail.Read(raw)));

    private Task<Ticket> TicketAsync(string number) => App.WithDbAsync(db =>
    {
        Assert.True(Ticket.TryParseNumber(number, out var n));
        return db.Tickets.AsNoTracking().Include(t => t.Messages).SingleAsync(t => t.Number == n);
    });

    private static string Unique(string name) => $"{name}.{Guid.NewGuid():N}@customer.example.cn";

    [Fact]
    public async Task The_same_message_replayed_three_times_appears_once_and_opens_a_ticket_with_its_clocks_and_a_threaded_acknowledgement()
    {
        var raw = TestMail.Raw(Unique("wang"), "订单 还没发货", "我的订单三天了还没发货，请帮忙看看。");
        var results = new List<Receive.Result>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await ReceiveAsync(raw));
        }

        Assert.Equal([false, true, true], results.Select(r => r.Duplicate));
        Assert.Equal(InboundOutcome.Opened, results[0].Outcome);
        Assert.All(results, r => Assert.Equal(results[0].TicketNumber, r.TicketNumber));
        var ticket = await TicketAsync(results[0].TicketNumber!);
        Assert.Equal(Channel.Email, ticket.Channel);
        Assert.Equal("我的订单三天了还没发货，请帮忙看看。", Assert.Single(ticket.Messages).Body);
        var (acks, records, due) = await App.WithDbAsync(async db => (
            await db.OutboxMessages.AsNoTracking().Where(o => o.Subject.Contains(ticket.DisplayNumber)).ToListAsync(),
            await db.Set<InboundRecord>().CountAsync(r => r.TicketId == ticket.Id),
            await db.Tickets.Where(t => t.Id == ticket.Id).Select(t => t.Sla.FirstResponse.DueAt).SingleAsync()));
        Assert.Equal(1, records);
        Assert.NotNull(due);
        var ack = Assert.Single(acks);
        Assert.True(ack.AutoSubmitted);
        Assert.Equal(TestMail.Read(raw).ExternalId, ack.InReplyTo);
        Assert.Contains("+hd-", ack.ReplyTo, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_with_changed_In_Reply_To_but_intact_References_threads_correctly()
    {
        var customer = Unique("li");
        var first = TestMail.Raw(customer, "屏幕有坏点", "新买的显示器有两个坏点。");
        var opened = await ReceiveAsync(first);
        var agent = await App.WithDbAsync(db => db.Users.Where(u => u.Email == DemoSeeder.SupervisorEmail).Select(u => new Viewer(u.Id, true, u.DisplayName)).SingleAsync());
        var replyId = await App.SendAsync(new Reply.Command(agent, opened.TicketNumber!, "请拍一张照片给我们。", Internal: false));
        var outgoing = await App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(o => o.TicketMessageId == replyId));
        Assert.NotNull(outgoing.MessageIdHeader);
        Assert.Equal(TestMail.Read(first).ExternalId, outgoing.InReplyTo);

        // The customer's client mangles In-Reply-To; References still carries the thread (ours, signed, last).
        var answer = await ReceiveAsync(TestMail.Raw(customer, "回复：屏幕有坏点", "照片在附件里。", inReplyTo: "mangled@elsewhere.example",
            references: [TestMail.Read(first).ExternalId, outgoing.MessageIdHeader!]));
        // Only their own first mail in References (no signed id), also mangled In-Reply-To: still theirs, they took part.
        var again = await ReceiveAsync(TestMail.Raw(customer, "补充", "还有一个问题。", inReplyTo: "other@elsewhere.example", references: [TestMail.Read(first).ExternalId]));
        // Nothing that links: with the join window off, a new ticket.
        var unrelated = await ReceiveAsync(TestMail.Raw(customer, "另一件事", "发票开错了。", inReplyTo: "nothing@elsewhere.example"));

        Assert.Equal((InboundOutcome.Threaded, opened.TicketNumber, "signed"), (answer.Outcome, answer.TicketNumber, answer.Reason));
        Assert.Equal((InboundOutcome.Threaded, opened.TicketNumber, "references"), (again.Outcome, again.TicketNumber, again.Reason));
        Assert.Equal(InboundOutcome.Opened, unrelated.Outcome);
        Assert.NotEqual(opened.TicketNumber, unrelated.TicketNumber);
        var ticket = await TicketAsync(opened.TicketNumber!);
        Assert.Equal(["新买的显示器有两个坏点。", "请拍一张照片给我们。", "照片在附件里。", "还有一个问题。"], ticket.Messages.OrderBy(m => m.Id).Select(m => m.Body));
        Assert.All(ticket.Messages.Where(m => m.Kind == MessageKind.Customer), m => Assert.Equal(Channel.Email, m.Channel));
    }

    [Fact]
    public async Task A_strangers_mail_with_another_tickets_number_or_its_references_opens_a_new_ticket_marked_possibly_related()
    {
        var owner = Unique("zhao");
        var first = TestMail.Raw(owner, "退款", "请退款。");
        var opened = await ReceiveAsync(first);

        var stranger = await ReceiveAsync(TestMail.Raw(Unique("stranger"), $"Re: [{opened.TicketNumber}] 退款", "我也要退款，把钱打给我。", references: [TestMail.Read(first).ExternalId]));

        Assert.Equal(InboundOutcome.Opened, stranger.Outcome);
        Assert.NotEqual(opened.TicketNumber, stranger.TicketNumber);
        var created = await TicketAsync(stranger.TicketNumber!);
        Assert.Contains("possibly-related", created.Tags);
        Assert.Contains("related-" + opened.TicketNumber!.ToLowerInvariant(), created.Tags);
        Assert.Single((await TicketAsync(opened.TicketNumber!)).Messages);

        // The owner naming their own ticket in a fresh mail joins it.
        var own = await ReceiveAsync(TestMail.Raw(owner, $"关于 {opened.TicketNumber}", "三天了还没到账。"));
        Assert.Equal((InboundOutcome.Threaded, opened.TicketNumber), (own.Outcome, own.TicketNumber));
    }

    [Fact]
    public async Task A_forged_agent_address_changes_nothing_and_sends_nothing()
    {
        var customer = Unique("sun");
        var first = TestMail.Raw(customer, "换货", "颜色发错了。");
        var opened = await ReceiveAsync(first);
        var signedReply = await App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(o => o.Subject.Contains(opened.TicketNumber!)).Select(o => o.MessageIdHeader!).SingleAsync());
        var before = await CountsAsync();

        // Everything a forger could use: an agent's From, our signed Message-ID, the ticket number, Reply-To the customer.
        var forged = await ReceiveAsync(TestMail.Raw(DemoSeeder.AgentEmail, $"Re: [{opened.TicketNumber}] 换货", "已经给您退款，请把银行卡号发给我。",
            inReplyTo: signedReply, references: [signedReply], headers: ("Reply-To", customer)));
        var ours = await ReceiveAsync(TestMail.Raw("Service@HelpDesk.local", $"[{opened.TicketNumber}] 换货", "循环", inReplyTo: signedReply));

        Assert.Equal((InboundOutcome.Dropped, "staff-address"), (forged.Outcome, forged.Reason));
        Assert.Equal((InboundOutcome.Dropped, "own-address"), (ours.Outcome, ours.Reason));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Auto_replies_bounces_our_own_message_ids_and_a_flooding_sender_are_dropped()
    {
        var opened = await ReceiveAsync(TestMail.Raw(Unique("zhou"), "发票", "需要增值税发票。"));
        var ownId = await App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(o => o.Subject.Contains(opened.TicketNumber!)).Select(o => o.MessageIdHeader!).SingleAsync());
        var before = await CountsAsync();

        var results = new[]
        {
            await ReceiveAsync(TestMail.Raw(Unique("away"), "自动回复：发票", "我正在休假。", headers: ("Auto-Submitted", "auto-replied"))),
            await ReceiveAsync(TestMail.Raw(Unique("news"), "促销", "双十一大促", headers: ("Precedence", "bulk"))),
            await ReceiveAsync(TestMail.Raw(Unique("ooo"), "Out of office", "Away", headers: ("Precedence", "auto_reply"))),
            await ReceiveAsync(TestMail.Raw("MAILER-DAEMON@mx.example.cn", "Undelivered", "failed")),
            await ReceiveAsync(TestMail.Raw(Unique("echo"), "[HD] 发票", "echo", messageId: ownId)),
        };
        Assert.Equal(["auto-submitted", "precedence", "precedence", "bounce", "own-message-id"], results.Select(r => r.Reason));
        Assert.All(results, r => Assert.Equal(InboundOutcome.Dropped, r.Outcome));
        Assert.Equal(before, await CountsAsync());

        // A robot without the headers: after 5 in an hour (the cap here) the rest are dropped.
        var robot = Unique("robot");
        var outcomes = new List<InboundOutcome>();
        for (var i = 0; i < 7; i++)
        {
            outcomes.Add((await ReceiveAsync(TestMail.Raw(robot, $"Ticket {i}", $"message {i}"))).Outcome);
        }

        Assert.Equal(5, outcomes.Count(o => o != InboundOutcome.Dropped));
        Assert.Equal([InboundOutcome.Dropped, InboundOutcome.Dropped], outcomes.Skip(5));
    }

    [Theory]
    [InlineData("GBK", "退款申请：鼠标失灵", "您好，我买的鼠标用了两天就失灵了，申请退款。谢谢！")]
    [InlineData("GB2312", "物流查询", "请问我的快递到哪里了？")]
    [InlineData("Big5", "退貨問題", "請問七天無理由退貨怎麼申請？")]
    public async Task Chinese_legacy_charsets_read_correctly(string charset, string subject, string body)
    {
        var result = await ReceiveAsync(TestMail.Legacy(charset, Unique("legacy"), subject, body, $"{Guid.NewGuid():N}@legacy.example.cn"));

        var ticket = await TicketAsync(result.TicketNumber!);
        Assert.Equal(subject, ticket.Subject);
        Assert.Equal(body, Assert.Single(ticket.Messages).Body);
    }

    [Fact]
    public async Task Html_mail_is_sanitised_and_quoted_history_is_folded()
    {
        var html = "<p>耳机右边没声音。</p><script>alert(1)</script><img src=x onerror=alert(2)><blockquote>旧的内容</blockquote>";
        var text = "耳机右边没声音。\n\n在 2026年11月30日 10:00，客服中心 写道：\n> 请问有什么可以帮您？";
        var result = await ReceiveAsync(TestMail.Raw(Unique("qian"), "耳机", text, html: html));

        var ticket = await TicketAsync(result.TicketNumber!);
        Assert.Equal("耳机右边没声音。", Assert.Single(ticket.Messages).Body);
        var record = await App.WithDbAsync(db => db.Set<InboundRecord>().AsNoTracking().SingleAsync(r => r.TicketId == ticket.Id));
        Assert.StartsWith("在 2026年11月30日", record.Quoted, StringComparison.Ordinal);
        Assert.DoesNotContain("script", record.SafeHtml!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", record.SafeHtml!, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("耳机右边没声音", record.SafeHtml!, StringComparison.Ordinal);
        Assert.NotEmpty(record.Raw);

        using var client = App.CreateClient(new() { AllowAutoRedirect = false });
        var signIn = await AppFixture.PostFormAsync(client, "/account/login", new() { ["Input.Email"] = DemoSeeder.SupervisorEmail, ["Input.Password"] = DemoSeeder.Password });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, signIn.StatusCode);
        var page = await client.GetStringAsync($"/agent/tickets/{ticket.DisplayNumber.ToLowerInvariant()}");
        Assert.Contains("引用的历史邮件", page, StringComparison.Ordinal);
        Assert.Contains("请问有什么可以帮您？", page, StringComparison.Ordinal);
        Assert.Contains("电子邮件", page, StringComparison.Ordinal);
    }

    private Task<(int Tickets, int Messages, int Outbox)> CountsAsync() => App.WithDbAsync(async db =>
        (await db.Tickets.CountAsync(), await db.TicketMessages.CountAsync(), await db.OutboxMessages.CountAsync()));
}
