using System.Net;
using AngleSharp.Html.Parser;
using FluentValidation;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Complaints;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Agent.Tickets;
using HelpDesk.Web.Tests.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Form = HelpDesk.Web.Features.Customers.Complaints.NewModel;
using Portal = HelpDesk.Web.Features.Customers.Portal.TicketModel;

namespace HelpDesk.Web.Tests;

/// <summary>The customer's side on PostgreSQL and over HTTP, on Monday 23 November 2026 at 10:00 in Shanghai.</summary>
public sealed class CustomerPortalTests : IAsyncLifetime
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D];
    private readonly FakeTimeProvider _clock = TestClock.At(new DateTimeOffset(2026, 11, 23, 10, 0, 0, Shanghai));
    private HelpDeskFactory _app = null!;

    public async Task InitializeAsync() =>
        _app = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync(), services: s => s.AddSingleton<TimeProvider>(_clock));

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_complaint_creates_customer_ticket_complaint_file_and_an_honest_acknowledgement_in_one_go()
    {
        var result = await SendAsync(new Form.Submit(NewForm(email: "new.customer@example.cn"), [new("破损.jpg", Png)], _clock.GetUtcNow()));

        Assert.StartsWith("HD-", result.Number, StringComparison.Ordinal);
        Assert.Equal("客服将在 今天 12:00 前回复您。", result.AnswerTime); // 标准: first response in 120 business minutes
        Assert.True(result.Mailed);
        var ticket = await TicketAsync(result.Number);
        Assert.Equal((Channel.WebForm, (int?)null), (ticket.Channel, ticket.TeamId));
        var complaint = await WithDbAsync(db => db.Complaints.SingleAsync(c => c.TicketId == ticket.Id));
        Assert.Equal((ComplaintType.Quality, Remedy.Exchange), (complaint.Type, complaint.DesiredRemedy));
        Assert.Equal(1, await WithDbAsync(db => db.Attachments.CountAsync(a => a.TicketId == ticket.Id)));
        var mail = await WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.ToAddress == "new.customer@example.cn"));
        Assert.Contains(result.Number, mail.Subject, StringComparison.Ordinal);
        Assert.Contains(result.Link, mail.Body, StringComparison.Ordinal);
        Assert.Contains("今天 12:00", mail.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Link.Split('/')[^1], await WithDbAsync(db => db.TicketLinks.Select(l => l.TokenHash).SingleAsync(l => true)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_hours_the_acknowledgement_says_when_work_starts()
    {
        _clock.Set(new DateTimeOffset(2026, 11, 20, 20, 0, 0, Shanghai)); // Friday evening

        var result = await SendAsync(new Form.Submit(NewForm(email: "late@example.cn"), [], _clock.GetUtcNow()));

        Assert.Equal("现在是非工作时间，客服将于 11月23日（周一） 09:00 开始处理，并在 11月23日（周一） 11:00 前回复您。", result.AnswerTime);
    }

    [Fact]
    public async Task A_known_customer_is_found_by_mobile_and_their_order_lines_can_be_picked()
    {
        var (phone, order, lineId, customers) = await WithDbAsync(async db =>
        {
            var o = await db.Orders.Include(x => x.Lines).Where(x => x.Lines.Count > 1).OrderBy(x => x.Id).FirstAsync();
            var p = await db.CustomerContacts.Where(c => c.CustomerId == o.CustomerId && c.Kind == Domain.Customers.ContactKind.Phone).Select(c => c.Value).FirstAsync();
            return (p, o.Number, o.Lines[1].Id, await db.Customers.CountAsync());
        });
        var phoneAsTyped = "+86 " + phone[..3] + " " + phone[3..7] + " " + phone[7..];

        var lines = await SendAsync(new Form.FindOrder(order, null, phoneAsTyped));
        var result = await SendAsync(new Form.Submit(NewForm(phone: phoneAsTyped, order: order, lines: [lineId, 999_999]), [], _clock.GetUtcNow()));

        Assert.NotNull(lines);
        Assert.Equal(customers, await WithDbAsync(db => db.Customers.CountAsync()));
        var ticket = await TicketAsync(result.Number);
        Assert.NotNull(ticket.OrderId);
        Assert.Equal([lineId], await WithDbAsync(db => db.Complaints.Where(c => c.TicketId == ticket.Id).Select(c => c.AffectedOrderLineIds).SingleAsync()));
        Assert.True(result.Mailed); // found by mobile: the acknowledgement goes to the e-mail already on file
    }

    [Fact]
    public async Task An_order_of_someone_else_a_missing_contact_or_a_disguised_file_is_refused_and_nothing_is_stored()
    {
        var otherOrder = await WithDbAsync(db => db.Orders.Select(o => o.Number).FirstAsync());
        var before = await CountsAsync();

        var mismatch = await Assert.ThrowsAsync<ValidationException>(() => SendAsync(new Form.Submit(NewForm(email: "nobody@example.cn", order: otherOrder), [], _clock.GetUtcNow())));
        var noContact = await Assert.ThrowsAsync<ValidationException>(() => SendAsync(new Form.Submit(NewForm(), [], _clock.GetUtcNow())));
        var badPhone = await Assert.ThrowsAsync<ValidationException>(() => SendAsync(new Form.Submit(NewForm(phone: "12345"), [], _clock.GetUtcNow())));
        var disguised = await Assert.ThrowsAsync<DomainException>(() => SendAsync(new Form.Submit(NewForm(email: "x@example.cn"), [new("照片.jpg", "<script>"u8.ToArray())], _clock.GetUtcNow())));

        Assert.Equal("OrderNumber", Assert.Single(mismatch.Errors).PropertyName);
        Assert.Contains(noContact.Errors, e => e.PropertyName == "Email");
        Assert.Contains(badPhone.Errors, e => e.PropertyName.EndsWith("Phone", StringComparison.Ordinal));
        Assert.Equal(("attachment.type", "照片.jpg"), (disguised.Key, (string)disguised.Arguments[0]));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task The_link_shows_the_public_conversation_only_and_expires()
    {
        var result = await SendAsync(new Form.Submit(NewForm(email: "links@example.cn"), [], _clock.GetUtcNow()));
        var supervisor = await ViewerAsync(DemoSeeder.SupervisorEmail);
        await SendAsync(new Reply.Command(supervisor, result.Number, "内部：请仓库核实", Internal: true));
        await SendAsync(new Reply.Command(supervisor, result.Number, "您好，已为您安排换货。", Internal: false));
        var token = result.Link.Split('/')[^1];

        var view = await SendAsync(new Portal.Query(token, _clock.GetUtcNow()));

        Assert.NotNull(view);
        Assert.Equal(["我收到的电饭煲不通电，很生气！", "您好，已为您安排换货。"], view.Messages.Select(m => m.Body));
        Assert.Null(await SendAsync(new Portal.Query(token, _clock.GetUtcNow().AddDays(31))));
        Assert.Null(await SendAsync(new Portal.Query("not-a-token", _clock.GetUtcNow())));
        await SendAsync(new Portal.Revoke(token, _clock.GetUtcNow()));
        Assert.Null(await SendAsync(new Portal.Query(token, _clock.GetUtcNow())));
        Assert.Equal("link.invalid", (await Assert.ThrowsAsync<DomainException>(() => SendAsync(new Portal.CustomerReply(token, "还在吗", [], _clock.GetUtcNow())))).Key);
        Assert.Null(await SendAsync(new Portal.Query(new string('A', 43), _clock.GetUtcNow())));
    }

    [Fact]
    public async Task Revoking_can_end_every_link_of_the_ticket_at_once()
    {
        var result = await SendAsync(new Form.Submit(NewForm(email: "revoke-all@example.cn"), [], _clock.GetUtcNow()));
        var first = result.Link.Split('/')[^1];
        var second = await WithDbAsync(async db =>
        {
            var ticket = await db.Tickets.SingleAsync(t => t.Number == Id(result.Number));
            var (link, token) = TicketLink.Issue(ticket.Id, _clock.GetUtcNow(), TimeSpan.FromDays(30));
            db.TicketLinks.Add(link);
            await db.SaveChangesAsync();
            return token;
        });
        var third = await WithDbAsync(async db =>
        {
            var ticket = await db.Tickets.SingleAsync(t => t.Number == Id(result.Number));
            var (link, token) = TicketLink.Issue(ticket.Id, _clock.GetUtcNow(), TimeSpan.FromDays(30));
            db.TicketLinks.Add(link);
            await db.SaveChangesAsync();
            return token;
        });

        await SendAsync(new Portal.Revoke(first, _clock.GetUtcNow()));
        Assert.NotNull(await SendAsync(new Portal.Query(second, _clock.GetUtcNow())));
        await SendAsync(new Portal.Revoke(second, _clock.GetUtcNow(), AllLinks: true));

        Assert.Null(await SendAsync(new Portal.Query(second, _clock.GetUtcNow())));
        Assert.Null(await SendAsync(new Portal.Query(third, _clock.GetUtcNow())));
    }

    [Fact]
    public async Task The_customer_replies_chooses_once_and_rates_once_per_resolution()
    {
        var result = await SendAsync(new Form.Submit(NewForm(email: "journey@example.cn"), [], _clock.GetUtcNow()));
        var token = result.Link.Split('/')[^1];
        var supervisor = await ViewerAsync(DemoSeeder.SupervisorEmail);
        var offerId = await SendAsync(new OfferSolutions.Command(supervisor, result.Number, [new(Remedy.Exchange, "换一台新的", null), new(Remedy.Refund, "退款 399 元", 399m)]));

        await SendAsync(new Portal.Choose(token, offerId, 1, _clock.GetUtcNow()));
        Assert.Equal("solution.already_chosen", (await Assert.ThrowsAsync<DomainException>(() => SendAsync(new Portal.Choose(token, offerId, 0, _clock.GetUtcNow())))).Key);
        var ticket = await TicketAsync(result.Number);
        Assert.True(await WithDbAsync(db => db.Notifications.AnyAsync(n => n.Key == "notify.solution_chosen" && n.UserId == supervisor.Id && n.TicketId == ticket.Id)));
        Assert.Equal(ComplaintStage.Fulfilling, await WithDbAsync(db => db.Complaints.Where(c => c.TicketId == ticket.Id).Select(c => c.Stage).SingleAsync()));

        Assert.Equal("rating.not_resolved", (await Assert.ThrowsAsync<DomainException>(() => SendAsync(new Portal.Rate(token, true, 5, null, _clock.GetUtcNow())))).Key);
        await ResolveAsync(supervisor, result.Number);
        Assert.True(await WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Subject.Contains("是否已解决"))));
        await SendAsync(new Portal.Rate(token, false, 2, "还是不通电", _clock.GetUtcNow()));
        Assert.Equal(TicketStatus.Open, (await TicketAsync(result.Number)).Status);

        _clock.Advance(TimeSpan.FromHours(1));
        await ResolveAsync(supervisor, result.Number);
        await SendAsync(new Portal.Rate(token, true, 5, "谢谢", _clock.GetUtcNow()));
        Assert.Equal("rating.not_resolved", (await Assert.ThrowsAsync<DomainException>(() => SendAsync(new Portal.Rate(token, true, 5, null, _clock.GetUtcNow())))).Key);
        Assert.Equal(TicketStatus.Closed, (await TicketAsync(result.Number)).Status);
        Assert.Equal([2, 5], await WithDbAsync(db => db.SatisfactionRatings.Where(r => r.TicketId == ticket.Id).OrderBy(r => r.CreatedAt).Select(r => r.Score).ToListAsync()));
        Assert.Equal(ComplaintStage.Confirmed, await WithDbAsync(db => db.Complaints.Where(c => c.TicketId == ticket.Id).Select(c => c.Stage).SingleAsync()));

        await SendAsync(new Portal.CustomerReply(token, "后来又出问题了", [], _clock.GetUtcNow()));
        Assert.Equal(TicketStatus.Open, (await TicketAsync(result.Number)).Status);
    }

    [Fact]
    public async Task Find_my_ticket_answers_the_same_and_mails_only_when_the_details_match()
    {
        var result = await SendAsync(new Form.Submit(NewForm(email: "finder@example.cn"), [], _clock.GetUtcNow()));
        var client = _app.CreateClient(new() { AllowAutoRedirect = true });
        var mails = await WithDbAsync(db => db.OutboxMessages.CountAsync());

        var wrong = await AppFixture.PostFormAsync(client, "/t", new() { ["Input.Number"] = result.Number, ["Input.Contact"] = "someone.else@example.cn" });
        var right = await AppFixture.PostFormAsync(client, "/t", new() { ["Input.Number"] = result.Number, ["Input.Contact"] = "Finder@Example.cn" });

        string Message(string html) => new HtmlParser().ParseDocument(html).QuerySelector("#find-sent")!.TextContent;
        Assert.Equal(Message(await wrong.Content.ReadAsStringAsync()), Message(await right.Content.ReadAsStringAsync()));
        Assert.Equal(mails + 1, await WithDbAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task The_public_pages_refuse_missing_antiforgery_drop_honeypot_posts_and_show_a_friendly_invalid_link_page()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/complaints/new")).StatusCode);

        var noToken = await client.PostAsync("/complaints/new", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Name"] = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);

        var tickets = await WithDbAsync(db => db.Tickets.CountAsync());
        var bot = await AppFixture.PostFormAsync(client, "/complaints/new", new() { ["Input.Name"] = "bot", ["Input.Email"] = "bot@example.cn", ["Input.Description"] = "spam", ["Website"] = "http://spam" });
        Assert.Equal(HttpStatusCode.Redirect, bot.StatusCode);
        Assert.Equal(tickets, await WithDbAsync(db => db.Tickets.CountAsync()));

        var invalid = await client.GetAsync("/t/" + new string('x', 43));
        Assert.Equal(HttpStatusCode.NotFound, invalid.StatusCode);
        Assert.Contains("链接无效或已过期", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_submission_keeps_what_was_typed_with_per_field_messages()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await AppFixture.PostFormAsync(client, "/complaints/new", new()
        {
            ["Input.Name"] = "张<b>三</b>",
            ["Input.Phone"] = "12345",
            ["Input.Description"] = "快递员把包裹扔在门口<script>alert(1)</script>",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var page = new HtmlParser().ParseDocument(html);
        Assert.Equal("请输入 11 位中国大陆手机号。", page.QuerySelector("[data-valmsg-for='Input.Phone']")!.TextContent.Trim());
        Assert.Equal("张<b>三</b>", page.QuerySelector("#Input_Name")!.GetAttribute("value"));
        Assert.Contains("快递员把包裹扔在门口<script>alert(1)</script>", page.QuerySelector("#Input_Description")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_submission_keeps_its_files_and_the_next_try_attaches_them_once()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = "周小姐", ["Input.Phone"] = "12345", ["Input.Category"] = "Logistics", ["Input.Type"] = "Quality",
            ["Input.Description"] = "收到的杯子碎了", ["Input.Remedy"] = "AnswerOnly",
        };

        var failed = new HtmlParser().ParseDocument(await (await PostComplaintAsync(client, fields, ("碎杯子.png", Png), ("说明.exe", [0x4D, 0x5A, 0, 0]))).Content.ReadAsStringAsync());

        var held = Assert.Single(failed.QuerySelectorAll("input[name=Held]"));
        Assert.True(held.HasAttribute("checked"));
        Assert.Contains("碎杯子.png", failed.QuerySelector(".held-files")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("说明.exe", failed.QuerySelector(".held-files")!.TextContent, StringComparison.Ordinal);

        fields["Input.Phone"] = "13800138000";
        fields["Held"] = held.GetAttribute("value")!;
        var sent = await PostComplaintAsync(client, fields);

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var id = Guid.Parse(fields["Held"]);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Set<HelpDesk.Web.Features.Shared.HeldFile>().CountAsync(h => h.Id == id)));
        Assert.Equal(1, await _app.WithDbAsync(db => db.Attachments.CountAsync(a => a.FileName == "碎杯子.png")));

        // The same id again (a second tab, a replay): the file went with the first ticket and is not attached twice.
        fields["Input.Description"] = "又一次";
        Assert.Equal(HttpStatusCode.Redirect, (await PostComplaintAsync(client, fields)).StatusCode);
        Assert.Equal(1, await _app.WithDbAsync(db => db.Attachments.CountAsync(a => a.FileName == "碎杯子.png")));
    }

    private static async Task<HttpResponseMessage> PostComplaintAsync(HttpClient client, Dictionary<string, string> fields, params (string Name, byte[] Content)[] files)
    {
        var token = new HtmlParser().ParseDocument(await client.GetStringAsync("/complaints/new")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        foreach (var (name, content) in files)
        {
            form.Add(new ByteArrayContent(content), "Files", name);
        }

        return await client.PostAsync("/complaints/new", form);
    }

    private static Form.Form NewForm(string? email = null, string? phone = null, string? order = null, List<long>? lines = null) => new()
    {
        Name = "周小姐",
        Email = email,
        Phone = phone,
        Category = TicketCategory.AfterSales,
        OrderNumber = order,
        Lines = lines ?? [],
        Type = ComplaintType.Quality,
        Description = "我收到的电饭煲不通电，很生气！",
        Remedy = Remedy.Exchange,
    };

    private async Task ResolveAsync(Viewer supervisor, string number)
    {
        var ticket = await TicketAsync(number);
        var was = TicketFields.Of(ticket);
        await SendAsync(new Update.Command(supervisor, number, was, was with { Status = TicketStatus.Resolved }));
    }

    private Task<(int, int, int)> CountsAsync() => WithDbAsync(async db => (await db.Customers.CountAsync(), await db.Tickets.CountAsync(), await db.Attachments.CountAsync()));

    private Task<Ticket> TicketAsync(string number)
    {
        var n = Id(number);
        return WithDbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Number == n));
    }

    private static long Id(string number) => Ticket.TryParseNumber(number, out var n) ? n : 0;

    private Task<Viewer> ViewerAsync(string email) => WithDbAsync(async db =>
    {
        var user = await db.Users.Where(u => u.Email == email).Select(u => new { u.Id, u.DisplayName }).SingleAsync();
        return new Viewer(user.Id, true, user.DisplayName);
    });

    private Task<T> SendAsync<T>(IRequest<T> request) => _app.SendAsync(request);

    private Task<T> WithDbAsync<T>(Func<HelpDeskDbContext, Task<T>> action) => _app.WithDbAsync(action);
}
