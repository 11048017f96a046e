using HelpDesk.Domain.Analytics;
using HelpDesk.Domain.Catalog;
using HelpDesk.Domain.Complaints;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Feedback;
using HelpDesk.Domain.Orders;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Features.Agent.Departments;
using HelpDesk.Web.Features.Analytics;
using HelpDesk.Web.Features.Reports;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Form = HelpDesk.Web.Features.Customers.Complaints.NewModel;

namespace HelpDesk.Web.Tests;

/// <summary>
/// Complaint rates and quality alerts (issue 16 item 2) on PostgreSQL: a supplier whose only product sold 60 units in
/// November and drew 4 complaints (6.67 % &gt; 5 %) raises exactly one supplier alert (and one for the product) in the
/// product department's queue — checked by two instances at once and then again; a product with 30 units is "not
/// enough orders" and raises nothing.
/// </summary>
public sealed class QualityAlertTests : IAsyncLifetime
{
    private const string Supplier = "质量测试供应商";
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private readonly FakeTimeProvider _clock = TestClock.At(new DateTimeOffset(2026, 11, 20, 10, 0, 0, Shanghai));
    private HelpDeskFactory _a = null!;
    private HelpDeskFactory _b = null!;

    public async Task InitializeAsync()
    {
        var database = await TestCluster.CreateDatabaseAsync();
        _a = new HelpDeskFactory(database, services: s => s.AddSingleton<TimeProvider>(_clock));
        _b = new HelpDeskFactory(database, services: s => s.AddSingleton<TimeProvider>(_clock));
    }

    public Task DisposeAsync()
    {
        _a.Dispose();
        _b.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_supplier_above_the_threshold_raises_one_alert_in_the_product_departments_queue_however_often_and_wherever_checked()
    {
        var (earbuds, mugs) = await _a.WithDbAsync(async db =>
        {
            var p = new Product("QA-EARBUDS", "测试蓝牙耳机", "测试数码", Supplier);
            var q = new Product("QA-MUG", "测试保温杯", "测试家居", "另一个供应商");
            db.Products.AddRange(p, q);
            await db.SaveChangesAsync();
            return (p.Id, q.Id);
        });
        var earbudOrders = new List<(string Number, string Email)>();
        for (var i = 0; i < 4; i++)
        {
            earbudOrders.Add(await OrderAsync($"qa.{i}@example.cn", $"QA-{i:000}", earbuds, "测试蓝牙耳机", 15, new DateTimeOffset(2026, 11, 3 + i, 12, 0, 0, Shanghai)));
        }

        var mugOrder = await OrderAsync("qa.mug@example.cn", "QA-MUG-1", mugs, "测试保温杯", 30, new DateTimeOffset(2026, 11, 8, 12, 0, 0, Shanghai));
        await OrderAsync("qa.cancel@example.cn", "QA-CANCEL", earbuds, "测试蓝牙耳机", 100, new DateTimeOffset(2026, 11, 9, 12, 0, 0, Shanghai), cancelled: true);
        foreach (var order in earbudOrders.Append(mugOrder).Append(mugOrder))
        {
            await ComplainAsync(order);
        }

        await FoldAllAsync();

        // The report: 4 / 60 for the product and the supplier, the mugs "not enough orders" (30 < 50), cancelled orders not sold.
        var period = new ReportPeriod(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 20));
        var report = await _a.SendAsync(new ComplaintsModel.Query(period));
        var product = Assert.Single(report.Table.Products, p => p.ProductId == earbuds);
        Assert.Equal((4L, 60L, 0.0667m, ComplaintRateVerdict.AboveThreshold), (product.Complaints, product.Units, product.Rate!.Value, product.Verdict));
        var supplier = Assert.Single(report.Table.Suppliers, s => s.Supplier == Supplier);
        Assert.Equal((4L, 60L, ComplaintRateVerdict.AboveThreshold), (supplier.Complaints, supplier.Units, supplier.Verdict));
        var mug = Assert.Single(report.Table.Products, p => p.ProductId == mugs);
        Assert.Equal((2L, 30L, (decimal?)null, ComplaintRateVerdict.NotEnoughOrders), (mug.Complaints, mug.Units, mug.Rate, mug.Verdict));
        Assert.Equal(ComplaintRateVerdict.AboveThreshold, Assert.Single(report.Table.Categories, c => c.Label == "测试数码").Verdict);

        // Two instances at once, then again: one alert per product and supplier for November.
        var raised = await Task.WhenAll(_a.SendAsync(new QualityCheck.Command()), _b.SendAsync(new QualityCheck.Command()));
        Assert.Equal(2, raised.Sum());
        Assert.Equal(0, await _a.SendAsync(new QualityCheck.Command()) + await _b.SendAsync(new QualityCheck.Command()));
        _clock.Advance(TimeSpan.FromDays(1)); // the next day's check: still November, nothing new
        Assert.Equal(0, await _b.SendAsync(new QualityCheck.Command()));

        var alerts = await _a.WithDbAsync(db => db.QualityAlerts.AsNoTracking().ToListAsync());
        Assert.Equal(2, alerts.Count);
        var bySupplier = Assert.Single(alerts, a => a.Scope == QualityAlertScope.Supplier);
        Assert.Equal((Supplier, 4L, 60L, 0.0667m, 0.05m, new DateOnly(2026, 11, 1)), (bySupplier.Subject, bySupplier.Complaints, bySupplier.Units, bySupplier.Rate, bySupplier.Threshold, bySupplier.PeriodStart));
        Assert.Contains(alerts, a => a.Scope == QualityAlertScope.Product && a.Subject == earbuds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(alerts, a => a.Subject == mugs.ToString(System.Globalization.CultureInfo.InvariantCulture) || a.Subject == "另一个供应商");

        // In the product department's queue (its liaison sees it), not in another department's.
        var product_ = await _a.WithDbAsync(db => db.Teams.Where(t => t.Department == Domain.Teams.Department.Product).Select(t => t.Id).SingleAsync());
        Assert.All(alerts, a => Assert.Equal(product_, a.DepartmentTeamId));
        var queue = await _a.SendAsync(new QualityAlerts.Query(await ViewerAsync("product@demo.local")));
        Assert.Single(queue, r => r.Scope == QualityAlertScope.Supplier && r.Label == Supplier && r.Complaints == 4 && r.Units == 60);
        Assert.Empty(await _a.SendAsync(new QualityAlerts.Query(await ViewerAsync("logistics@demo.local"))));
    }

    private async Task<(string Number, string Email)> OrderAsync(string email, string number, long productId, string name, int quantity, DateTimeOffset placedAt, bool cancelled = false) =>
        await _a.WithDbAsync(async db =>
        {
            var customer = new Customer("质量顾客", CustomerTier.Regular, placedAt.ToUniversalTime());
            customer.AddContact(ContactKind.Email, email);
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            var order = new Order(number, customer.Id, placedAt.ToUniversalTime());
            order.AddLine(productId, "SKU", name, quantity, 99m);
            if (cancelled)
            {
                order.Cancel();
            }

            db.Orders.Add(order);
            await db.SaveChangesAsync();
            return (number, email);
        });

    private async Task ComplainAsync((string Number, string Email) order)
    {
        await _a.SendAsync(new Form.Submit(new Form.Form
        {
            Name = "质量顾客",
            Email = order.Email,
            OrderNumber = order.Number,
            Category = TicketCategory.ComplaintSuggestion,
            Type = ComplaintType.Quality,
            Description = "耳机用了两天就坏了。",
            Remedy = Remedy.Exchange,
        }, [], _clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromMinutes(3));
    }

    private async Task FoldAllAsync()
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            while (await _a.SendAsync(new RollUp.Command()) > 0)
            {
            }

            if (await _a.WithDbAsync(db => db.Database.SqlQuery<bool>($"SELECT (SELECT count(*) FROM report_facts) = (SELECT coalesce(sum(facts), 0) FROM report_daily) AS \"Value\"").SingleAsync()))
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail("the rollup did not catch up in 60 s");
    }

    private Task<Viewer> ViewerAsync(string email) => _a.WithDbAsync(async db =>
    {
        var user = await db.Users.Where(u => u.Email == email).Select(u => new { u.Id, u.DisplayName }).SingleAsync();
        return new Viewer(user.Id, false, user.DisplayName);
    });
}
