using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelpDesk.Domain.Orders;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Tests;

/// <summary>The shop system's order upsert over HTTP: the API key, per-field problems, idempotency, tracking updates, fixed lines, OpenAPI.</summary>
public sealed class OrdersApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static object Body(string email, string deliveredStatus = "InTransit", int quantity = 2, object? payment = null) => new
    {
        customer = new { name = "王小明", email, phone = "138 0013 8000" },
        placedAt = "2026-11-20T10:00:00+08:00",
        currency = "CNY",
        lines = new[] { new { sku = "API-EARBUDS-1", name = "降噪无线耳机", category = "数码", supplier = "声学科技", quantity, unitPrice = 349.50m, discount = 20m, noReasonReturnExcluded = false } },
        payment = payment ?? new { method = "微信支付", amount = 679m, paidAt = "2026-11-20T10:01:00.1234567+08:00" }, // finer than PostgreSQL keeps
        cancelled = false,
        shipments = new[]
        {
            new
            {
                carrier = "顺丰速运", trackingNumber = "SF900000000001", shippedAt = "2026-11-20T18:00:00+08:00", promisedAt = "2026-11-22T18:00:00+08:00",
                events = deliveredStatus == "Delivered"
                    ? new object[] { new { at = "2026-11-20T18:00:00.7654321+08:00", status = "InTransit", location = "深圳", description = "已揽收" }, new { at = "2026-11-21T15:00:00+08:00", status = "Delivered", location = "上海", description = "已签收" } }
                    : [new { at = "2026-11-20T18:00:00.7654321+08:00", status = "InTransit", location = "深圳", description = "已揽收" }],
            },
        },
    };

    private HttpClient Shop()
    {
        var client = app.Client();
        client.DefaultRequestHeaders.Add("X-Api-Key", DemoSeeder.ShopApiKey);
        return client;
    }

    [Fact]
    public async Task Without_a_valid_key_nothing_is_written()
    {
        var anonymous = await app.Client().PutAsJsonAsync("/api/v1/orders/JD-API-401", Body("nokey@example.cn"));
        var wrong = app.Client();
        wrong.DefaultRequestHeaders.Add("X-Api-Key", "hdk_wrong");
        var forged = await wrong.PutAsJsonAsync("/api/v1/orders/JD-API-401", Body("nokey@example.cn"));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (anonymous.StatusCode, forged.StatusCode));
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.False(await app.WithDbAsync(db => db.Orders.AnyAsync(o => o.Number == "JD-API-401")));
    }

    public static readonly TheoryData<string, string, string> Junk = new()
    {
        { "JD-API-JUNK-1", """{"payment": {"method": "微信支付", "amount": 700.00, "paidAt": "2026-11-20T10:01:00+08:00"}}""", "payment.amount" }, // total is 679
        { "JD-API-JUNK-2", """{"placedAt": "0001-01-01T00:00:00Z"}""", "placedAt" },
        { "JD-API-JUNK-3", """{"shipments": [{"carrier": "顺丰速运", "trackingNumber": "SF1", "shippedAt": "9999-12-31T00:00:00Z", "promisedAt": "2026-11-22T18:00:00+08:00"}]}""", "shipments[0].shippedAt" },
        { "JD-API-JUNK-4", """{"payment": {"method": "微信支付", "amount": 1e20, "paidAt": "2026-11-20T10:01:00+08:00"}}""", "payment.amount" },
        { "JD-API-JUNK-5", """{"customer": {"name": "王\u0000小明", "email": "w@example.cn"}}""", "customer.name" },
        { "JD-API-JUNK-6", """{"customer": {"name": "王小明", "email": "王小明 <w@example.cn>"}}""", "customer.email" },
        { "JD-API-JUNK-7", """{"lines": [{"sku": "<b>SKU</b>", "name": "耳机", "category": "数码", "supplier": "声学", "quantity": 1, "unitPrice": 10, "discount": 0}]}""", "lines[0].sku" },
        { "JD-API-JUNK-8", """{"lines": [{"sku": "SKU-1", "name": "耳机", "category": "数码", "supplier": "声学", "quantity": "two", "unitPrice": 10, "discount": 0}]}""", "lines[0].quantity" },
        { "JD%E2%80%AE-API-JUNK-9", "{}", "number" },
        { "%E8%AE%A2%E5%8D%95-JUNK-10", "{}", "number" },
        { "JD-API%3Cb%3E-11", "{}", "number" },
    };

    [Theory]
    [MemberData(nameof(Junk))]
    public async Task Junk_is_refused_with_a_400_naming_the_field_and_nothing_is_stored(string number, string change, string field)
    {
        var body = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(Body("junk@example.cn")))!.AsObject();
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(change)!.AsObject().ToList())
        {
            body[key] = value?.DeepClone();
        }

        var orders = await app.WithDbAsync(db => db.Orders.CountAsync());
        var response = await Shop().PutAsync($"/api/v1/orders/{number}", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
        Assert.Equal(orders, await app.WithDbAsync(db => db.Orders.CountAsync()));
    }

    [Fact]
    public async Task A_malformed_order_gets_400_with_a_problem_per_field()
    {
        var response = await Shop().PutAsJsonAsync("/api/v1/orders/JD-API-400", new
        {
            customer = new { name = "", email = "" },
            placedAt = "2026-11-20T10:00:00+08:00",
            lines = new[] { new { sku = "", name = "耳机", category = "数码", supplier = "声学科技", quantity = 0, unitPrice = -1m, discount = 0m } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        foreach (var field in new[] { "customer.name", "customer.email", "lines[0].sku", "lines[0].quantity", "lines[0].unitPrice" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field + " in " + errors);
        }

        Assert.Equal("顾客姓名不能为空。", errors.GetProperty("customer.name")[0].GetString());
        Assert.False(await app.WithDbAsync(db => db.Orders.AnyAsync(o => o.Number == "JD-API-400")));
    }

    [Fact]
    public async Task In_development_too_a_malformed_order_gets_a_400_problem_not_a_stack_trace()
    {
        using var development = new HelpDeskFactory(app.ConnectionString, environment: "Development");
        var client = development.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", DemoSeeder.ShopApiKey);

        var response = await client.PutAsJsonAsync("/api/v1/orders/JD-API-DEV", new { customer = new { name = "" }, placedAt = "2026-11-20T10:00:00+08:00" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("customer.name", body, StringComparison.Ordinal);
        Assert.DoesNotContain("ValidationBehavior", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_put_twice_is_one_order_and_later_tracking_delivers_it()
    {
        var first = await Shop().PutAsJsonAsync("/api/v1/orders/JD-API-200", Body("wang@example.cn"));
        var again = await Shop().PutAsJsonAsync("/api/v1/orders/JD-API-200", Body("Wang@Example.cn"));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        var order = await LoadAsync("JD-API-200");
        Assert.Equal((OrderStatus.Shipped, 679m, 679m, 1, 1, 1), (order.Status, order.Total, order.PaidAmount, order.Lines.Count, order.Shipments.Count, order.Shipments[0].Events.Count));
        Assert.Equal(1, await app.WithDbAsync(db => db.Customers.CountAsync(c => c.Contacts.Any(k => k.Value == "wang@example.cn"))));

        Assert.Equal(HttpStatusCode.OK, (await Shop().PutAsJsonAsync("/api/v1/orders/JD-API-200", Body("wang@example.cn", "Delivered"))).StatusCode);
        order = await LoadAsync("JD-API-200");
        Assert.Equal((OrderStatus.Delivered, 2), (order.Status, order.Shipments[0].Events.Count));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 7, 0, 0, TimeSpan.Zero), order.DeliveredAt);
    }

    [Fact]
    public async Task Two_first_puts_of_one_new_order_at_once_make_one_order()
    {
        var responses = await Task.WhenAll(Shop().PutAsJsonAsync("/api/v1/orders/JD-API-RACE", Body("race@example.cn")), Shop().PutAsJsonAsync("/api/v1/orders/JD-API-RACE", Body("race@example.cn")));

        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, r.StatusCode.ToString()));
        Assert.Equal(1, await app.WithDbAsync(db => db.Orders.CountAsync(o => o.Number == "JD-API-RACE")));
    }

    [Fact]
    public async Task Other_lines_for_a_known_order_are_refused_and_nothing_changes()
    {
        Assert.Equal(HttpStatusCode.Created, (await Shop().PutAsJsonAsync("/api/v1/orders/JD-API-422", Body("li@example.cn"))).StatusCode);

        var changed = await Shop().PutAsJsonAsync("/api/v1/orders/JD-API-422", Body("li@example.cn", "Delivered", quantity: 3, payment: new { method = "支付宝", amount = 1028.5m, paidAt = "2026-11-20T11:00:00+08:00" }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, changed.StatusCode);
        var order = await LoadAsync("JD-API-422");
        Assert.Equal((2, "微信支付", 1), (order.Lines[0].Quantity, order.PaymentMethod, order.Shipments[0].Events.Count));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_order_upsert()
    {
        var document = JsonDocument.Parse(await app.Client().GetStringAsync("/openapi/v1.json")).RootElement;

        Assert.True(document.GetProperty("paths").GetProperty("/api/v1/orders/{number}").TryGetProperty("put", out _));
    }

    private Task<Order> LoadAsync(string number) => app.WithDbAsync(db => db.Orders.AsNoTracking()
        .Include(o => o.Lines).Include(o => o.Shipments).ThenInclude(s => s.Events).AsSplitQuery().SingleAsync(o => o.Number == number));
}
