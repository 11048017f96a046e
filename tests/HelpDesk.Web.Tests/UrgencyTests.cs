using System.Net;
using AngleSharp.Html.Parser;
using FluentValidation;
using HelpDesk.Domain.Complaints;
using HelpDesk.Domain.Sentiment;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Channels;
using HelpDesk.Web.Features.Sentiment;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Admin = HelpDesk.Web.Features.Admin.UrgencyModel;
using Form = HelpDesk.Web.Features.Customers.Complaints.NewModel;
using Portal = HelpDesk.Web.Features.Customers.Portal.TicketModel;

namespace HelpDesk.Web.Tests;

/// <summary>The early warning on PostgreSQL: where customer messages arrive, what an urgent one does, the admins' lexicon, the queue's marker.</summary>
public sealed class UrgencyTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string Angry = "这是我第三次联系你们了，再不退款我就去12315投诉！";

    [Fact]
    public async Task A_calm_complaint_is_scored_and_changes_nothing()
    {
        var submitted = await SubmitAsync("calm@example.cn", "电饭煲的内胆有一点划痕，能换一个吗？谢谢。");

        var ticket = await TicketAsync(submitted.Number);
        Assert.Equal((TicketPriority.Normal, (DateTimeOffset?)null), (ticket.Priority, ticket.UrgentAt));
        Assert.InRange(ticket.Urgency!.Value, 0, UrgencyAssessment.Threshold - 1);
        Assert.Equal(ticket.Urgency, await app.WithDbAsync(db => db.TicketMessages.Where(m => m.TicketId == ticket.Id).Select(m => m.Urgency).SingleAsync()));
        Assert.Equal(0, await NoticesAsync(ticket.Id));
    }

    [Fact]
    public async Task An_angry_reply_on_a_routed_ticket_raises_the_priority_once_and_notifies_its_team_supervisor_once()
    {
        var submitted = await SubmitAsync("routed@example.cn", "电饭煲不通电，请帮我看看。");
        var (teamId, supervisorId) = await app.WithDbAsync(async db =>
        {
            var team = await db.Teams.Where(t => t.SupervisorId != null && t.Kind == Domain.Teams.TeamKind.Service).OrderByDescending(t => t.Id).FirstAsync();
            var ticket = await db.Tickets.SingleAsync(t => t.Number == Number(submitted.Number));
            ticket.AssignTo(team.Id, null, Domain.Common.Actor.Staff(team.SupervisorId!.Value, "主管"), DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
            return (team.Id, team.SupervisorId!.Value);
        });
        var otherSupervisors = await app.WithDbAsync(db => db.Teams.Where(t => t.SupervisorId != null && t.SupervisorId != supervisorId).Select(t => t.SupervisorId!.Value).Distinct().ToListAsync());
        Assert.NotEmpty(otherSupervisors); // the demo has two supervisors: only the team's one is told

        await app.SendAsync(new Portal.CustomerReply(Token(submitted), Angry, [], DateTimeOffset.UtcNow));
        await app.SendAsync(new Portal.CustomerReply(Token(submitted), "你们就是骗子，我要找律师起诉！！！", [], DateTimeOffset.UtcNow));

        var ticket = await TicketAsync(submitted.Number);
        Assert.Equal(TicketPriority.High, ticket.Priority); // one step, once
        Assert.Equal(teamId, ticket.TeamId);
        Assert.NotNull(ticket.UrgentAt);
        Assert.Equal(100, ticket.Urgency);
        Assert.Contains(ticket.UrgencyReasons, r => r.StartsWith("escalation|", StringComparison.Ordinal));
        var notices = await app.WithDbAsync(db => db.Notifications.Where(n => n.TicketId == ticket.Id && n.Key == WarnSupervisor.Key).ToListAsync());
        var notice = Assert.Single(notices);
        Assert.Equal(supervisorId, notice.UserId);
        Assert.Equal(submitted.Number, notice.Arguments[0]);
        Assert.InRange(int.Parse(notice.Arguments[1], System.Globalization.CultureInfo.InvariantCulture), UrgencyAssessment.Threshold, 100);
        var byWarning = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.TicketId == ticket.Id && a.ActorName == EarlyWarning.Actor.Name).ToListAsync());
        var change = Features.Shared.AuditTrail.ReadChange(Assert.Single(byWarning).Details);
        Assert.Equal(new Features.Shared.FieldChange("priority", nameof(TicketPriority.Normal), nameof(TicketPriority.High)), change);
    }

    [Fact]
    public async Task An_angry_new_ticket_nobody_routed_yet_tells_every_active_supervisor_once()
    {
        var submitted = await SubmitAsync("unrouted@example.cn", Angry);

        var ticket = await TicketAsync(submitted.Number);
        Assert.Equal((TicketPriority.High, (int?)null), (ticket.Priority, ticket.TeamId));
        var supervisors = await app.WithDbAsync(db => (
            from u in db.Users
            where u.IsActive
            join ur in db.UserRoles on u.Id equals ur.UserId
            join r in db.Roles on ur.RoleId equals r.Id
            where r.Name == Roles.Supervisor
            select u.Id).Distinct().OrderBy(x => x).ToListAsync());
        Assert.True(supervisors.Count >= 2);
        var told = await app.WithDbAsync(db => db.Notifications.Where(n => n.TicketId == ticket.Id && n.Key == WarnSupervisor.Key).Select(n => n.UserId).OrderBy(x => x).ToListAsync());
        Assert.Equal(supervisors, told);
    }

    [Fact]
    public async Task A_message_from_a_channel_is_scored_through_the_same_path()
    {
        var result = await app.SendAsync(new Receive.Command(TestMail.Read(TestMail.Raw("mail.angry@example.cn", "退款", "WHERE IS MY REFUND??? I will file a chargeback with my bank."))));

        var ticket = await TicketAsync(result.TicketNumber!);
        Assert.NotNull(ticket.UrgentAt);
        Assert.Equal(TicketPriority.High, ticket.Priority);
        Assert.Contains(ticket.UrgencyReasons, r => r.StartsWith("escalation|chargeback|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_admins_word_scores_the_next_message_and_bad_words_are_refused_per_field_with_nothing_written()
    {
        var before = await app.WithDbAsync(db => db.Set<UrgencyTerm>().CountAsync());
        var blank = await Assert.ThrowsAsync<ValidationException>(() => app.SendAsync(new Admin.Add("  ", UrgencyTermKind.Anger, null)));
        var heavy = await Assert.ThrowsAsync<ValidationException>(() => app.SendAsync(new Admin.Add("太重", UrgencyTermKind.Anger, 101)));
        var tooLong = await Assert.ThrowsAsync<ValidationException>(() => app.SendAsync(new Admin.Add(new string('长', 41), UrgencyTermKind.Anger, null)));
        Assert.Equal("Text", Assert.Single(blank.Errors).PropertyName);
        Assert.Equal("Weight", Assert.Single(heavy.Errors).PropertyName);
        Assert.Equal("Text", Assert.Single(tooLong.Errors).PropertyName);
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<UrgencyTerm>().CountAsync()));

        var id = await app.SendAsync(new Admin.Add("退货难如登天", UrgencyTermKind.Anger, 60));
        var duplicate = await Assert.ThrowsAsync<ValidationException>(() => app.SendAsync(new Admin.Add(" 退货难如登天 ", UrgencyTermKind.Complaint, null)));
        Assert.Equal("Text", Assert.Single(duplicate.Errors).PropertyName);
        var tried = await app.SendAsync(new Admin.Try("你们这里退货难如登天"));
        var submitted = await SubmitAsync("lexicon@example.cn", "你们这里退货难如登天");

        Assert.Equal(60, tried.Score);
        Assert.NotNull((await TicketAsync(submitted.Number)).UrgentAt);
        await app.SendAsync(new Admin.Remove(id));
        Assert.Equal(0, (await app.SendAsync(new Admin.Try("你们这里退货难如登天"))).Score);
    }

    [Fact]
    public async Task The_queue_shows_the_marker_with_its_reasons_on_the_angry_ticket_only()
    {
        var angry = await SubmitAsync("queue.angry@example.cn", Angry);
        var calm = await SubmitAsync("queue.calm@example.cn", "请问退款什么时候到账？");
        using var client = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/agent/tickets?view=all"));

        var row = page.QuerySelector($"tr.queue-row[data-number='{angry.Number}']")!;
        var mark = row.QuerySelector(".urgency-mark")!;
        Assert.NotNull(mark);
        Assert.Contains("12315", mark.GetAttribute("title"), StringComparison.Ordinal);
        Assert.Contains("升级威胁", mark.GetAttribute("title"), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector($"tr.queue-row[data-number='{calm.Number}'] .urgency-mark"));

        var ticketPage = new HtmlParser().ParseDocument(await client.GetStringAsync($"/agent/tickets/{angry.Number.ToLowerInvariant()}?view=all"));
        Assert.Single(ticketPage.QuerySelectorAll("li.message .urgency-mark"));
        Assert.NotNull(ticketPage.QuerySelector($"#queue-pane a[href^='/agent/tickets/{angry.Number.ToLowerInvariant()}'] .urgency-mark"));
        Assert.Null(ticketPage.QuerySelector($"#queue-pane a[href^='/agent/tickets/{calm.Number.ToLowerInvariant()}'] .urgency-mark"));
        Assert.NotNull(ticketPage.QuerySelector($"#queue-pane a[href^='/agent/tickets/{calm.Number.ToLowerInvariant()}']"));
    }

    [Fact]
    public async Task The_lexicon_page_is_for_admins_and_answers_bad_input_in_the_users_language()
    {
        var anonymous = await app.Client().GetAsync("/admin/urgency");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        using var agent = await app.SignedInClientAsync(DemoSeeder.AgentEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/admin/urgency")).StatusCode);
        using var supervisor = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/admin/urgency")).StatusCode);

        using var admin = await app.SignedInClientAsync(DemoSeeder.AdminEmail);
        var added = await AppFixture.PostFormAsync(admin, "/admin/urgency?handler=Add", new() { ["Input.Text"] = "投诉无门", ["Input.Kind"] = "Anger", ["Input.Weight"] = "" }, "/admin/urgency");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var listed = new HtmlParser().ParseDocument(await admin.GetStringAsync("/admin/urgency?sample=" + Uri.EscapeDataString("我投诉无门了")));
        Assert.NotNull(listed.QuerySelector("tr.term[data-text='投诉无门']"));
        Assert.Equal("50", listed.QuerySelector("#tried")!.GetAttribute("data-score"));

        admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var notANumber = await AppFixture.PostFormAsync(admin, "/admin/urgency?handler=Add", new() { ["Input.Text"] = "词", ["Input.Kind"] = "Anger", ["Input.Weight"] = "abc" }, "/admin/urgency");
        var blank = await AppFixture.PostFormAsync(admin, "/admin/urgency?handler=Add", new() { ["Input.Text"] = " ", ["Input.Kind"] = "Anger", ["Input.Weight"] = "" }, "/admin/urgency");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (notANumber.StatusCode, blank.StatusCode));
        var weightError = new HtmlParser().ParseDocument(await notANumber.Content.ReadAsStringAsync()).QuerySelector("[data-valmsg-for='Input.Weight']")!.TextContent;
        var textError = new HtmlParser().ParseDocument(await blank.Content.ReadAsStringAsync()).QuerySelector("[data-valmsg-for='Input.Text']")!.TextContent;
        Assert.Equal("“abc” is not a valid value.", weightError.Trim());
        Assert.Equal("Enter a word or phrase.", textError.Trim());
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<UrgencyTerm>().CountAsync(t => t.Text == "投诉无门")));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<UrgencyTerm>().CountAsync(t => t.Text == "词")));
    }

    private static long Number(string display) => Ticket.TryParseNumber(display, out var n) ? n : throw new InvalidOperationException(display);

    private static string Token(Form.Submitted submitted) => submitted.Link.Split('/')[^1];

    private Task<Form.Submitted> SubmitAsync(string email, string description) => app.SendAsync(new Form.Submit(new Form.Form
    {
        Name = "周小姐",
        Email = email,
        Category = TicketCategory.AfterSales,
        Type = ComplaintType.Quality,
        Description = description,
        Remedy = Remedy.Refund,
    }, [], DateTimeOffset.UtcNow));

    private Task<Ticket> TicketAsync(string number) => app.WithDbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Number == Number(number)));

    private Task<int> NoticesAsync(long ticketId) => app.WithDbAsync(db => db.Notifications.CountAsync(n => n.TicketId == ticketId && n.Key == WarnSupervisor.Key));
}
