using FluentValidation;
using HelpDesk.Domain.Chat;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Admin;
using HelpDesk.Web.Features.Chat;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpDesk.Web.Tests;

/// <summary>The app with live chat configured (identity secret) on a test clock: Monday 23 November 2026, 23:00 in Shanghai (after hours).</summary>
public sealed class ChatFixture : IAsyncLifetime
{
    public const string Secret = "the shop's identity secret for tests";

    public FakeTimeProvider Clock { get; } = TestClock.At(new DateTimeOffset(2026, 11, 23, 23, 0, 0, TimeSpan.FromHours(8)));

    public HelpDeskFactory App { get; private set; } = null!;

    public async Task InitializeAsync() => App = new HelpDeskFactory(
        await TestCluster.CreateDatabaseAsync(),
        services: s => s.AddSingleton<TimeProvider>(Clock),
        settings: new Dictionary<string, string> { ["HelpDesk:Chat:IdentitySecret"] = Secret, ["HelpDesk:Chat:PhotoMaxBytes"] = "4096" });

    public async Task DisposeAsync() => await App.DisposeAsync();

    public Task<Viewer> ViewerAsync(string email) => App.WithDbAsync(async db =>
    {
        var user = await db.Users.Where(u => u.Email == email).Select(u => new { u.Id, u.DisplayName }).SingleAsync();
        return new Viewer(user.Id, false, user.DisplayName);
    });

    /// <summary>Chat on for the first service team, <paramref name="capacity"/> chats per agent; nobody available, no chat open.</summary>
    public async Task<int> ResetAsync(int capacity = 3)
    {
        var team = await App.WithDbAsync(db => db.Teams.Where(t => t.Name == "售前咨询组").Select(t => t.Id).SingleAsync());
        await App.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM chat_agents; UPDATE chat_sessions SET state = 'Ended'");
            return 0;
        });
        await App.SendAsync(new ChatModel.Save(true, "您好", team, "https://shop.example.cn", capacity));
        return team;
    }

    public Task AvailableAsync(Viewer agent) => App.SendAsync(new AgentSide.SetAvailable(agent, true));

    public Task<Start.Started> StartAsync(Start.Identity? identity = null, string? visitor = null) => App.SendAsync(new Start.Command(visitor, identity));

    public Start.Identity Identity(string userId, string email, string name, string? secret = null)
    {
        var at = Clock.GetUtcNow().ToUnixTimeSeconds();
        return new Start.Identity(userId, email, name, at, ShopIdentity.Sign(secret ?? Secret, userId, email, name, at));
    }

    public Task<ChatSession> SessionAsync(string token) => App.WithDbAsync(async db =>
    {
        var id = Guid.ParseExact(token.Split('.')[1], "N");
        return await db.Set<ChatSession>().AsNoTracking().SingleAsync(s => s.PublicId == id);
    });
}

/// <summary>Live chat slices on PostgreSQL: resume, identity, routing by team and capacity, the after-hours ticket, photos.</summary>
public sealed class ChatTests(ChatFixture fixture) : IClassFixture<ChatFixture>
{
    private static string Id() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Resuming_from_the_last_message_id_loses_nothing_and_a_message_sent_again_lands_once()
    {
        await fixture.ResetAsync();
        var agent = await fixture.ViewerAsync(DemoSeeder.AgentEmail);
        await fixture.AvailableAsync(agent);
        var chat = await fixture.StartAsync();
        var ids = new[] { Id(), Id(), Id() };
        var sent = new List<Send.Sent>();
        foreach (var (id, text) in ids.Zip(["你好", "我的订单 JD100 没到", "能帮我查一下吗"]))
        {
            sent.Add(await fixture.App.SendAsync(new Send.Command(chat.Session, id, text)));
        }

        var session = await fixture.SessionAsync(chat.Session);
        Assert.Equal(ChatState.Active, session.State);
        Assert.Equal(agent.Id, session.AgentId);
        await fixture.App.SendAsync(new AgentSide.Reply(agent, session.PublicId, "马上为您查询"));

        // The widget was away after the second message: it asks for what came after it, and gets the rest, in order.
        var after = await fixture.App.SendAsync(new Transcript.Query(chat.Session, sent[1].MessageId!.Value));
        Assert.Equal(["能帮我查一下吗", "马上为您查询"], after.Items.Select(l => l.Body));
        Assert.Equal([true, false], after.Items.Select(l => l.FromCustomer));

        // It did not know whether the third got through, so it sends it again: the same message, once.
        var again = await fixture.App.SendAsync(new Send.Command(chat.Session, ids[2], "能帮我查一下吗"));
        Assert.True(again.Duplicate);
        Assert.Equal(sent[2].MessageId, again.MessageId);
        var all = await fixture.App.SendAsync(new Transcript.Query(chat.Session, 0));
        Assert.Equal(4, all.Items.Count);
        Assert.Equal(all.Items.Select(l => l.Id).Order(), all.Items.Select(l => l.Id));

        var ticket = await fixture.App.WithDbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Id == session.TicketId));
        Assert.Equal(Channel.Chat, ticket.Channel);
        Assert.Equal(agent.Id, ticket.AssigneeId);
    }

    [Fact]
    public async Task A_signed_shopper_is_recognised_and_a_forged_signature_leaves_the_visitor_anonymous()
    {
        await fixture.ResetAsync();
        var user = "u-" + Id()[..8];
        var email = $"{user}@shopper.example.cn";
        var signed = await fixture.StartAsync(fixture.Identity(user, email, "韩梅梅"));
        var forged = await fixture.StartAsync(fixture.Identity(user, email, "韩梅梅", secret: "a guess at the secret, 16+ chars"));

        Assert.True(signed.Identified);
        Assert.Equal("韩梅梅", signed.Name);
        Assert.False(forged.Identified);
        Assert.NotEqual("韩梅梅", forged.Name);
        Assert.NotEqual(signed.Visitor, forged.Visitor);

        await fixture.App.SendAsync(new Send.Command(signed.Session, Id(), "我是登录用户"));
        await fixture.App.SendAsync(new Send.Command(forged.Session, Id(), "我冒充登录用户"));
        var customers = await fixture.App.WithDbAsync(async db =>
        {
            var a = (await db.Set<ChatSession>().AsNoTracking().Where(s => s.ShopUserId == user).Select(s => s.TicketId).SingleAsync())!.Value;
            var tickets = await db.Tickets.AsNoTracking().Where(t => t.Messages.Any(m => m.Body == "我是登录用户" || m.Body == "我冒充登录用户"))
                .Select(t => new { t.Id, t.CustomerId }).ToListAsync();
            var shopper = tickets.Single(t => t.Id == a).CustomerId;
            var contacts = await db.CustomerContacts.AsNoTracking().Where(c => c.CustomerId == shopper).Select(c => new { c.Kind, c.Value }).ToListAsync();
            return (tickets.Select(t => t.CustomerId).Distinct().Count(), contacts: contacts.Select(c => $"{c.Kind}:{c.Value}").ToList());
        });
        Assert.Equal(2, customers.Item1);
        Assert.Contains($"{ContactKind.Chat}:shop:{user}", customers.contacts);
        Assert.Contains($"{ContactKind.Email}:{email}", customers.contacts);

        // A visitor keeps their chat across page loads with the visitor token; a made-up token is a new visitor.
        Assert.Equal(forged.Session, (await fixture.StartAsync(visitor: forged.Visitor)).Session);
        Assert.NotEqual(forged.Session, (await fixture.StartAsync(visitor: forged.Visitor[..^1] + (forged.Visitor[^1] == '0' ? "1" : "0"))).Session);
    }

    [Fact]
    public async Task A_chat_goes_to_a_free_agent_of_the_team_never_past_capacity_and_otherwise_becomes_a_ticket()
    {
        var team = await fixture.ResetAsync(capacity: 1);
        var first = await fixture.ViewerAsync(DemoSeeder.AgentEmail);
        var second = await fixture.ViewerAsync("agent4@demo.local");
        var otherTeam = await fixture.ViewerAsync("agent2@demo.local");
        foreach (var agent in new[] { first, second, otherTeam })
        {
            await fixture.AvailableAsync(agent);
        }

        var assigned = new List<ChatSession>();
        for (var i = 0; i < 3; i++)
        {
            var chat = await fixture.StartAsync();
            await fixture.App.SendAsync(new Send.Command(chat.Session, Id(), $"第 {i + 1} 位客户"));
            assigned.Add(await fixture.SessionAsync(chat.Session));
        }

        Assert.Equal(ChatState.Active, assigned[0].State);
        Assert.Equal(ChatState.Active, assigned[1].State);
        Assert.Equal(new[] { first.Id, second.Id }.Order(), new[] { assigned[0].AgentId!.Value, assigned[1].AgentId!.Value }.Order());
        Assert.Equal(ChatState.Ticketed, assigned[2].State);
        Assert.Null(assigned[2].AgentId);
        var queued = await fixture.App.WithDbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Id == assigned[2].TicketId));
        Assert.Equal(team, queued.TeamId);
        Assert.Null(queued.AssigneeId);

        // The first agent ends their chat: the next chat is theirs again.
        await fixture.App.SendAsync(new AgentSide.End(await fixture.ViewerAsync(DemoSeeder.AgentEmail), assigned.Single(s => s.AgentId == first.Id).PublicId));
        var next = await fixture.StartAsync();
        await fixture.App.SendAsync(new Send.Command(next.Session, Id(), "第 4 位客户"));
        Assert.Equal(first.Id, (await fixture.SessionAsync(next.Session)).AgentId);
        var console = await fixture.App.SendAsync(new AgentSide.Mine(first));
        Assert.True(console.Available);
        Assert.Single(console.Chats);
    }

    [Fact]
    public async Task With_no_agent_online_a_chat_becomes_a_ticket_with_the_after_hours_acknowledgement()
    {
        await fixture.ResetAsync();
        var agent = await fixture.ViewerAsync(DemoSeeder.AgentEmail);
        await fixture.AvailableAsync(agent);
        fixture.Clock.Advance(TimeSpan.FromMinutes(2)); // the console closed: no heartbeat for longer than 90 s
        var user = "u-" + Id()[..8];
        var chat = await fixture.StartAsync(fixture.Identity(user, $"{user}@shopper.example.cn", "李雷"));

        var sent = await fixture.App.SendAsync(new Send.Command(chat.Session, Id(), "半夜了还有人吗"));

        Assert.Equal(nameof(ChatState.Ticketed), sent.State);
        var session = await fixture.SessionAsync(chat.Session);
        var number = await fixture.App.WithDbAsync(db => db.Tickets.Where(t => t.Id == session.TicketId).Select(t => t.Number).SingleAsync());
        Assert.Contains(Ticket.FormatNumber(number), sent.Acknowledgement, StringComparison.Ordinal);
        Assert.StartsWith("现在没有空闲的客服", sent.Acknowledgement, StringComparison.Ordinal);
        Assert.Contains("回复", sent.Acknowledgement, StringComparison.Ordinal); // the answer time, from the ticket's first-response clock
        var lines = await fixture.App.SendAsync(new Transcript.Query(chat.Session, 0));
        Assert.Equal(sent.Acknowledgement, lines.Acknowledgement);
        Assert.Equal(1, await fixture.App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress == $"{user}@shopper.example.cn")));
    }

    [Fact]
    public async Task A_photo_must_be_an_image_by_its_content_and_within_the_size_limit()
    {
        await fixture.ResetAsync();
        var chat = await fixture.StartAsync();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[100]];
        byte[] pdf = [.. "%PDF-1.7 not a photo"u8];
        byte[] script = [.. "<script>alert(1)</script>"u8];
        byte[] huge = [.. png, .. new byte[5000]];

        foreach (var refused in new[] { pdf, script, huge })
        {
            await Assert.ThrowsAsync<ValidationException>(() => fixture.App.SendAsync(new Send.Command(chat.Session, Id(), null, new Upload("photo.png", refused))));
        }

        Assert.Empty((await fixture.App.SendAsync(new Transcript.Query(chat.Session, 0))).Items);
        var sent = await fixture.App.SendAsync(new Send.Command(chat.Session, Id(), null, new Upload("x.exe", png)));
        var line = Assert.Single((await fixture.App.SendAsync(new Transcript.Query(chat.Session, 0))).Items);
        Assert.Equal(sent.MessageId, line.Id);
        var photo = Assert.Single(line.Photos);
        var served = await fixture.App.SendAsync(new Transcript.Photo(chat.Session, photo));
        Assert.Equal("image/png", served!.Value.ContentType);
        Assert.Null(await fixture.App.SendAsync(new Transcript.Photo((await fixture.StartAsync()).Session, photo)));
    }
}
