using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Parser;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Tests;

/// <summary>The ticket page over HTTP: team authorization, replies with files, refusals that keep what was typed.</summary>
public sealed class TicketPageTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52];

    [Fact]
    public async Task An_agent_gets_a_404_for_a_ticket_of_another_team_and_a_200_for_their_own()
    {
        var agent = await app.ViewerAsync("agent2@demo.local");
        var (own, foreign) = await app.WithDbAsync(async db =>
        {
            var teams = await db.TeamMembers.Where(m => m.UserId == agent.Id).Select(m => m.TeamId).ToListAsync();
            var mine = await db.Tickets.Where(t => t.TeamId != null && teams.Contains(t.TeamId.Value)).Select(t => t.Number).FirstAsync();
            var theirs = await db.Tickets.Where(t => t.TeamId != null && !teams.Contains(t.TeamId.Value) && t.AssigneeId != agent.Id).Select(t => t.Number).FirstAsync();
            return (Ticket.FormatNumber(mine), Ticket.FormatNumber(theirs));
        });
        var client = await app.SignedInClientAsync("agent2@demo.local");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/agent/tickets/{own.ToLowerInvariant()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/agent/tickets/{foreign.ToLowerInvariant()}")).StatusCode);
    }

    [Fact]
    public async Task The_customers_other_tickets_show_only_those_the_agent_may_open_and_count_the_rest()
    {
        var agent = await app.ViewerAsync("agent2@demo.local");
        var (own, foreign) = await app.WithDbAsync(async db =>
        {
            var teams = await db.TeamMembers.Where(m => m.UserId == agent.Id).Select(m => m.TeamId).ToListAsync();
            var mine = await db.Tickets.Where(t => t.TeamId != null && teams.Contains(t.TeamId.Value)).OrderBy(t => t.Id).FirstAsync();
            var other = await db.Teams.Where(t => t.Kind == Domain.Teams.TeamKind.Service && !teams.Contains(t.Id)).Select(t => t.Id).FirstAsync();
            var theirs = Ticket.Open("另一个团队的工单：机密标题", TicketCategory.Logistics, TicketPriority.Normal, Channel.Email, mine.CustomerId, "顾客", "内容", DateTimeOffset.UtcNow);
            theirs.AssignTo(other, null, TestActors.Staff, DateTimeOffset.UtcNow);
            db.Tickets.Add(theirs);
            await db.SaveChangesAsync();
            return (mine.DisplayNumber, theirs.DisplayNumber);
        });
        var client = await app.SignedInClientAsync("agent2@demo.local");

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/agent/tickets/{own.ToLowerInvariant()}"));

        Assert.DoesNotContain(foreign, page.QuerySelector("#other-tickets")?.TextContent ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("机密标题", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Matches("另有 \\d+ 个其他团队处理的工单", page.QuerySelector("#hidden-tickets")!.TextContent);
    }

    [Fact]
    public async Task Replying_on_a_ticket_of_another_team_is_a_404_and_writes_nothing()
    {
        var own = await OpenTicketOfAsync("agent@demo.local");
        var foreign = await app.WithDbAsync(async db =>
        {
            var id = await db.Users.Where(u => u.Email == "agent@demo.local").Select(u => u.Id).SingleAsync();
            var teams = db.TeamMembers.Where(m => m.UserId == id).Select(m => m.TeamId);
            return Ticket.FormatNumber(await db.Tickets.Where(t => t.TeamId != null && !teams.Contains(t.TeamId.Value) && t.AssigneeId != id).Select(t => t.Number).FirstAsync());
        });
        var client = await app.SignedInClientAsync(DemoSeeder.AgentEmail);
        var before = await MessagesAsync(foreign);

        var response = await PostReplyAsync(client, foreign, "越权回复", formPage: own);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("页面不存在", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await MessagesAsync(foreign));
    }

    [Fact]
    public async Task A_reply_with_a_photo_is_posted_and_the_photo_downloads_only_for_those_who_may_see_the_ticket()
    {
        var number = await OpenTicketOfAsync("agent@demo.local");
        var client = await app.SignedInClientAsync(DemoSeeder.AgentEmail);

        var response = await PostReplyAsync(client, number, "请看附件中的照片。", ("破损照片.jpg", Png));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/agent/tickets/{number.ToLowerInvariant()}"));
        Assert.Equal("回复已发送。", page.QuerySelector("#flash")!.TextContent.Trim());
        var links = page.QuerySelectorAll(".attachments a");
        var link = links[^1].GetAttribute("href")!;

        var file = await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("image/png", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(Png, await file.Content.ReadAsByteArrayAsync());

        var outsider = await OutsiderOfAsync(number);
        var other = await app.SignedInClientAsync(outsider);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(link)).StatusCode);
    }

    [Fact]
    public async Task A_disguised_file_is_refused_by_name_nothing_is_saved_and_the_text_is_kept()
    {
        var number = await OpenTicketOfAsync("agent@demo.local");
        var client = await app.SignedInClientAsync(DemoSeeder.AgentEmail);
        var before = await MessagesAsync(number);

        var response = await PostReplyAsync(client, number, "这段文字不能丢", ("发票.pdf", "<html><script>alert(1)</script></html>"u8.ToArray()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Contains("发票.pdf", page.QuerySelector("#errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("这段文字不能丢", page.QuerySelector("#Reply_Body")!.TextContent.Trim());
        Assert.Equal(before, await MessagesAsync(number));
    }

    [Fact]
    public async Task An_empty_reply_shows_a_message_on_the_field()
    {
        var number = await OpenTicketOfAsync("agent@demo.local");
        var client = await app.SignedInClientAsync(DemoSeeder.AgentEmail);

        var response = await PostReplyAsync(client, number, " ");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("请输入回复内容。", page.QuerySelector("[data-valmsg-for='Reply.Body']")!.TextContent.Trim());
    }

    [Fact]
    public async Task Replying_and_then_setting_the_status_never_reports_a_false_conflict()
    {
        var number = await OpenTicketOfAsync("agent@demo.local");
        var client = await app.SignedInClientAsync(DemoSeeder.AgentEmail);
        var url = $"/agent/tickets/{number.ToLowerInvariant()}";
        var n = Id(number);

        foreach (var status in new[] { "PendingCustomer", "Open", "OnHold", "Open" })
        {
            var loadedBeforeReply = await FormAsync(client, url, "#update-form");
            Assert.Equal(HttpStatusCode.Redirect, (await PostReplyAsync(client, number, "您好，已为您加急处理。")).StatusCode);
            loadedBeforeReply["Input.Status"] = status;
            var saved = await client.PostAsync($"{url}?handler=Update", new FormUrlEncodedContent(loadedBeforeReply));

            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            Assert.Equal(status, (await app.WithDbAsync(db => db.Tickets.Where(t => t.Number == n).Select(t => t.Status).SingleAsync())).ToString());
        }
    }

    [Fact]
    public async Task A_stale_save_says_who_changed_what_and_keeps_the_agents_choices()
    {
        var number = await OpenTicketOfAsync("agent@demo.local");
        var mine = await app.SignedInClientAsync(DemoSeeder.AgentEmail);
        var theirs = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);
        var url = $"/agent/tickets/{number.ToLowerInvariant()}";
        var myForm = await FormAsync(mine, url, "#update-form");
        var theirForm = await FormAsync(theirs, url, "#update-form");

        theirForm["Input.Priority"] = "Urgent";
        Assert.Equal(HttpStatusCode.Redirect, (await theirs.PostAsync($"{url}?handler=Update", new FormUrlEncodedContent(theirForm))).StatusCode);
        myForm["Input.Priority"] = "Low";
        myForm["Input.Tags"] = "我的标签";
        var stale = await mine.PostAsync($"{url}?handler=Update", new FormUrlEncodedContent(myForm));

        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var page = new HtmlParser().ParseDocument(await stale.Content.ReadAsStringAsync());
        var errors = page.QuerySelector("#errors")!.TextContent;
        Assert.Contains("刚被其他人修改", errors, StringComparison.Ordinal);
        Assert.Contains("优先级", errors, StringComparison.Ordinal);
        Assert.Contains("紧急", errors, StringComparison.Ordinal);
        Assert.Equal("我的标签", page.QuerySelector("#Input_Tags")!.GetAttribute("value"));
        var n = Id(number);
        Assert.Equal(TicketPriority.Urgent, await app.WithDbAsync(db => db.Tickets.Where(t => t.Number == n).Select(t => t.Priority).SingleAsync()));
    }

    [Fact]
    public async Task A_complaint_and_an_after_sales_case_each_get_a_follow_up_task_in_one_click()
    {
        var number = await app.WithDbAsync(async db => Ticket.FormatNumber(await db.Tickets
            .Where(t => db.Complaints.Any(c => c.TicketId == t.Id) && db.AfterSalesCases.Any(a => a.TicketId == t.Id))
            .Select(t => t.Number).FirstAsync()));
        var client = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);
        var url = $"/agent/tickets/{number.ToLowerInvariant()}";

        foreach (var button in new[] { "#followup-complaint", "#followup-aftersales" })
        {
            var page = new HtmlParser().ParseDocument(await client.GetStringAsync(url));
            var form = page.QuerySelector(button)!.Closest("form")!;
            var response = await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            }));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        var n = Id(number);
        var sources = await app.WithDbAsync(db => db.FollowUpTasks.Where(t => db.Tickets.Any(k => k.Id == t.TicketId && k.Number == n)).Select(t => t.Source).ToListAsync());
        Assert.Contains(Domain.Tasks.FollowUpSource.Complaint, sources);
        Assert.Contains(Domain.Tasks.FollowUpSource.AfterSales, sources);
    }

    private static long Id(string number) => Ticket.TryParseNumber(number, out var n) ? n : 0;

    private static async Task<Dictionary<string, string>> FormAsync(HttpClient client, string url, string selector)
    {
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync(url));
        var form = page.QuerySelector(selector)!;
        var fields = form.QuerySelectorAll("input[name]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? string.Empty);
        foreach (var select in form.QuerySelectorAll("select[name]"))
        {
            fields[select.GetAttribute("name")!] = select.QuerySelector("option[selected]")?.GetAttribute("value") ?? select.QuerySelector("option")?.GetAttribute("value") ?? string.Empty;
        }

        return fields;
    }

    private static Task<HttpResponseMessage> PostReplyAsync(HttpClient client, string number, string body, params (string Name, byte[] Content)[] files) =>
        PostReplyAsync(client, number, body, number, files);

    private static Task<HttpResponseMessage> PostReplyAsync(HttpClient client, string number, string body, (string Name, byte[] Content)[] files, params string[] held) =>
        PostReplyAsync(client, number, body, number, files, held);

    /// <summary>Posts the reply form of <paramref name="formPage"/>'s ticket page (its antiforgery token) to <paramref name="number"/>.</summary>
    private static async Task<HttpResponseMessage> PostReplyAsync(HttpClient client, string number, string body, string formPage, (string Name, byte[] Content)[]? files = null, params string[] held)
    {
        var url = $"/agent/tickets/{number.ToLowerInvariant()}";
        var page = await client.GetStringAsync($"/agent/tickets/{formPage.ToLowerInvariant()}");
        var token = new HtmlParser().ParseDocument(page).QuerySelector("#reply-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(body), "Reply.Body" },
            { new StringContent("false"), "Reply.Internal" },
        };
        foreach (var (name, content) in files ?? [])
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(part, "Files", name);
        }

        foreach (var id in held)
        {
            form.Add(new StringContent(id), "Held");
        }

        return await client.PostAsync($"{url}?handler=Reply", form);
    }

    [Fact]
    public async Task A_refused_reply_keeps_its_files_for_the_same_agent_only()
    {
        var number = await OpenTicketOfAsync("agent@demo.local");
        var agent = await app.SignedInClientAsync(DemoSeeder.AgentEmail);
        var supervisor = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);

        var refused = await PostReplyAsync(agent, number, string.Empty, ("物流面单.png", Png));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var held = new HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync()).QuerySelector("#reply-form input[name=Held]")!.GetAttribute("value")!;
        var before = await MessagesAsync(number);

        // Someone else cannot use the held file (its id is bound to the agent who held it); the reply goes without it.
        Assert.Equal(HttpStatusCode.Redirect, (await PostReplyAsync(supervisor, number, "我来补充一句。", [], held)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostReplyAsync(agent, number, "面单照片见附件。", [], held)).StatusCode);

        var n = Id(number);
        var files = await app.WithDbAsync(db => db.Attachments.Where(a => a.FileName == "物流面单.png" && db.Tickets.Any(t => t.Id == a.TicketId && t.Number == n))
            .Select(a => a.MessageId).ToListAsync());
        var last = await app.WithDbAsync(db => db.TicketMessages.Where(m => db.Tickets.Any(t => t.Id == m.TicketId && t.Number == n)).OrderByDescending(m => m.Id).Select(m => m.Id).FirstAsync());
        Assert.Equal([last], files.Select(f => (long?)f).ToList());
        Assert.Equal(before + 2, await MessagesAsync(number));
    }

    [Fact]
    public async Task Empty_panels_say_what_is_missing_in_a_sentence()
    {
        var number = await app.WithDbAsync(async db =>
        {
            var customer = new Domain.Customers.Customer("新顾客", Domain.Customers.CustomerTier.Regular, DateTimeOffset.UtcNow);
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            var agent = await db.Users.Where(u => u.Email == DemoSeeder.AgentEmail).Select(u => u.Id).SingleAsync();
            var team = await db.TeamMembers.Where(m => m.UserId == agent).Select(m => m.TeamId).FirstAsync();
            var ticket = Ticket.Open("第一次咨询", TicketCategory.OrderInquiry, TicketPriority.Normal, Channel.Email, customer.Id, customer.Name, "你好", DateTimeOffset.UtcNow);
            ticket.AssignTo(team, agent, TestActors.Staff, DateTimeOffset.UtcNow);
            db.Tickets.Add(ticket);
            await db.SaveChangesAsync();
            return ticket.DisplayNumber;
        });
        var client = await app.SignedInClientAsync(DemoSeeder.AgentEmail);

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/agent/tickets/{number.ToLowerInvariant()}"));

        Assert.Contains("该客户还没有订单记录", page.QuerySelector("#orders-panel")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("这张工单还没有跟进任务", page.QuerySelector("#tasks-panel")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("还没有对客户作出承诺", page.QuerySelector("#commitments-panel")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("暂无", page.Body!.TextContent, StringComparison.Ordinal);
    }

    private Task<string> OpenTicketOfAsync(string email) => app.WithDbAsync(async db =>
    {
        var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return Ticket.FormatNumber(await db.Tickets.Where(t => t.AssigneeId == id && t.Status == TicketStatus.Open).OrderBy(t => t.Id).Select(t => t.Number).FirstAsync());
    });

    private Task<string> OutsiderOfAsync(string number) => app.WithDbAsync(async db =>
    {
        var n = Id(number);
        var teamId = await db.Tickets.Where(t => t.Number == n).Select(t => t.TeamId).SingleAsync();
        return await db.Users.Where(u => u.Email!.StartsWith("agent") && !db.TeamMembers.Any(m => m.UserId == u.Id && m.TeamId == teamId)).Select(u => u.Email!).FirstAsync();
    });

    private Task<int> MessagesAsync(string number)
    {
        var n = Id(number);
        return app.WithDbAsync(db => db.TicketMessages.CountAsync(m => db.Tickets.Any(t => t.Id == m.TicketId && t.Number == n)));
    }
}
