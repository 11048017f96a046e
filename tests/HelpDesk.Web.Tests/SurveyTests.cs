using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Complaints;
using HelpDesk.Domain.Surveys;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Agent.Tickets;
using HelpDesk.Web.Features.Surveys;
using HelpDesk.Web.Tests.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Form = HelpDesk.Web.Features.Customers.Complaints.NewModel;
using Portal = HelpDesk.Web.Features.Customers.Portal.TicketModel;
using Report = HelpDesk.Web.Features.Supervisor.SatisfactionModel;

namespace HelpDesk.Web.Tests;

/// <summary>
/// Satisfaction surveys on PostgreSQL and over HTTP (issue 16 item 3), from Monday 1 March 2027 10:00 in Shanghai —
/// after the demo data, so the report's periods hold only what a test made.
/// </summary>
public sealed partial class SurveyTests : IAsyncLifetime
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private readonly FakeTimeProvider _clock = TestClock.At(new DateTimeOffset(2027, 3, 1, 10, 0, 0, Shanghai));
    private HelpDeskFactory _app = null!;

    public async Task InitializeAsync() =>
        _app = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync(), services: s => s.AddSingleton<TimeProvider>(_clock));

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_resolution_sends_one_CSAT_credited_to_the_resolver_by_email_with_a_one_tap_link_and_the_first_NPS()
    {
        var agent = await ViewerAsync(DemoSeeder.AgentEmail);
        var teamId = await TeamOfAsync(agent.Id);
        var ticket = await SubmitAsync("csat.one@example.cn");

        await ResolveAsync(agent, ticket.Number, teamId);

        var surveys = await SurveysAsync(ticket.Number);
        var csat = Assert.Single(surveys, s => s.Kind == SurveyKind.Csat);
        Assert.Equal((1, agent.Id, teamId, SurveyDelivery.Email, (DateTimeOffset?)null), (csat.Resolution, csat.AgentId, csat.TeamId, csat.SentVia, csat.AnsweredAt));
        var nps = Assert.Single(surveys, s => s.Kind == SurveyKind.Nps);
        Assert.Equal(csat.CustomerId, nps.CustomerId);

        var mails = await MailsAsync("csat.one@example.cn");
        var resolved = Assert.Single(mails, m => m.Subject.Contains("是否已解决", StringComparison.Ordinal));
        Assert.Contains("/t/", resolved.Body, StringComparison.Ordinal); // "not solved?" still goes to the ticket
        var csatToken = Assert.Single(Tokens(resolved.Body));
        Assert.Equal(TicketLink.Hash(csatToken), csat.TokenHash);
        var npsToken = Assert.Single(Tokens(Assert.Single(mails, m => m.Subject.Contains("推荐", StringComparison.Ordinal)).Body));
        Assert.Equal(TicketLink.Hash(npsToken), nps.TokenHash);

        await SendAsync(new SurveyModel.Answer(csatToken, 4, "  处理很快，谢谢  ", _clock.GetUtcNow()));
        await SendAsync(new SurveyModel.Answer(npsToken, 9, null, _clock.GetUtcNow()));
        var panel = await PanelsAsync(agent, ticket.Number);
        Assert.Equal([(SurveyKind.Csat, (int?)4, "处理很快，谢谢"), (SurveyKind.Nps, 9, null)], panel.Surveys.Select(s => (s.Kind, s.Score, s.Comment)).ToList());
        Assert.All(panel.Surveys, s => Assert.Equal(agent.Name, s.Agent));
    }

    [Fact]
    public async Task Resolved_reopened_resolved_gives_two_CSAT_surveys_both_kept_and_a_replayed_event_doubles_nothing()
    {
        var agent = await ViewerAsync(DemoSeeder.AgentEmail);
        var supervisor = await ViewerAsync(DemoSeeder.SupervisorEmail);
        var ticket = await SubmitAsync("csat.twice@example.cn");

        await ResolveAsync(agent, ticket.Number);
        var first = Assert.Single(Tokens((await MailsAsync("csat.twice@example.cn")).Single(m => m.Subject.Contains("是否已解决", StringComparison.Ordinal)).Body));
        await SendAsync(new SurveyModel.Answer(first, 2, "还是不行", _clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromHours(1));
        await SendAsync(new Portal.CustomerReply(Token(ticket), "电饭煲还是不通电。", [], _clock.GetUtcNow()));
        Assert.Equal(TicketStatus.Open, (await TicketAsync(ticket.Number)).Status);
        _clock.Advance(TimeSpan.FromHours(1));
        await ResolveAsync(supervisor, ticket.Number);

        var csat = (await SurveysAsync(ticket.Number)).Where(s => s.Kind == SurveyKind.Csat).OrderBy(s => s.Resolution).ToList();
        Assert.Equal([(1, agent.Id, (int?)2), (2, supervisor.Id, null)], csat.Select(s => (s.Resolution!.Value, s.AgentId!.Value, s.Score)).ToList());
        Assert.Single(await SurveysAsync(ticket.Number), s => s.Kind == SurveyKind.Nps); // the second resolution is within 90 days

        // The same status change handled again (a replay) finds its survey and adds none.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HelpDeskDbContext>();
            var row = await db.Tickets.SingleAsync(t => t.Number == Id(ticket.Number));
            var handler = ActivatorUtilities.CreateInstance<SendSurveys>(scope.ServiceProvider);
            await handler.HandleAsync(new StatusChanged(row, Actor.Staff(supervisor.Id, supervisor.Name), csat[1].SentAt, TicketStatus.Open, TicketStatus.Resolved) { Resolution = 2 }, default);
            await db.SaveChangesAsync();
        }

        Assert.Equal(3, (await SurveysAsync(ticket.Number)).Count);
    }

    [Fact]
    public async Task A_customer_gets_NPS_at_most_once_per_90_days_even_when_two_resolutions_race()
    {
        var agent = await ViewerAsync(DemoSeeder.AgentEmail);
        var tickets = new List<Form.Submitted>();
        for (var i = 0; i < 4; i++)
        {
            tickets.Add(await SubmitAsync("nps.rule@example.cn"));
        }

        // Two resolutions of one customer at once (two requests, two transactions): one NPS.
        await Task.WhenAll(ResolveAsync(agent, tickets[0].Number), ResolveAsync(agent, tickets[1].Number));
        Assert.Equal(1, await NpsCountAsync("nps.rule@example.cn"));

        _clock.Advance(TimeSpan.FromDays(90) - TimeSpan.FromMinutes(1));
        await ResolveAsync(agent, tickets[2].Number);
        Assert.Equal(1, await NpsCountAsync("nps.rule@example.cn"));

        _clock.Advance(TimeSpan.FromMinutes(1));
        await ResolveAsync(agent, tickets[3].Number);
        Assert.Equal(2, await NpsCountAsync("nps.rule@example.cn"));
        Assert.Equal(4, await WithDbAsync(db => db.Surveys.CountAsync(s => s.Kind == SurveyKind.Csat && db.CustomerContacts.Any(c => c.CustomerId == s.CustomerId && c.Value == "nps.rule@example.cn"))));
    }

    [Fact]
    public async Task A_customer_with_a_mobile_only_gets_the_survey_by_text_message()
    {
        var agent = await ViewerAsync(DemoSeeder.AgentEmail);
        var ticket = await SubmitAsync(email: null, phone: "13912345678");

        await ResolveAsync(agent, ticket.Number);

        var csat = Assert.Single(await SurveysAsync(ticket.Number), s => s.Kind == SurveyKind.Csat);
        Assert.Equal(SurveyDelivery.Sms, csat.SentVia);
        var texts = await WithDbAsync(db => db.SmsMessages.Where(m => m.ToPhone == "13912345678").Select(m => m.Text).ToListAsync());
        Assert.Contains(texts, t => t.Contains(ticket.Number, StringComparison.Ordinal) && Tokens(t).Count == 1 && TicketLink.Hash(Tokens(t)[0]) == csat.TokenHash);
    }

    [Fact]
    public async Task The_rating_on_the_ticket_page_answers_the_resolutions_CSAT_survey()
    {
        var agent = await ViewerAsync(DemoSeeder.AgentEmail);
        var ticket = await SubmitAsync("portal.rating@example.cn");
        await ResolveAsync(agent, ticket.Number);

        await SendAsync(new Portal.Rate(Token(ticket), true, 5, "很满意", _clock.GetUtcNow()));

        var csat = Assert.Single(await SurveysAsync(ticket.Number), s => s.Kind == SurveyKind.Csat);
        Assert.Equal((5, "很满意"), (csat.Score!.Value, csat.Comment));
    }

    [Fact]
    public async Task The_report_gives_CSAT_per_agent_and_team_for_the_period_and_drills_down_to_the_tickets()
    {
        var agent = await ViewerAsync(DemoSeeder.AgentEmail);
        var other = await ViewerAsync("agent2@demo.local");
        var (teamA, teamB) = (await TeamOfAsync(agent.Id), await TeamOfAsync(other.Id));
        var scores = new[] { (agent, teamA, 5), (agent, teamA, 4), (agent, teamA, 2), (other, teamB, 3) };
        var numbers = new List<string>();
        foreach (var (who, team, score) in scores)
        {
            var ticket = await SubmitAsync($"report.{numbers.Count}@example.cn");
            await ResolveAsync(who, ticket.Number, team);
            var token = Tokens((await MailsAsync($"report.{numbers.Count}@example.cn")).Single(m => m.Subject.Contains("是否已解决", StringComparison.Ordinal)).Body).Single();
            await SendAsync(new SurveyModel.Answer(token, score, "意见" + score, _clock.GetUtcNow()));
            numbers.Add(ticket.Number);
        }

        var day = new DateOnly(2027, 3, 1);
        var report = await SendAsync(new Report.Query(day, day));
        var mine = Assert.Single(report.Agents, r => r.Key == agent.Id.ToString());
        Assert.Equal((3, 3.67, 2, 66.7), (mine.Count, mine.Average, mine.Satisfied, mine.SatisfiedPercent));
        Assert.Equal((1, 3.0, 0), report.Agents.Where(r => r.Key == other.Id.ToString()).Select(r => (r.Count, r.Average, r.Satisfied)).Single());
        Assert.Equal((4, 3.5, 2, 50.0), (report.Total.Count, report.Total.Average, report.Total.Satisfied, report.Total.SatisfiedPercent));
        if (teamA == teamB)
        {
            Assert.Equal(4, Assert.Single(report.Teams).Count);
        }
        else
        {
            Assert.Equal(3, report.Teams.Single(t => t.Key == teamA.ToString(System.Globalization.CultureInfo.InvariantCulture)).Count);
        }

        Assert.Equal(0, (await SendAsync(new Report.Query(day.AddDays(1), day.AddDays(1)))).Total.Count);
        var drill = await SendAsync(new Report.Query(day, day, agent.Id));
        Assert.Equal(numbers.Take(3).Reverse().ToList(), drill.Answers.Select(a => a.Number).ToList());
        Assert.Equal(["意见2", "意见4", "意见5"], drill.Answers.Select(a => a.Comment).ToList());
        Assert.Null(drill.Older);
    }

    [Fact]
    public async Task The_survey_link_answers_once_and_forged_expired_or_out_of_range_answers_get_a_clear_page_never_a_500()
    {
        var agent = await ViewerAsync(DemoSeeder.AgentEmail);
        var ticket = await SubmitAsync("http.survey@example.cn");
        await ResolveAsync(agent, ticket.Number);
        var mails = await MailsAsync("http.survey@example.cn");
        var token = Tokens(mails.Single(m => m.Subject.Contains("是否已解决", StringComparison.Ordinal)).Body).Single();
        var npsToken = Tokens(mails.Single(m => m.Subject.Contains("推荐", StringComparison.Ordinal)).Body).Single();
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var forged = await client.GetAsync("/s/" + new string('A', 43));
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.NotNull(Parse(await forged.Content.ReadAsStringAsync()).QuerySelector("#survey-invalid"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/s/not-a-token")).StatusCode);

        var page = await client.GetAsync("/s/" + token);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var form = Parse(await page.Content.ReadAsStringAsync());
        Assert.Equal(5, form.QuerySelectorAll("#survey-form button[name=score]").Length);
        var antiforgery = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        Assert.Equal(11, Parse(await client.GetStringAsync("/s/" + npsToken)).QuerySelectorAll("#survey-form button[name=score]").Length);

        var outOfRange = await PostAsync(client, token, antiforgery, "6", "x");
        Assert.Equal(HttpStatusCode.OK, outOfRange.StatusCode);
        Assert.Contains("1 到 5", Parse(await outOfRange.Content.ReadAsStringAsync()).QuerySelector("#errors")!.TextContent, StringComparison.Ordinal);
        var notANumber = await PostAsync(client, token, antiforgery, "abc", "x");
        Assert.Equal(HttpStatusCode.OK, notANumber.StatusCode);
        var noScore = await client.PostAsync("/s/" + npsToken, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = antiforgery, ["Comment"] = "x" }));
        Assert.Equal(HttpStatusCode.OK, noScore.StatusCode);
        Assert.Contains("0 到 10", Parse(await noScore.Content.ReadAsStringAsync()).QuerySelector("#errors")!.TextContent, StringComparison.Ordinal);
        var tooLong = await PostAsync(client, token, antiforgery, "3", new string('长', Survey.CommentMaxLength + 1));
        Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
        Assert.Null((await SurveysAsync(ticket.Number)).Single(s => s.Kind == SurveyKind.Csat).AnsweredAt);

        var answered = await PostAsync(client, token, antiforgery, "5", "很好");
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        Assert.Equal("5", Parse(await client.GetStringAsync("/s/" + token)).QuerySelector("#survey-answered")!.TextContent.Split('：', ':')[1].Trim()[..1]);
        var again = await PostAsync(client, token, antiforgery, "1", "改主意了");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var refused = Parse(await again.Content.ReadAsStringAsync());
        Assert.Contains("已经回答过", refused.QuerySelector("#errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("很好", refused.QuerySelector("#survey-comment")!.TextContent.Trim());
        Assert.Equal((5, "很好"), (await SurveysAsync(ticket.Number)).Where(s => s.Kind == SurveyKind.Csat).Select(s => (s.Score!.Value, s.Comment)).Single());

        _clock.Advance(TimeSpan.FromDays(30));
        var expired = await client.GetAsync("/s/" + npsToken);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.NotNull(Parse(await expired.Content.ReadAsStringAsync()).QuerySelector("#survey-expired"));
        var late = await PostAsync(client, npsToken, antiforgery, "10", string.Empty);
        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
        Assert.Null((await SurveysAsync(ticket.Number)).Single(s => s.Kind == SurveyKind.Nps).AnsweredAt);
    }

    [Fact]
    public async Task The_satisfaction_page_is_for_supervisors_only_and_shows_the_answers()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/supervisor/satisfaction")).StatusCode);
        using var agentClient = await SignInAsync(DemoSeeder.AgentEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await agentClient.GetAsync("/supervisor/satisfaction")).StatusCode);

        var agent = await ViewerAsync(DemoSeeder.AgentEmail);
        var ticket = await SubmitAsync("page.report@example.cn");
        await ResolveAsync(agent, ticket.Number);
        var token = Tokens((await MailsAsync("page.report@example.cn")).Single(m => m.Subject.Contains("是否已解决", StringComparison.Ordinal)).Body).Single();
        await SendAsync(new SurveyModel.Answer(token, 5, "<b>好</b>", _clock.GetUtcNow()));

        using var supervisor = await SignInAsync(DemoSeeder.SupervisorEmail);
        var page = Parse(await supervisor.GetStringAsync("/supervisor/satisfaction?from=2027-03-01&to=2027-03-01"));
        var row = page.QuerySelector($"#csat-agents tr.csat-row[data-key='{agent.Id}']")!;
        Assert.Contains("100.0%", row.TextContent, StringComparison.Ordinal);
        var drill = Parse(await supervisor.GetStringAsync(row.QuerySelector("a")!.GetAttribute("href")!));
        var answer = drill.QuerySelector($"#csat-answers tr.csat-answer[data-number='{ticket.Number}']")!;
        Assert.Equal("5", answer.GetAttribute("data-score"));
        Assert.Contains("<b>好</b>", answer.TextContent, StringComparison.Ordinal); // encoded, not markup
        var ticketPage = Parse(await supervisor.GetStringAsync($"/agent/tickets/{ticket.Number.ToLowerInvariant()}"));
        Assert.Contains("<b>好</b>", ticketPage.QuerySelector("#survey-panel .survey-comment")!.TextContent, StringComparison.Ordinal);
    }

    [GeneratedRegex("/s/([A-Za-z0-9_-]{43})")]
    private static partial Regex SurveyLink();

    private static List<string> Tokens(string text) => SurveyLink().Matches(text).Select(m => m.Groups[1].Value).ToList();

    private static AngleSharp.Html.Dom.IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string token, string antiforgery, string score, string comment) =>
        client.PostAsync("/s/" + token, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = antiforgery, ["score"] = score, ["Comment"] = comment }));

    private async Task<HttpClient> SignInAsync(string email)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await AppFixture.PostFormAsync(client, "/account/login", new() { ["Input.Email"] = email, ["Input.Password"] = DemoSeeder.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private Task<Form.Submitted> SubmitAsync(string? email, string? phone = null) => SendAsync(new Form.Submit(new Form.Form
    {
        Name = "周小姐",
        Email = email,
        Phone = phone,
        Category = TicketCategory.AfterSales,
        Type = ComplaintType.Quality,
        Description = "我收到的电饭煲不通电。",
        Remedy = Remedy.Exchange,
    }, [], _clock.GetUtcNow()));

    private async Task ResolveAsync(Viewer by, string number, int? teamId = null)
    {
        var ticket = await TicketAsync(number);
        var was = TicketFields.Of(ticket);
        await SendAsync(new Update.Command(by, number, was, was with { Status = TicketStatus.Resolved, TeamId = teamId ?? was.TeamId, AssigneeId = teamId is null ? was.AssigneeId : by.Id }));
    }

    private Task<Panels.Model> PanelsAsync(Viewer viewer, string number) => WithDbAsync(async db =>
    {
        var t = await db.Tickets.AsNoTracking().SingleAsync(x => x.Number == Id(number));
        return await _app.SendAsync(new Panels.Query(viewer, t.Id, t.CustomerId, t.OrderId));
    });

    private Task<List<Survey>> SurveysAsync(string number) =>
        WithDbAsync(db => db.Surveys.AsNoTracking().Where(s => db.Tickets.Any(t => t.Id == s.TicketId && t.Number == Id(number))).OrderBy(s => s.Id).ToListAsync());

    private Task<int> NpsCountAsync(string email) =>
        WithDbAsync(db => db.Surveys.CountAsync(s => s.Kind == SurveyKind.Nps && db.CustomerContacts.Any(c => c.CustomerId == s.CustomerId && c.Value == email)));

    private Task<List<HelpDesk.Web.Infrastructure.Mail.OutboxMessage>> MailsAsync(string email) =>
        WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.ToAddress == email).OrderBy(m => m.Id).ToListAsync());

    private Task<int> TeamOfAsync(Guid userId) => WithDbAsync(db => db.TeamMembers.Where(m => m.UserId == userId).OrderBy(m => m.TeamId).Select(m => m.TeamId).FirstAsync());

    private Task<Ticket> TicketAsync(string number) => WithDbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Number == Id(number)));

    private static long Id(string number) => Ticket.TryParseNumber(number, out var n) ? n : 0;

    private static string Token(Form.Submitted submitted) => submitted.Link.Split('/')[^1];

    private Task<Viewer> ViewerAsync(string email) => WithDbAsync(async db =>
    {
        var user = await db.Users.Where(u => u.Email == email).Select(u => new { u.Id, u.DisplayName }).SingleAsync();
        var supervisor = await db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name).AnyAsync(n => n == HelpDesk.Web.Infrastructure.Roles.Supervisor);
        return new Viewer(user.Id, supervisor, user.DisplayName);
    });

    private Task<T> SendAsync<T>(IRequest<T> request) => _app.SendAsync(request);

    private Task<T> WithDbAsync<T>(Func<HelpDeskDbContext, Task<T>> action) => _app.WithDbAsync(action);
}
