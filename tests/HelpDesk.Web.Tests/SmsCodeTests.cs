using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Features.Sms;
using HelpDesk.Web.Infrastructure.Mail;
using HelpDesk.Web.Infrastructure.Sms;
using HelpDesk.Web.Tests.Infrastructure;

namespace HelpDesk.Web.Tests;

/// <summary>A customer who gave only a mobile number gets back into the ticket with a one-time code by SMS.</summary>
public sealed partial class SmsCodeTests : IAsyncLifetime
{
    private HelpDeskFactory _app = null!;

    public async Task InitializeAsync() => _app = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync());

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_code_from_the_sms_opens_the_ticket_once()
    {
        var (number, phone) = await PhoneOnlyTicketAsync();
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });

        var challenge = await FindAsync(client, number, phone);
        await _app.SendAsync(new DeliverSms.Command());
        var code = Code().Match(File.ReadAllText(Assert.Single(Directory.GetFiles(_app.SmsDirectory, "*.txt")))).Value;
        Assert.Equal(6, code.Length);
        Assert.Contains("验证码不正确", await (await AppFixture.PostFormAsync(client, challenge, new() { ["Code"] = code == "000000" ? "111111" : "000000" })).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var opened = await AppFixture.PostFormAsync(client, challenge, new() { ["Code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Contains(number, await client.GetStringAsync(opened.Headers.Location!.PathAndQuery), StringComparison.Ordinal);
        Assert.Contains("验证码不正确", await (await AppFixture.PostFormAsync(client, challenge, new() { ["Code"] = code })).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_message_claimed_by_an_instance_that_died_is_due_again_after_its_lease_and_given_up_after_three_tries()
    {
        var now = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
        var sms = new SmsMessage("13800000000", "验证码 123456", now);

        Assert.True(sms.Claim(now, TimeSpan.FromMinutes(1)));
        Assert.Equal((1, now.AddMinutes(1)), (sms.Attempts, sms.NextAttemptAt));
        Assert.True(sms.Claim(now.AddMinutes(1), TimeSpan.FromMinutes(1)));
        sms.MarkFailed("gateway timeout", now.AddMinutes(1));
        Assert.Equal((OutboxStatus.Pending, now.AddMinutes(2)), (sms.Status, sms.NextAttemptAt));
        Assert.True(sms.Claim(now.AddMinutes(2), TimeSpan.FromMinutes(1)));
        Assert.False(sms.Claim(now.AddMinutes(3), TimeSpan.FromMinutes(1)));
        Assert.Equal((3, OutboxStatus.Failed), (sms.Attempts, sms.Status));
    }

    [Fact]
    public async Task Details_that_do_not_match_get_the_same_page_and_no_sms_and_five_wrong_codes_end_a_challenge()
    {
        var (number, phone) = await PhoneOnlyTicketAsync();
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });

        var stranger = await FindAsync(client, number, "13900000000");
        await _app.SendAsync(new DeliverSms.Command());
        Assert.Empty(Directory.Exists(_app.SmsDirectory) ? Directory.GetFiles(_app.SmsDirectory) : []);
        Assert.Contains("验证码不正确", await (await AppFixture.PostFormAsync(client, stranger, new() { ["Code"] = "123456" })).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var owner = await FindAsync(client, number, phone);
        await _app.SendAsync(new DeliverSms.Command());
        var code = Code().Match(File.ReadAllText(Assert.Single(Directory.GetFiles(_app.SmsDirectory, "*.txt")))).Value;
        for (var i = 0; i < 5; i++)
        {
            await AppFixture.PostFormAsync(client, owner, new() { ["Code"] = $"{(int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + i + 1) % 1_000_000:D6}" });
        }

        Assert.Equal(HttpStatusCode.OK, (await AppFixture.PostFormAsync(client, owner, new() { ["Code"] = code })).StatusCode); // too late: tries used up
    }

    /// <summary>Posts "find my ticket" with a mobile number; returns the code page it leads to.</summary>
    private static async Task<string> FindAsync(HttpClient client, string number, string phone)
    {
        var response = await AppFixture.PostFormAsync(client, "/t", new() { ["Input.Number"] = number, ["Input.Contact"] = phone });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = response.Headers.Location!.OriginalString;
        Assert.Matches("^/t/code/[A-Za-z0-9_-]{22}$", page);
        Assert.NotNull(new HtmlParser().ParseDocument(await client.GetStringAsync(page)).QuerySelector("#Code"));
        return page;
    }

    private Task<(string Number, string Phone)> PhoneOnlyTicketAsync() => _app.WithDbAsync(async db =>
    {
        var customer = new Customer("手机顾客", CustomerTier.Regular, DateTimeOffset.UtcNow);
        var phone = $"137{Random.Shared.Next(10_000_000, 99_999_999)}";
        customer.AddContact(ContactKind.Phone, phone);
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        var ticket = Ticket.Open("电话留言", TicketCategory.Logistics, TicketPriority.Normal, Channel.Phone, customer.Id, customer.Name, "请回电", DateTimeOffset.UtcNow);
        db.Tickets.Add(ticket);
        await db.SaveChangesAsync();
        return (ticket.DisplayNumber, phone);
    });

    [GeneratedRegex("(?<!\\d)\\d{6}(?!\\d)")]
    private static partial Regex Code();
}
