using System.Net;
using System.Net.Http.Headers;
using System.Text;
using HelpDesk.Web.Features.Channels;
using HelpDesk.Web.Features.Channels.Mail;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Tests;

/// <summary>The signed raw-MIME webhook over HTTP: every refusal is a clear 4xx and writes nothing; a replay is recognised.</summary>
public sealed class MailWebhookTests(ChannelFixture fixture) : IClassFixture<ChannelFixture>
{
    private static HttpRequestMessage Post(byte[] body, long? timestamp = null, string? secret = ChannelFixture.WebhookSecret, string? signature = null)
    {
        var at = timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, MailWebhook.Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        request.Headers.Add(WebhookSignature.TimestampHeader, at.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (secret is not null || signature is not null)
        {
            request.Headers.Add(WebhookSignature.SignatureHeader, signature ?? WebhookSignature.Sign(secret!, at, body));
        }

        return request;
    }

    private Task<(int Inbound, int Tickets, int Customers)> CountsAsync() => fixture.App.WithDbAsync(async db =>
        (await db.Set<InboundRecord>().CountAsync(), await db.Tickets.CountAsync(), await db.Customers.CountAsync()));

    [Fact]
    public async Task A_signed_mail_opens_a_ticket_and_the_same_mail_pushed_again_is_recognised()
    {
        using var client = fixture.App.CreateClient();
        var mail = TestMail.Raw($"push.{Guid.NewGuid():N}@customer.example.cn", "推送的邮件", "通过 webhook 推送。");

        var first = await client.SendAsync(Post(mail));
        var again = await client.SendAsync(Post(mail, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await first.Content.ReadAsStringAsync();
        Assert.Contains("\"outcome\":\"Opened\"", body, StringComparison.Ordinal);
        Assert.Contains("\"duplicate\":true", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(MailWebhook.Path, await client.GetStringAsync("/openapi/v1.json"), StringComparison.Ordinal);
    }

    public static TheoryData<string, int> Refusals => new()
    {
        { "bad-signature", 401 },
        { "unsigned", 401 },
        { "stale", 401 },
        { "future", 401 },
        { "oversize", 413 },
        { "not-mime", 400 },
        { "no-sender", 400 },
        { "bad-sender", 400 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refusals_are_clear_4xx_and_write_nothing(string kind, int status)
    {
        using var client = fixture.App.CreateClient();
        var mail = TestMail.Raw($"refused.{Guid.NewGuid():N}@customer.example.cn", "不该写入", "任何东西都不该写入。");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var request = kind switch
        {
            "bad-signature" => Post(mail, secret: "another-secret-of-someone-else"),
            "unsigned" => Post(mail, secret: null),
            "stale" => Post(mail, now - 301),
            "future" => Post(mail, now + 3600),
            "oversize" => Post([.. mail, .. Encoding.ASCII.GetBytes(new string('x', 70_000))]),
            "not-mime" => Post(Encoding.UTF8.GetBytes("这不是邮件 \u0000\u0001 garbage")),
            "no-sender" => Post(Encoding.ASCII.GetBytes("Subject: hi\r\nMessage-ID: <x@y>\r\n\r\nbody\r\n")),
            _ => Post(Encoding.ASCII.GetBytes("From: \"A\" <not an address>\r\nSubject: hi\r\n\r\nbody\r\n")),
        };
        var before = await CountsAsync();

        var response = await client.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await CountsAsync());
    }
}
