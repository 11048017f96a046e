using System.Net;
using AngleSharp.Html.Parser;
using HelpDesk.Domain.Teams;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using People = HelpDesk.Web.Features.Admin.People;
using Teams = HelpDesk.Web.Features.Admin.Teams;

namespace HelpDesk.Web.Tests;

/// <summary>People and teams admin over HTTP and through the slices: admins only, a new member chooses a password by link, teams set whole.</summary>
public sealed class PeopleAdminTests(AppFixture app) : IClassFixture<AppFixture>
{
    public static readonly TheoryData<string> Pages = new() { "/admin/people", "/admin/teams", "/admin/teams/1" };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Only_admins_open_the_people_and_team_pages(string url)
    {
        Assert.Equal(HttpStatusCode.Redirect, (await app.Client().GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInClientAsync(DemoSeeder.SupervisorEmail)).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInClientAsync(DemoSeeder.AdminEmail)).GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task A_new_member_gets_a_password_link_chooses_a_password_once_and_signs_in()
    {
        var admin = await app.SignedInClientAsync(DemoSeeder.AdminEmail);
        var team = await app.WithDbAsync(db => db.Teams.Where(t => t.Kind == TeamKind.Service).Select(t => t.Id).FirstAsync());

        var created = await AppFixture.PostFormAsync(admin, "/admin/people", new()
        {
            ["Input.DisplayName"] = "新同事小林", ["Input.Email"] = "xiaolin@demo.local", ["Input.Roles"] = Roles.Agent, ["Input.TeamIds"] = team.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var link = await LinkAsync("xiaolin@demo.local");
        var visitor = app.Client();
        var form = await visitor.GetStringAsync(link);
        var token = new HtmlParser().ParseDocument(form).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + link).Query);
        var fields = new Dictionary<string, string> { ["user"] = query["user"]!, ["Token"] = query["token"]!, ["NewPassword"] = "Xiaolin-Pass-2026", ["Repeat"] = "Xiaolin-Pass-2026", ["__RequestVerificationToken"] = token };
        Assert.Contains("密码已保存", await (await visitor.PostAsync("/account/password", new FormUrlEncodedContent(fields))).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("该链接无效或已过期", await (await visitor.PostAsync("/account/password", new FormUrlEncodedContent(fields))).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var agent = await app.SignedInClientAsync("xiaolin@demo.local", "Xiaolin-Pass-2026");
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/agent/tickets")).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.TeamMembers.AnyAsync(m => m.TeamId == team && db.Users.Any(u => u.Id == m.UserId && u.Email == "xiaolin@demo.local"))));
    }

    [Fact]
    public async Task Adding_someone_refuses_a_taken_e_mail_and_missing_roles_per_field_and_writes_nothing()
    {
        var admin = await app.SignedInClientAsync(DemoSeeder.AdminEmail);
        var before = await app.WithDbAsync(db => db.Users.CountAsync());

        var taken = await AppFixture.PostFormAsync(admin, "/admin/people", new() { ["Input.DisplayName"] = "重复", ["Input.Email"] = DemoSeeder.AgentEmail, ["Input.Roles"] = Roles.Agent });
        var noRole = await AppFixture.PostFormAsync(admin, "/admin/people", new() { ["Input.DisplayName"] = "无角色", ["Input.Email"] = "norole@demo.local" });

        var page = new HtmlParser().ParseDocument(await taken.Content.ReadAsStringAsync());
        Assert.Equal("该邮箱已被其他人员使用。", page.QuerySelector("[data-valmsg-for='Input.Email']")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("#errors a[href='#Input_Email']"));
        Assert.Contains("请至少选择一个角色", await noRole.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task An_admin_cannot_deactivate_themselves_but_deactivates_others_who_are_signed_out_at_once()
    {
        var admin = await app.ViewerAsync(DemoSeeder.AdminEmail);
        var roles = new[] { Roles.Admin };
        var self = await Assert.ThrowsAsync<FluentValidation.ValidationException>(() => app.SendAsync(new People.EditModel.Update(admin, admin.Id, "管理员", DemoSeeder.AdminEmail, roles, [], IsActive: false)));
        Assert.Contains(self.Errors, e => e.PropertyName == "IsActive");

        var session = await app.SignedInClientAsync("agent3@demo.local");
        var agent = await app.ViewerAsync("agent3@demo.local");
        var teams = await app.WithDbAsync(db => db.TeamMembers.Where(m => m.UserId == agent.Id).Select(m => m.TeamId).ToListAsync());
        await app.SendAsync(new People.EditModel.Update(admin, agent.Id, agent.Name, "agent3@demo.local", [Roles.Agent], teams, IsActive: false));

        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/agent/tickets")).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Users.Where(u => u.Id == agent.Id).Select(u => u.IsActive).SingleAsync()));
    }

    [Fact]
    public async Task A_team_gets_its_supervisor_escalation_team_calendar_checklist_time_and_exactly_its_members()
    {
        var (team, other, calendar) = await app.WithDbAsync(async db => (
            await db.Teams.Where(t => t.Kind == TeamKind.Service).OrderBy(t => t.Id).Select(t => t.Id).FirstAsync(),
            await db.Teams.Where(t => t.Kind == TeamKind.Service).OrderBy(t => t.Id).Select(t => t.Id).Skip(1).FirstAsync(),
            await db.BusinessCalendars.Select(c => c.Id).FirstAsync()));
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var agent = await app.ViewerAsync("agent2@demo.local");

        var self = await Assert.ThrowsAsync<FluentValidation.ValidationException>(() =>
            app.SendAsync(new Teams.EditModel.Update(team, "一组", supervisor.Id, team, calendar, new TimeOnly(17, 30), [agent.Id])));
        Assert.Equal("EscalationTeamId", Assert.Single(self.Errors).PropertyName);
        Assert.Equal("teams.supervisor.not_supervisor", (await Assert.ThrowsAsync<Domain.Common.DomainException>(() =>
            app.SendAsync(new Teams.EditModel.Update(team, "一组", agent.Id, other, calendar, new TimeOnly(17, 30), [agent.Id])))).Key);

        await app.SendAsync(new Teams.EditModel.Update(team, "华东一组", supervisor.Id, other, calendar, new TimeOnly(17, 30), [agent.Id, supervisor.Id]));

        var saved = await app.WithDbAsync(db => db.Teams.AsNoTracking().Include(t => t.Members).SingleAsync(t => t.Id == team));
        Assert.Equal(("华东一组", supervisor.Id, other, calendar, new TimeOnly(17, 30)), (saved.Name, saved.SupervisorId!.Value, saved.EscalationTeamId!.Value, saved.CalendarId!.Value, saved.ChecklistTime));
        Assert.Equal(new[] { agent.Id, supervisor.Id }.Order(), saved.Members.Select(m => m.UserId).Order());
    }

    /// <summary>The password link in the last e-mail to <paramref name="email"/>, as a path and query.</summary>
    private async Task<string> LinkAsync(string email)
    {
        var body = await app.WithDbAsync(db => db.OutboxMessages.Where(o => o.ToAddress == email).OrderByDescending(o => o.Id).Select(o => o.Body).FirstAsync());
        return new Uri(body.Split('\n').Single(l => l.Contains("/account/password?", StringComparison.Ordinal)).Trim()).PathAndQuery;
    }
}
