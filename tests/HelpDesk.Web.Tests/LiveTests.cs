using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Agent.Tickets;
using HelpDesk.Web.Features.Sla;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Tests;

/// <summary>Live updates follow the domain events of any command — an agent's or a job's — and only once they are committed.</summary>
public sealed class LiveTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task The_sla_monitors_priority_raise_reaches_the_screens_watching_the_ticket()
    {
        // A chat opened an hour ago has missed its 5-minute first response: the monitor's breach raises its priority.
        var number = await UnroutedChatAsync(DateTimeOffset.UtcNow.AddHours(-1));
        await using var hub = await app.HubAsync(DemoSeeder.AgentEmail);
        var changed = Changes(hub);
        await hub.InvokeAsync("Watch", number);

        while ((await app.SendAsync(new SlaMonitor.Command())).Checked > 0 && !changed.Task.IsCompleted)
        {
        }

        var (_, actorId, actor) = await changed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((null, Domain.Common.Actor.SlaMonitor.Name), (actorId, actor));
        Assert.Equal(TicketPriority.High, await app.WithDbAsync(db => db.Tickets.Where(t => t.Number == Number(number)).Select(t => t.Priority).SingleAsync()));
    }

    [Fact]
    public async Task A_change_that_was_rolled_back_is_never_announced()
    {
        var agent = await app.ViewerAsync(DemoSeeder.AgentEmail);
        var refused = await UnroutedChatAsync(DateTimeOffset.UtcNow);
        var saved = await UnroutedChatAsync(DateTimeOffset.UtcNow);
        await using var hub = await app.HubAsync(DemoSeeder.AgentEmail);
        var announced = new List<string>();
        var savedAnnounced = new TaskCompletionSource();
        hub.On<string, Guid?, string>("ticketChanged", (number, _, _) =>
        {
            lock (announced)
            {
                announced.Add(number);
            }

            if (number == saved)
            {
                savedAnnounced.TrySetResult();
            }
        });
        await hub.InvokeAsync("Watch", refused);
        await hub.InvokeAsync("Watch", saved);

        // All or nothing: an unknown ticket in the batch refuses the change for both.
        await Assert.ThrowsAsync<Bulk.RefusedException>(() => app.SendAsync(new Bulk.Command(agent, [refused, "HD-1"], AssignToMe: false, TicketStatus.PendingCustomer)));
        await app.SendAsync(new Reply.Command(agent, saved, "您好，马上为您查询。", Internal: false));

        // Messages on one connection arrive in order: had the refused change been announced, it would be here by now.
        await savedAnnounced.Task.WaitAsync(TimeSpan.FromSeconds(10));
        lock (announced)
        {
            Assert.DoesNotContain(refused, announced);
        }
    }

    private static TaskCompletionSource<(string Number, Guid? ActorId, string Actor)> Changes(HubConnection hub)
    {
        var changed = new TaskCompletionSource<(string, Guid?, string)>();
        hub.On<string, Guid?, string>("ticketChanged", (number, actorId, actor) => changed.TrySetResult((number, actorId, actor)));
        return changed;
    }

    private Task<string> UnroutedChatAsync(DateTimeOffset openedAt) => app.WithDbAsync(async db =>
    {
        var customer = await db.Customers.OrderBy(c => c.Id).FirstAsync(c => c.Tier == CustomerTier.Regular);
        var ticket = Ticket.Open("在线咨询：物流", TicketCategory.Logistics, TicketPriority.Normal, Channel.Chat, customer.Id, customer.Name, "我的快递到哪了？", openedAt);
        db.Tickets.Add(ticket);
        await db.SaveChangesAsync();
        return ticket.DisplayNumber;
    });

    private static long Number(string number) => Ticket.TryParseNumber(number, out var n) ? n : throw new ArgumentException(number);
}
