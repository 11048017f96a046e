using FluentValidation;
using HelpDesk.Domain.Chat;
using HelpDesk.Domain.Common;
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
    public async Task A_chat_goes_to_a_free_agent_of_the_team_never_past_capacity_and_otherwise_waits_in_line_in_order()
    {
        var team = await fixture.ResetAsync(capacity: 1);
        var first = await fixture.ViewerAsync(DemoSeeder.AgentEmail);
        var second = await fixture.ViewerAsync("agent4@demo.local");
        var otherTeam = await fixture.ViewerAsync("agent2@demo.local");
        foreach (var agent in new[] { first, second, otherTeam })
        {
            await fixture.AvailableAsync(agent);
        }

        var chats = new List<Start.Started>();
        for (var i = 0; i < 4; i++)
        {
            chats.Add(await fixture.StartAsync());
            await fixture.App.SendAsync(new Send.Command(chats[i].Session, Id(), $"第 {i + 1} 位客户"));
        }

        var sessions = await Task.WhenAll(chats.Select(c => fixture.SessionAsync(c.Session)));
        Assert.Equal([ChatState.Active, ChatState.Active, ChatState.Queued, ChatState.Queued], sessions.Select(s => s.State));
        Assert.Equal(new[] { first.Id, second.Id }.Order(), new[] { sessions[0].AgentId!.Value, sessions[1].AgentId!.Value }.Order());
        Assert.Null(sessions[2].AgentId); // the agent of another team is not given the chat team's line
        var places = await Task.WhenAll(chats.Skip(2).Select(c => fixture.App.SendAsync(new Transcript.Query(c.Session, 0))));
        Assert.Equal([1, 2], places.Select(p => p.Place));
        Assert.Null(places[0].Acknowledgement); // not told "no agent is free": it waits

        // The first agent ends their chat: the place goes to the chat waiting longest, the other moves up.
        await fixture.App.SendAsync(new AgentSide.End(first, sessions.Single(s => s.AgentId == first.Id).PublicId));
        var served = await fixture.SessionAsync(chats[2].Session);
        Assert.Equal((ChatState.Active, first.Id), (served.State, served.AgentId!.Value));
        var ticket = await fixture.App.WithDbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Id == served.TicketId));
        Assert.Equal((team, first.Id), (ticket.TeamId!.Value, ticket.AssigneeId!.Value));
        Assert.Equal(1, (await fixture.App.SendAsync(new Transcript.Query(chats[3].Session, 0))).Place);
        Assert.Single((await fixture.App.SendAsync(new AgentSide.Mine(first))).Chats);

        // A new chat does not pass the one in line, even when a place is free the moment it arrives.
        await fixture.App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE chat_sessions SET state = 'Ended' WHERE public_id = {sessions[1].PublicId}"));
        var late = await fixture.StartAsync();
        await fixture.App.SendAsync(new Send.Command(late.Session, Id(), "第 5 位客户"));
        Assert.Equal((ChatState.Active, second.Id), ((await fixture.SessionAsync(chats[3].Session)).State, (await fixture.SessionAsync(chats[3].Session)).AgentId!.Value));
        Assert.Equal(ChatState.Queued, (await fixture.SessionAsync(late.Session)).State);

        // Nobody frees up within QueueMinutes (5): the job's tick makes it a ticket of the team with the acknowledgement.
        fixture.Clock.Advance(TimeSpan.FromMinutes(4));
        foreach (var agent in new[] { first, second })
        {
            await fixture.App.SendAsync(new AgentSide.Heartbeat(agent)); // the consoles are still open
        }

        Assert.Equal(0, await fixture.App.SendAsync(new ServeLine.Command(fixture.Clock.GetUtcNow())));
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await fixture.App.SendAsync(new ServeLine.Command(fixture.Clock.GetUtcNow())));
        var timedOut = await fixture.SessionAsync(late.Session);
        Assert.Equal(ChatState.Ticketed, timedOut.State);
        Assert.StartsWith("现在没有空闲的客服", timedOut.Acknowledgement, StringComparison.Ordinal);
        var waited = await fixture.App.WithDbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Id == timedOut.TicketId));
        Assert.Equal((team, (Guid?)null), (waited.TeamId!.Value, waited.AssigneeId));
        Assert.Equal(0, await fixture.App.SendAsync(new ServeLine.Command(fixture.Clock.GetUtcNow()))); // the line is empty
    }

    [Fact]
    public async Task An_agent_hands_a_chat_to_a_colleague_with_a_free_place_and_never_to_one_who_is_full_or_away()
    {
        var team = await fixture.ResetAsync(capacity: 1);
        var (first, second, third) = (await fixture.ViewerAsync(DemoSeeder.AgentEmail), await fixture.ViewerAsync("agent4@demo.local"), await fixture.ViewerAsync("agent2@demo.local"));
        await fixture.AvailableAsync(first);
        var chat = await fixture.StartAsync();
        await fixture.App.SendAsync(new Send.Command(chat.Session, Id(), "我想换个尺码"));
        var session = await fixture.SessionAsync(chat.Session);
        Assert.Equal(first.Id, session.AgentId);

        // Nobody else online, or the colleague of another team: refused, the chat stays.
        Assert.Empty((await fixture.App.SendAsync(new AgentSide.Mine(first))).Colleagues);
        var away = await Assert.ThrowsAsync<DomainException>(() => fixture.App.SendAsync(new AgentSide.Transfer(first, session.PublicId, second.Id)));
        Assert.Equal("chat.transfer.unavailable", away.Key);
        await fixture.AvailableAsync(third);
        Assert.Equal("chat.transfer.unavailable", (await Assert.ThrowsAsync<DomainException>(() => fixture.App.SendAsync(new AgentSide.Transfer(first, session.PublicId, third.Id)))).Key);

        // The colleague comes online with a free place: offered, and the chat and its ticket go to them.
        await fixture.AvailableAsync(second);
        Assert.Equal([second.Id], (await fixture.App.SendAsync(new AgentSide.Mine(first))).Colleagues.Select(c => c.Id));
        Assert.Equal(second.Name, await fixture.App.SendAsync(new AgentSide.Transfer(first, session.PublicId, second.Id)));
        var moved = await fixture.SessionAsync(chat.Session);
        Assert.Equal((ChatState.Active, second.Id), (moved.State, moved.AgentId!.Value));
        var ticket = await fixture.App.WithDbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Id == moved.TicketId));
        Assert.Equal((team, second.Id), (ticket.TeamId!.Value, ticket.AssigneeId!.Value));
        Assert.Empty((await fixture.App.SendAsync(new AgentSide.Mine(first))).Chats);
        Assert.Single((await fixture.App.SendAsync(new AgentSide.Mine(second))).Chats);

        // Back is refused now: the first agent's place is free, but the chat is no longer theirs to hand on; and a
        // second chat for the colleague would be over their one place.
        await Assert.ThrowsAsync<NotFoundException>(() => fixture.App.SendAsync(new AgentSide.Transfer(first, session.PublicId, second.Id)));
        var other = await fixture.StartAsync();
        await fixture.App.SendAsync(new Send.Command(other.Session, Id(), "还有一个问题"));
        var otherSession = await fixture.SessionAsync(other.Session);
        Assert.Equal(first.Id, otherSession.AgentId);
        Assert.Equal("chat.transfer.full", (await Assert.ThrowsAsync<DomainException>(() => fixture.App.SendAsync(new AgentSide.Transfer(first, otherSession.PublicId, second.Id)))).Key);
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
