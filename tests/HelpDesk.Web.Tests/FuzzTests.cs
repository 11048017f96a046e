using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace HelpDesk.Web.Tests;

/// <summary>
/// Every public form, look-up and the API with hostile input, one field at a time (bounded, in CI): never a 5xx, and a
/// refused request writes nothing (tickets, customers, orders, mails, links, files, products counted around each one).
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Text that breaks naive code: control characters, sizes, numbers as text, markup, direction overrides, dates out of range.</summary>
    private static readonly string[] Strings =
    [
        "", " ", "\0", "a\0b", "\u0001\u0007", "\r\nBcc: x@example.com", new string('x', 10_000), new string('长', 2_000),
        "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "%00", "\u202Eevil", "💥🔥", "1e20", "-1", "NaN",
        "99999999999999999999999999", "true", "null", "0001-01-01", "9999-12-31T23:59:59", "张三 <a@example.com>", "a<b>@example.com",
        new string('a', 190) + "@example.com",
    ];

    /// <summary>JSON values for each field of the orders API: wrong types, extremes, nothing.</summary>
    private static readonly string[] Json =
    [
        "null", "\"\"", "\"\\u0000\"", "\"a\\u0000b\"", "1e20", "-1", "1.23456789", "99999999999999999999999999", "true", "[]", "{}",
        "\"\\u202Eevil\"", "\"<b>x</b>\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"", $"\"{new string('x', 5_000)}\"", "\"abc\"",
    ];

    private readonly List<string> _failures = [];
    private readonly Dictionary<string, string> _tokens = [];
    private readonly CapturingLoggerProvider _logs = new();
    private HelpDeskFactory _app = null!;
    private int _requests;

    public async Task InitializeAsync() =>
        _app = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync(), services: s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_logs));

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Hostile_input_on_every_public_endpoint_is_never_a_server_error_and_a_refusal_writes_nothing()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        var token = await PortalTokenAsync(client);

        await FormAsync(client, "/complaints/new", "/complaints/new", new()
        {
            ["Input.Name"] = "周小姐", ["Input.Email"] = "fuzz@example.com", ["Input.Phone"] = "", ["Input.Category"] = "Logistics",
            ["Input.OrderNumber"] = "", ["Input.Type"] = "Quality", ["Input.Description"] = "快递三天没动", ["Input.Remedy"] = "AnswerOnly", ["Input.Lines"] = "1", ["Website"] = "",
        });
        await FormAsync(client, "/t", "/t", new() { ["Input.Number"] = "HD-100001", ["Input.Contact"] = "nobody@example.com" });
        await FormAsync(client, "/account/login", "/account/login", new() { ["Input.Email"] = "nobody@example.com", ["Input.Password"] = "wrong-password", ["Input.RememberMe"] = "false", ["ReturnUrl"] = "/" });
        await FormAsync(client, $"/t/{token}?handler=Reply", $"/t/{token}", new() { ["Body"] = "还在吗？" });
        await FormAsync(client, $"/t/{token}?handler=Rate", $"/t/{token}", new() { ["Rating.Solved"] = "true", ["Rating.Score"] = "5", ["Rating.Comment"] = "好" });
        foreach (var value in Strings)
        {
            var v = Uri.EscapeDataString(value);
            await RefusedAsync(client, HttpMethod.Get, $"/complaints/new?handler=Order&number={v}&email={v}&phone={v}");
            await RefusedAsync(client, HttpMethod.Get, $"/?culture={v}");
            if (!value.Contains('\0', StringComparison.Ordinal))
            {
                // A NUL in the path never reaches the app: the server refuses the request line (400) before it.
                await RefusedAsync(client, HttpMethod.Get, $"/t/{v}");
                await RefusedAsync(client, HttpMethod.Get, $"/t/{v}/files/1");
            }
        }

        await OrdersApiAsync(client);
        output.WriteLine($"{_requests} hostile requests, {_failures.Count} failures");
        Assert.True(_failures.Count == 0, string.Join("\n", _failures.Take(60)));
    }

    /// <summary>Posts the form with each field set to each hostile value, the others valid.</summary>
    private async Task FormAsync(HttpClient client, string url, string formPage, Dictionary<string, string> valid)
    {
        foreach (var field in valid.Keys)
        {
            foreach (var value in Strings)
            {
                var fields = new Dictionary<string, string>(valid) { [field] = value };
                fields["__RequestVerificationToken"] = await TokenAsync(client, formPage);
                var before = await RowsAsync();
                var response = await client.PostAsync(url, new FormUrlEncodedContent(fields));
                await CheckAsync(response, $"POST {url} {field}={Show(value)}", before);
            }
        }
    }

    private async Task OrdersApiAsync(HttpClient client)
    {
        var valid = JsonNode.Parse($$"""
            {
              "customer": { "name": "测试", "email": "fuzz-api@example.com", "phone": "13800138000" },
              "placedAt": "2026-11-20T10:00:00+08:00", "currency": "CNY",
              "lines": [ { "sku": "FUZZ-1", "name": "保温杯", "category": "家居", "supplier": "测试供应商", "quantity": 1, "unitPrice": 99.00, "discount": 0, "noReasonReturnExcluded": false } ],
              "payment": { "method": "微信支付", "amount": 99.00, "paidAt": "2026-11-20T10:01:00+08:00" },
              "cancelled": false,
              "shipments": [ { "carrier": "顺丰速运", "trackingNumber": "SF1234567890", "shippedAt": "2026-11-20T18:00:00+08:00", "promisedAt": "2026-11-22T18:00:00+08:00",
                 "events": [ { "at": "2026-11-21T09:00:00+08:00", "status": "InTransit", "location": "上海", "description": "运输中" } ] } ]
            }
            """)!;
        var paths = Leaves(valid, string.Empty).ToList();
        foreach (var path in paths)
        {
            foreach (var value in Json)
            {
                var body = valid.DeepClone();
                Set(body, path, JsonNode.Parse(value));
                await ApiAsync(client, "FUZZ-ORDER-1", body.ToJsonString(), $"{path}={Show(value)}");
            }
        }

        foreach (var malformed in new[] { "", "{", "[]", "null", "{\"customer\":", "{\"lines\": [null]}", "\u0000", "{\"placedAt\": \"yesterday\"}" })
        {
            await ApiAsync(client, "FUZZ-ORDER-2", malformed, $"body={Show(malformed)}");
        }

        foreach (var number in Strings.Append("订单一号").Append("JD\u202E123").Where(n => !n.Contains('\0', StringComparison.Ordinal)))
        {
            await ApiAsync(client, Uri.EscapeDataString(number), valid.ToJsonString(), $"number={Show(number)}");
        }
    }

    private async Task ApiAsync(HttpClient client, string number, string body, string what)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/orders/{number}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", DemoSeeder.ShopApiKey);
        var before = await RowsAsync();
        await CheckAsync(await client.SendAsync(request), $"PUT orders {what}", before);
    }

    private async Task RefusedAsync(HttpClient client, HttpMethod method, string url)
    {
        var before = await RowsAsync();
        await CheckAsync(await client.SendAsync(new HttpRequestMessage(method, url)), $"{method} {url[..Math.Min(url.Length, 120)]}", before);
    }

    /// <summary>Never a 5xx; a request the app did not accept (anything but a redirect after a form or a 2xx from the API) changed no rows.</summary>
    private async Task CheckAsync(HttpResponseMessage response, string what, long[] before)
    {
        _requests++;
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            var error = _logs.Messages.LastOrDefault(m => m.Contains("Exception", StringComparison.Ordinal)) ?? Shorten(await response.Content.ReadAsStringAsync());
            _failures.Add($"{what} → {status}: {Shorten(error)}");
            return;
        }

        var accepted = response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.OK or HttpStatusCode.Created
            && (response.RequestMessage!.Method != HttpMethod.Post || response.StatusCode != HttpStatusCode.OK);
        var after = await RowsAsync();
        if (!accepted && !before.AsEnumerable().SequenceEqual(after))
        {
            _failures.Add($"{what} → {status} was refused but wrote rows");
        }
    }

    /// <summary>The form page's antiforgery token, read once (it holds for the whole session of the client).</summary>
    private async Task<string> TokenAsync(HttpClient client, string formPage)
    {
        if (!_tokens.TryGetValue(formPage, out var token))
        {
            var page = new HtmlParser().ParseDocument(await client.GetStringAsync(formPage));
            token = _tokens[formPage] = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        }

        return token;
    }

    private Task<long[]> RowsAsync() => _app.WithDbAsync(async db => (await db.Database.SqlQuery<long>($"""
        SELECT (SELECT count(*) FROM tickets) AS "Value" UNION ALL SELECT (SELECT count(*) FROM ticket_messages) UNION ALL SELECT (SELECT count(*) FROM customers)
        UNION ALL SELECT (SELECT count(*) FROM orders) UNION ALL SELECT (SELECT count(*) FROM outbox_messages) UNION ALL SELECT (SELECT count(*) FROM ticket_links)
        UNION ALL SELECT (SELECT count(*) FROM attachments) UNION ALL SELECT (SELECT count(*) FROM products)
        """).ToListAsync()).ToArray());

    /// <summary>A real customer link, from a complaint submitted through the form.</summary>
    private static async Task<string> PortalTokenAsync(HttpClient client)
    {
        var submitted = await AppFixture.PostFormAsync(client, "/complaints/new", new()
        {
            ["Input.Name"] = "周小姐", ["Input.Email"] = "portal-fuzz@example.com", ["Input.Category"] = "Logistics", ["Input.Type"] = "Quality",
            ["Input.Description"] = "快递三天没动", ["Input.Remedy"] = "AnswerOnly",
        });
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync(submitted.Headers.Location!.OriginalString));
        return page.QuerySelector("#follow-link")!.GetAttribute("href")!.Split('/')[^1];
    }

    private static IEnumerable<string> Leaves(JsonNode node, string path) => node switch
    {
        JsonObject o => o.SelectMany(p => Leaves(p.Value!, path.Length == 0 ? p.Key : $"{path}.{p.Key}")).Prepend(path).Where(p => p.Length > 0),
        JsonArray a => a.SelectMany((e, i) => Leaves(e!, $"{path}[{i}]")).Prepend(path),
        _ => [path],
    };

    private static void Set(JsonNode root, string path, JsonNode? value)
    {
        var parts = path.Replace("[", ".[", StringComparison.Ordinal).Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            node = part.StartsWith('[') ? node![int.Parse(part[1..^1], System.Globalization.CultureInfo.InvariantCulture)]! : node![part]!;
        }

        var last = parts[^1];
        if (last.StartsWith('['))
        {
            node!.AsArray()[int.Parse(last[1..^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            node!.AsObject()[last] = value;
        }
    }

    private static string Show(string value) => value.Length > 40 ? $"{value[..20]}…({value.Length})" : value.Replace("\0", "\\0", StringComparison.Ordinal);

    private static string Shorten(string body) => body.Length > 300 ? body[..300] : body;
}
