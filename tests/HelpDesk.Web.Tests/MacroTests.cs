using System.Net;
using AngleSharp.Html.Parser;
using HelpDesk.Domain.Knowledge;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Agent.Tickets;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Tests;

/// <summary>The everyday loop in few actions: send and set status, canned answers and macros, then the next ticket.</summary>
public sealed class MacroTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Send_and_set_status_changes_the_status_in_the_same_save()
    {
        var agent = await app.ViewerAsync(DemoSeeder.AgentEmail);
        var number = await UnassignedOfAsync(agent.Id, 0);

        await app.SendAsync(new Reply.Command(agent, number, "您好，请提供订单截图。", Internal: false, Then: TicketStatus.PendingCustomer));

        var ticket = await TicketAsync(number);
        Assert.Equal(TicketStatus.PendingCustomer, ticket.Status);
        Assert.Equal(agent.Id, ticket.AssigneeId);
    }

    [Fact]
    public async Task A_macro_adds_its_tags_takes_the_ticket_sets_its_status_and_counts_as_used_unless_the_agent_picked_a_status()
    {
        var agent = await app.ViewerAsync(DemoSeeder.AgentEmail);
        var (first, second) = (await UnassignedOfAsync(agent.Id, 1), await UnassignedOfAsync(agent.Id, 2));
        var macro = await app.WithDbAsync(async db =>
        {
            var answer = new CannedAnswer("催促物流", "您好 {客户姓名}，已为您催促物流。", TicketCategory.Logistics);
            answer.SetActions(TicketStatus.OnHold, ["催件", "物流"], takesTicket: true);
            db.CannedAnswers.Add(answer);
            await db.SaveChangesAsync();
            return answer.Id;
        });

        await app.SendAsync(new Reply.Command(agent, first, "您好，已为您催促物流。", Internal: false, CannedAnswerId: macro));
        await app.SendAsync(new Reply.Command(agent, second, "您好，已为您催促物流。", Internal: false, Then: TicketStatus.Resolved, CannedAnswerId: macro));

        var (a, b) = (await TicketAsync(first), await TicketAsync(second));
        Assert.Equal(TicketStatus.OnHold, a.Status);
        Assert.Equal(TicketStatus.Resolved, b.Status);
        Assert.Equal(agent.Id, a.AssigneeId);
        Assert.Contains("催件", a.Tags);
        Assert.Contains("物流", b.Tags);
        Assert.Equal(2, await app.WithDbAsync(db => db.CannedAnswers.Where(c => c.Id == macro).Select(c => c.TimesUsed).SingleAsync()));
    }

    [Fact]
    public async Task An_admin_writes_a_macro_on_the_answers_page_and_an_empty_title_is_refused_on_its_field()
    {
        var admin = await app.SignedInClientAsync(DemoSeeder.AdminEmail);
        var before = await app.WithDbAsync(db => db.CannedAnswers.CountAsync());

        var refused = await AppFixture.PostFormAsync(admin, "/admin/canned/edit", new() { ["Input.Title"] = " ", ["Input.Body"] = "内容", ["Input.IsActive"] = "true" });
        var saved = await AppFixture.PostFormAsync(admin, "/admin/canned/edit", new()
        {
            ["Input.Title"] = "已补发",
            ["Input.Body"] = "{客户姓名}您好，商品已补发，运单号 {运单号}。",
            ["Input.Category"] = "Logistics",
            ["Input.SetsStatus"] = "PendingCustomer",
            ["Input.AddsTags"] = "补发，回访",
            ["Input.TakesTicket"] = "true",
            ["Input.IsActive"] = "true",
        });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = new HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync());
        Assert.Equal("话术标题不能为空。", page.QuerySelector("[data-valmsg-for='Input.Title']")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(before + 1, await app.WithDbAsync(db => db.CannedAnswers.CountAsync()));
        var list = await admin.GetStringAsync("/admin/canned");
        Assert.Contains("已补发", list, StringComparison.Ordinal);
        Assert.Contains("设为「等待顾客回复」", list, StringComparison.Ordinal);
        Assert.Contains("#回访", list, StringComparison.Ordinal);
        var agent = await app.SignedInClientAsync(DemoSeeder.AgentEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/admin/canned")).StatusCode);
    }

    [Fact]
    public async Task After_sending_with_then_next_the_agent_lands_on_the_most_urgent_other_ticket_of_the_view()
    {
        var agent = await app.ViewerAsync(DemoSeeder.AgentEmail);
        var client = await app.SignedInClientAsync(DemoSeeder.AgentEmail);
        var number = await UnassignedOfAsync(agent.Id, 3);
        var url = $"/agent/tickets/{number.ToLowerInvariant()}?view=unassigned";
        var form = new HtmlParser().ParseDocument(await client.GetStringAsync(url)).QuerySelector("#reply-form")!;
        Assert.NotNull(form.QuerySelector("#reply-next[checked]"));

        var sent = await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Reply.Body"] = "您好，已收到，马上处理。",
            ["Reply.Then"] = "PendingCustomer",
            ["Reply.Next"] = "true",
        }));

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var expected = await app.SendAsync(new NextTicket.Query(agent, IndexModel.QueueView.Unassigned, number));
        Assert.NotNull(expected);
        Assert.NotEqual(number, expected);
        Assert.Equal($"/agent/tickets/{expected!.ToLowerInvariant()}?view=unassigned", sent.Headers.Location!.OriginalString);
        Assert.Equal(TicketStatus.PendingCustomer, (await TicketAsync(number)).Status);
        var next = await client.GetStringAsync(sent.Headers.Location.OriginalString);
        Assert.Contains($"已回复 {number}", next, StringComparison.Ordinal);
    }

    private Task<string> UnassignedOfAsync(Guid agentId, int index) => app.WithDbAsync(async db =>
    {
        var teams = await db.TeamMembers.Where(m => m.UserId == agentId).Select(m => m.TeamId).ToListAsync();
        return Ticket.FormatNumber(await db.Tickets
            .Where(t => t.AssigneeId == null && t.TeamId != null && teams.Contains(t.TeamId.Value) && (t.Status == TicketStatus.New || t.Status == TicketStatus.Open))
            .OrderBy(t => t.Id).Skip(index).Select(t => t.Number).FirstAsync());
    });

    private Task<Ticket> TicketAsync(string number)
    {
        var n = Ticket.TryParseNumber(number, out var parsed) ? parsed : 0;
        return app.WithDbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Number == n));
    }
}
