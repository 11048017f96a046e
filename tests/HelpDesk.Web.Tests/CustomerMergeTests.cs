using System.Net;
using System.Text.Json;
using FluentValidation;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Agent.Customers;
using HelpDesk.Web.Features.Channels;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Form = HelpDesk.Web.Features.Customers.Complaints.NewModel;

namespace HelpDesk.Web.Tests;

/// <summary>The app with the IM gateway webhook on (its unverified claims make merge suggestions).</summary>
public sealed class MergeFixture : AppFixture
{
    public const string Secret = "im-gateway-secret-for-merge-tests";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["HelpDesk:Channels:Im:WebhookSecret"] = Secret };
}

/// <summary>
/// Issue 13 item 7 on PostgreSQL and over HTTP: an agent merges a customer (found by e-mail or phone) into the ticket's
/// customer — tickets, orders and contacts move and are recorded; the undo within 30 days moves exactly those back
/// while what came in meanwhile stays; refusals change nothing; an unverified phone number from an IM gateway links
/// nothing but suggests the merge, once, on the customer tab, where it can be merged or dismissed.
/// </summary>
public sealed class CustomerMergeTests(MergeFixture app) : IClassFixture<MergeFixture>
{
    private sealed record Person(long Id, string Email, string? Phone, List<long> Tickets, List<long> Orders, List<long> Contacts);

    /// <summary>Two demo customers with an e-mail, tickets and orders, not yet used by another test of this class.</summary>
    private async Task<(Person Source, Person Target, string TargetTicket)> PairAsync(int skip)
    {
        var people = await app.WithDbAsync(db => db.Customers
            .Where(c => c.MergedIntoId == null && c.Contacts.Any(x => x.Kind == ContactKind.Email) && db.Tickets.Any(t => t.CustomerId == c.Id) && db.Orders.Any(o => o.CustomerId == c.Id))
            .OrderBy(c => c.Id).Skip(skip * 2).Take(2)
            .Select(c => new
            {
                c.Id,
                Email = c.Contacts.Where(x => x.Kind == ContactKind.Email).Select(x => x.Value).First(),
                Phone = c.Contacts.Where(x => x.Kind == ContactKind.Phone).Select(x => x.Value).FirstOrDefault(),
                Tickets = db.Tickets.Where(t => t.CustomerId == c.Id).Select(t => t.Id).ToList(),
                Orders = db.Orders.Where(o => o.CustomerId == c.Id).Select(o => o.Id).ToList(),
                Contacts = c.Contacts.Select(x => x.Id).ToList(),
            }).ToListAsync());
        var (s, t) = (people[0], people[1]);
        var ticket = await app.WithDbAsync(db => db.Tickets.Where(x => x.Id == t.Tickets[0]).Select(x => x.Number).SingleAsync());
        return (new Person(s.Id, s.Email, s.Phone, s.Tickets, s.Orders, s.Contacts), new Person(t.Id, t.Email, t.Phone, t.Tickets, t.Orders, t.Contacts), Ticket.FormatNumber(ticket));
    }

    private Task<(List<long> Tickets, List<long> Orders, List<long> Contacts)> OwnedAsync(long customer) => app.WithDbAsync(async db => (
        await db.Tickets.Where(t => t.CustomerId == customer).Select(t => t.Id).OrderBy(i => i).ToListAsync(),
        await db.Orders.Where(o => o.CustomerId == customer).Select(o => o.Id).OrderBy(i => i).ToListAsync(),
        await db.CustomerContacts.Where(c => c.CustomerId == customer).Select(c => c.Id).OrderBy(i => i).ToListAsync()));

    [Fact]
    public async Task A_merge_moves_tickets_orders_and_contacts_and_its_undo_moves_exactly_those_back()
    {
        var (source, target, number) = await PairAsync(0);
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);

        var id = await app.SendAsync(new CustomerMerges.Merge(supervisor, number, null, "  " + source.Email.ToUpperInvariant() + " "));

        var owned = await OwnedAsync(target.Id);
        Assert.Equal(source.Tickets.Concat(target.Tickets).Order(), owned.Tickets);
        Assert.Equal(source.Orders.Concat(target.Orders).Order(), owned.Orders);
        Assert.Equal(source.Contacts.Concat(target.Contacts).Order(), owned.Contacts);
        Assert.Empty((await OwnedAsync(source.Id)).Tickets);
        var merge = await app.WithDbAsync(db => db.CustomerMerges.AsNoTracking().SingleAsync(m => m.Id == id));
        Assert.Equal((source.Id, target.Id, supervisor.Name), (merge.SourceId, merge.TargetId, merge.MergedBy));
        Assert.Equal(source.Tickets.Order(), merge.TicketIds.Order());
        Assert.Equal(target.Id, await app.WithDbAsync(db => db.Customers.Where(c => c.Id == source.Id).Select(c => c.MergedIntoId).SingleAsync()));
        var panel = await app.SendAsync(new CustomerMerges.Query(target.Id));
        Assert.Equal(id, Assert.Single(panel.Merges).Id);

        // Meanwhile the customer writes from the moved address: the new ticket is the target's, and stays there.
        var later = await app.SendAsync(new Form.Submit(new Form.Form { Name = "顾客", Email = source.Email, Description = "合并之后又写了一封。" }, [], DateTimeOffset.UtcNow));
        Assert.True(Ticket.TryParseNumber(later.Number, out var laterNumber));
        var laterId = await app.WithDbAsync(db => db.Tickets.Where(t => t.Number == laterNumber).Select(t => new { t.Id, t.CustomerId }).SingleAsync());
        Assert.Equal(target.Id, laterId.CustomerId);

        await app.SendAsync(new CustomerMerges.Undo(supervisor, number, id));

        Assert.Equal(Flat(source.Tickets, source.Orders, source.Contacts), ToTuple(await OwnedAsync(source.Id)));
        Assert.Equal(target.Tickets.Append(laterId.Id).Order(), (await OwnedAsync(target.Id)).Tickets);
        Assert.Null(await app.WithDbAsync(db => db.Customers.Where(c => c.Id == source.Id).Select(c => c.MergedIntoId).SingleAsync()));
        Assert.Empty((await app.SendAsync(new CustomerMerges.Query(target.Id))).Merges);
        Assert.Equal("customer_merge.undone", (await Assert.ThrowsAsync<DomainException>(() => app.SendAsync(new CustomerMerges.Undo(supervisor, number, id)))).Key);
    }

    private static string ToTuple((List<long> T, List<long> O, List<long> C) x) => Flat(x.T, x.O, x.C);

    private static string Flat(IEnumerable<long> tickets, IEnumerable<long> orders, IEnumerable<long> contacts) =>
        $"tickets {string.Join(",", tickets.Order())}; orders {string.Join(",", orders.Order())}; contacts {string.Join(",", contacts.Order())}";

    [Fact]
    public async Task Refusals_change_nothing_and_a_merge_older_than_thirty_days_stays()
    {
        var (source, target, number) = await PairAsync(1);
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var before = await OwnedAsync(target.Id);

        var unknown = await Assert.ThrowsAsync<ValidationException>(() => app.SendAsync(new CustomerMerges.Merge(supervisor, number, null, "nobody-" + Guid.NewGuid().ToString("N") + "@example.cn")));
        Assert.Equal("OtherContact", Assert.Single(unknown.Errors).PropertyName);
        Assert.Equal("OtherContact", Assert.Single((await Assert.ThrowsAsync<ValidationException>(() => app.SendAsync(new CustomerMerges.Merge(supervisor, number, null, " ")))).Errors).PropertyName);
        Assert.Equal("customer_merge.same", (await Assert.ThrowsAsync<DomainException>(() => app.SendAsync(new CustomerMerges.Merge(supervisor, number, target.Id, null)))).Key);
        Assert.Equal(ToTuple(before), ToTuple(await OwnedAsync(target.Id)));

        var id = await app.SendAsync(new CustomerMerges.Merge(supervisor, number, source.Id, null));
        await app.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE customer_merges SET merged_at = merged_at - interval '30 days 1 minute' WHERE id = {id}"));

        var late = await Assert.ThrowsAsync<DomainException>(() => app.SendAsync(new CustomerMerges.Undo(supervisor, number, id)));
        Assert.Equal("customer_merge.undo_expired", late.Key);
        Assert.Contains(source.Tickets[0], (await OwnedAsync(target.Id)).Tickets);
        Assert.Empty((await app.SendAsync(new CustomerMerges.Query(target.Id))).Merges); // no undo offered any more
    }

    private async Task<HttpResponseMessage> ImAsync(string user, string phone, string text)
    {
        var raw = JsonSerializer.SerializeToUtf8Bytes(new { version = 1, id = Guid.NewGuid().ToString("N"), conversationId = user, sender = new { id = user, name = "抖音用户", phone }, text });
        var at = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/channels/im/douyin") { Content = new ByteArrayContent(raw) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(WebhookSignature.TimestampHeader, at.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(MergeFixture.Secret, at, raw));
        return await app.Client().SendAsync(request);
    }

    [Fact]
    public async Task An_unverified_phone_from_a_gateway_links_nothing_but_suggests_a_merge_which_the_agent_makes_on_the_customer_tab()
    {
        var holder = await app.WithDbAsync(db => db.Customers.Where(c => c.MergedIntoId == null && c.Contacts.Any(x => x.Kind == ContactKind.Phone))
            .OrderByDescending(c => c.Id).Select(c => new { c.Id, c.Name, Phone = c.Contacts.First(x => x.Kind == ContactKind.Phone).Value }).FirstAsync());
        var user = "u-" + Guid.NewGuid().ToString("N")[..8];

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await ImAsync(user, "+86 " + holder.Phone, $"我是老客户了，手机号就是这个（{i}）")).StatusCode);
        }

        var ticket = await app.WithDbAsync(db => db.Tickets.Where(t => t.Channel == Channel.Social && db.CustomerContacts.Any(c => c.CustomerId == t.CustomerId && c.Value == "douyin:" + user))
            .Select(t => new { t.Number, t.CustomerId }).SingleAsync());
        Assert.NotEqual(holder.Id, ticket.CustomerId); // the claim linked nothing
        var suggestion = Assert.Single((await app.SendAsync(new CustomerMerges.Query(ticket.CustomerId))).Suggestions); // twice claimed, once suggested
        Assert.Equal((holder.Id, ContactKind.Phone, holder.Phone), (suggestion.CustomerId, suggestion.Kind, suggestion.Reason));

        var number = Ticket.FormatNumber(ticket.Number).ToLowerInvariant();
        var agent = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);
        var page = await agent.GetStringAsync($"/agent/tickets/{number}");
        Assert.Contains("可能是同一位顾客", page, StringComparison.Ordinal);
        Assert.Contains(holder.Name, page, StringComparison.Ordinal);

        var empty = await AppFixture.PostFormAsync(agent, $"/agent/tickets/{number}?handler=MergeCustomer", new() { ["OtherContact"] = "" }, formPage: $"/agent/tickets/{number}");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("请填写另一位顾客的邮箱或手机号", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var merged = await AppFixture.PostFormAsync(agent, $"/agent/tickets/{number}?handler=MergeCustomer&other={holder.Id}", [], formPage: $"/agent/tickets/{number}");
        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        Assert.Equal(ticket.CustomerId, await app.WithDbAsync(db => db.Customers.Where(c => c.Id == holder.Id).Select(c => c.MergedIntoId).SingleAsync()));
        var after = await agent.GetStringAsync($"/agent/tickets/{number}");
        Assert.DoesNotContain("可能是同一位顾客", after, StringComparison.Ordinal); // the suggestion is closed by the merge
        Assert.Contains("撤销", after, StringComparison.Ordinal);
        Assert.Contains(holder.Phone, after, StringComparison.Ordinal); // the holder's contacts are this customer's now

        var anonymous = await app.Client().PostAsync($"/agent/tickets/{number}?handler=MergeCustomer&other={holder.Id}", new FormUrlEncodedContent([]));
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_dismissed_suggestion_is_not_offered_again()
    {
        var holder = await app.WithDbAsync(db => db.Customers.Where(c => c.MergedIntoId == null && c.Contacts.Any(x => x.Kind == ContactKind.Phone))
            .OrderByDescending(c => c.Id).Skip(3).Select(c => new { c.Id, Phone = c.Contacts.First(x => x.Kind == ContactKind.Phone).Value }).FirstAsync());
        var user = "u-" + Guid.NewGuid().ToString("N")[..8];
        await ImAsync(user, holder.Phone, "手机号是这个");
        var ticket = await app.WithDbAsync(db => db.Tickets.Where(t => db.CustomerContacts.Any(c => c.CustomerId == t.CustomerId && c.Value == "douyin:" + user)).Select(t => new { t.Number, t.CustomerId }).SingleAsync());
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var suggestion = Assert.Single((await app.SendAsync(new CustomerMerges.Query(ticket.CustomerId))).Suggestions);

        await app.SendAsync(new CustomerMerges.Dismiss(supervisor, Ticket.FormatNumber(ticket.Number), suggestion.Id));
        await ImAsync(user, holder.Phone, "再说一次，手机号是这个");

        Assert.Empty((await app.SendAsync(new CustomerMerges.Query(ticket.CustomerId))).Suggestions);
        Assert.Empty((await app.SendAsync(new CustomerMerges.Query(holder.Id))).Suggestions);
    }
}
