using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using AngleSharp.Html.Parser;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Tests;

/// <summary>The admin's after-sales page over HTTP: money limits and the CSV order import with its per-row report.</summary>
public sealed class AfterSalesAdminTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string Header = "order_number,placed_at,customer_name,customer_email,customer_phone,sku,product_name,category,supplier,quantity,unit_price,discount,payment_method,paid_amount,paid_at";

    [Fact]
    public async Task Admins_change_the_limits_and_an_impossible_combination_is_refused()
    {
        var admin = await app.SignedInClientAsync(DemoSeeder.AdminEmail);

        var saved = await AppFixture.PostFormAsync(admin, "/admin/after-sales?handler=Limits", new()
        {
            ["Input.AgentLimit"] = "300", ["Input.DoubleApprovalThreshold"] = "1500", ["Input.DailyCompensationBudget"] = "100",
        }, "/admin/after-sales");
        var refused = await AppFixture.PostFormAsync(admin, "/admin/after-sales?handler=Limits", new()
        {
            ["Input.AgentLimit"] = "800", ["Input.DoubleApprovalThreshold"] = "500", ["Input.DailyCompensationBudget"] = "100",
        }, "/admin/after-sales");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("双人审批门槛不能低于客服权限", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var settings = await app.WithDbAsync(db => db.AfterSalesSettings.AsNoTracking().SingleAsync());
        Assert.Equal((300m, 1500m, 100m), (settings.AgentLimit, settings.DoubleApprovalThreshold, settings.DailyCompensationBudget));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInClientAsync(DemoSeeder.SupervisorEmail)).GetAsync("/admin/after-sales")).StatusCode);
    }

    [Fact]
    public async Task A_csv_import_reports_each_order_lands_the_good_ones_and_repeats_nothing()
    {
        var admin = await app.SignedInClientAsync(DemoSeeder.AdminEmail);
        var csv = string.Join('\n',
            Header,
            "CSV-001,2026-11-20T10:00:00+08:00,赵六,zhao@example.cn,,CSV-SKU-1,保温杯,家居,杯具厂,2,59.90,0,支付宝,219.80,2026-11-20T10:02:00+08:00",
            "CSV-001,2026-11-20T10:00:00+08:00,赵六,zhao@example.cn,,CSV-SKU-2,杯套,家居,杯具厂,1,100,0,支付宝,219.80,2026-11-20T10:02:00+08:00",
            "CSV-002,2026-11-20T11:00:00+08:00,钱七,qian@example.cn,,CSV-SKU-1,保温杯,家居,杯具厂,two,59.90,0,,,",
            "CSV-003,2026-11-20T12:00:00+08:00,孙八,,,CSV-SKU-1,保温杯,家居,杯具厂,1,59.90,0,,,");

        var first = await ImportAsync(admin, csv);
        var again = await ImportAsync(admin, csv);

        Assert.Equal(["2, 3|CSV-001|已新建", "4|CSV-002|数量、单价或优惠不是有效数字。", "5|CSV-003|customer.email: 顾客至少需要邮箱或手机号。"], first);
        Assert.Equal("2, 3|CSV-001|已更新", again[0]);
        var order = await app.WithDbAsync(db => db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Number == "CSV-001"));
        Assert.Equal((2, 219.80m, 219.80m), (order.Lines.Count, order.Total, order.PaidAmount));
        Assert.False(await app.WithDbAsync(db => db.Orders.AnyAsync(o => o.Number == "CSV-002" || o.Number == "CSV-003")));
    }

    [Fact]
    public async Task An_admin_creates_a_shop_key_shown_once_that_works_until_revoked()
    {
        var admin = await app.SignedInClientAsync(DemoSeeder.AdminEmail);

        Assert.Contains("请填写密钥用途", await (await AppFixture.PostFormAsync(admin, "/admin/after-sales?handler=CreateKey", new() { ["KeyName"] = " " }, "/admin/after-sales")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var created = new HtmlParser().ParseDocument(await (await AppFixture.PostFormAsync(admin, "/admin/after-sales?handler=CreateKey", new() { ["KeyName"] = "订单同步" }, "/admin/after-sales")).Content.ReadAsStringAsync());
        var secret = created.QuerySelector("#new-secret code")!.TextContent;
        Assert.DoesNotContain(secret, await admin.GetStringAsync("/admin/after-sales"), StringComparison.Ordinal);
        var keyId = await app.WithDbAsync(db => db.ApiKeys.Where(k => k.Name == "订单同步").Select(k => k.Id).SingleAsync());

        Assert.Equal(HttpStatusCode.Created, (await ShopAsync(secret, "KEY-001")).StatusCode);
        await AppFixture.PostFormAsync(admin, $"/admin/after-sales?handler=RevokeKey&id={keyId}", [], "/admin/after-sales");
        Assert.Equal(HttpStatusCode.Unauthorized, (await ShopAsync(secret, "KEY-002")).StatusCode);
    }

    private Task<HttpResponseMessage> ShopAsync(string key, string number)
    {
        var client = app.Client();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client.PutAsJsonAsync($"/api/v1/orders/{number}", new
        {
            customer = new { name = "吴九", email = "wu@example.cn" },
            placedAt = "2026-11-20T10:00:00+08:00",
            lines = new[] { new { sku = "KEY-SKU", name = "台灯", category = "家居", supplier = "灯具厂", quantity = 1, unitPrice = 88m, discount = 0m } },
        });
    }

    [Fact]
    public async Task A_file_without_the_columns_says_which_are_missing()
    {
        var report = await ImportAsync(await app.SignedInClientAsync(DemoSeeder.AdminEmail), "order_number,sku\nX,Y");

        Assert.Single(report);
        Assert.Contains("placed_at", report[0], StringComparison.Ordinal);
    }

    /// <summary>Uploads the file as the page's form does and reads the report back as "rows|number|result".</summary>
    private static async Task<List<string>> ImportAsync(HttpClient client, string csv)
    {
        var form = new HtmlParser().ParseDocument(await client.GetStringAsync("/admin/after-sales"));
        using var content = new MultipartFormDataContent
        {
            { new StringContent(form.QuerySelector("#import-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "Upload", "orders.csv");

        var response = await client.PostAsync("/admin/after-sales?handler=Import", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        return page.QuerySelectorAll("#import-report tbody tr").Select(r => string.Join('|', r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()))).ToList();
    }
}
