using HelpDesk.Domain.Catalog;
using HelpDesk.Domain.Orders;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelpDesk.Web.Tests.Infrastructure;

/// <summary>Fresh after-sales material, independent of the demo data's random orders.</summary>
public static class AfterSalesData
{
    /// <summary>
    /// A new open ticket of a demo customer, in the team of the agent's first open ticket and assigned to the agent,
    /// linked to a new paid order of that customer delivered two days before <paramref name="now"/>.
    /// </summary>
    public static async Task<(string Number, long[] Lines)> TicketWithOrderAsync(
        IServiceProvider services, Guid agentId, DateTimeOffset now, params (decimal Price, int Quantity, bool Excluded)[] items)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpDeskDbContext>();
        var template = await db.Tickets.Where(t => t.AssigneeId == agentId && t.Status == TicketStatus.Open).OrderBy(t => t.Id).FirstAsync();
        var order = new Order($"T{Guid.NewGuid():N}"[..20], template.CustomerId, now.AddDays(-4));
        foreach (var (price, quantity, excluded) in items)
        {
            var product = new Product($"SKU-{Guid.NewGuid():N}"[..16], excluded ? "定制刻字保温杯" : "降噪无线耳机", "数码", "测试供应商", excluded);
            db.Products.Add(product);
            await db.SaveChangesAsync();
            order.AddLine(product.Id, product.Sku, product.Name, quantity, price);
        }

        order.RecordPayment("微信支付", order.Total, now.AddDays(-4));
        var parcel = order.Ship("顺丰速运", "SF" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999), now.AddDays(-3), now.AddDays(-1));
        parcel.Track(now.AddDays(-2), ShipmentStatus.Delivered, "上海", "快件已签收");
        order.RefreshDeliveryStatus();
        db.Orders.Add(order);
        await db.SaveChangesAsync();

        var ticket = Ticket.Open("耳机有杂音", TicketCategory.AfterSales, TicketPriority.Normal, Channel.Phone, template.CustomerId, "顾客", "左耳有电流声。", now.AddHours(-1));
        db.Tickets.Add(ticket);
        ticket.LinkOrder(order.Id, now);
        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlRawAsync("UPDATE tickets SET team_id = {0}, assignee_id = {1} WHERE id = {2}", template.TeamId!, agentId, ticket.Id);
        return (Ticket.FormatNumber(ticket.Number), order.Lines.Select(l => l.Id).ToArray());
    }
}
