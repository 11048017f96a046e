using AngleSharp.Html.Parser;
using FluentValidation;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Agent.Tickets;
using HelpDesk.Web.Infrastructure.Mail;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using TicketView = HelpDesk.Web.Features.Agent.Tickets.DetailsModel;

namespace HelpDesk.Web.Tests;

/// <summary>What an agent does on a ticket, through the mediator on PostgreSQL.</summary>
public sealed class TicketActionTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task An_empty_reply_is_refused_on_its_field_and_nothing_is_written()
    {
        var agent = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var number = await NumberWhereAsync(t => t.Status == TicketStatus.Open);
        var before = await MessageCountAsync(number);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => app.SendAsync(new Reply.Command(agent, number, "  \n ", Internal: false)));

        Assert.Equal(nameof(Reply.Command.Body), Assert.Single(ex.Errors).PropertyName);
        Assert.Equal(before, await MessageCountAsync(number));
    }

    [Fact]
    public async Task A_public_reply_on_an_email_ticket_goes_out_through_the_outbox_and_into_the_audit_trail()
    {
        var agent = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var number = await NumberWhereAsync(t => t.Channel == Channel.Email && t.Status == TicketStatus.Open);

        var messageId = await app.SendAsync(new Reply.Command(agent, number, "您好，包裹已于今天派送。", Internal: false));

        var outbox = await app.WithDbAsync(db => db.OutboxMessages.SingleAsync(o => o.TicketMessageId == messageId));
        Assert.Equal(OutboxStatus.Pending, outbox.Status);
        Assert.EndsWith("@example.cn", outbox.ToAddress, StringComparison.Ordinal);
        Assert.StartsWith($"[{number}]", outbox.Subject, StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "ticket.replied" && a.EntityId == number.Substring(3))));
    }

    [Fact]
    public async Task An_internal_note_is_never_e_mailed_and_leaves_the_status_alone()
    {
        var agent = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var number = await NumberWhereAsync(t => t.Channel == Channel.Email && t.Status == TicketStatus.OnHold);

        var messageId = await app.SendAsync(new Reply.Command(agent, number, "仓库说明天补发。", Internal: true));

        Assert.False(await app.WithDbAsync(db => db.OutboxMessages.AnyAsync(o => o.TicketMessageId == messageId)));
        Assert.Equal(TicketStatus.OnHold, await StatusAsync(number));
    }

    [Fact]
    public async Task The_first_public_reply_to_an_unassigned_ticket_takes_it_for_the_replier_unless_the_team_switched_that_off()
    {
        var agent = await app.ViewerAsync(DemoSeeder.AgentEmail);
        var teams = await app.WithDbAsync(db => db.TeamMembers.Where(m => m.UserId == agent.Id).Select(m => m.TeamId).ToListAsync());
        var unassigned = await app.WithDbAsync(db => db.Tickets
            .Where(t => t.AssigneeId == null && t.TeamId != null && teams.Contains(t.TeamId.Value) && t.Status != TicketStatus.Closed)
            .OrderBy(t => t.Id).Select(t => new { t.Number, t.TeamId }).Take(3).ToListAsync());
        var (noted, replied, keptOff) = (Ticket.FormatNumber(unassigned[0].Number), Ticket.FormatNumber(unassigned[1].Number), Ticket.FormatNumber(unassigned[2].Number));

        await app.SendAsync(new Reply.Command(agent, noted, "先记一下。", Internal: true));
        await app.SendAsync(new Reply.Command(agent, replied, "您好，我来为您处理。", Internal: false));
        Task<int> AssignOnReplyAsync(bool on) => app.WithDbAsync(async db =>
        {
            (await db.Teams.SingleAsync(t => t.Id == unassigned[2].TeamId)).SetAssignOnFirstReply(on);
            return await db.SaveChangesAsync();
        });
        await AssignOnReplyAsync(false);
        await app.SendAsync(new Reply.Command(agent, keptOff, "您好。", Internal: false));
        await AssignOnReplyAsync(true);

        Assert.Null(await AssigneeAsync(noted));
        Assert.Equal(agent.Id, await AssigneeAsync(replied));
        Assert.Equal(unassigned[1].TeamId, await app.WithDbAsync(db => db.Tickets.Where(t => t.Number == unassigned[1].Number).Select(t => t.TeamId).SingleAsync()));
        Assert.Null(await AssigneeAsync(keptOff));
        var view = (await app.SendAsync(new TicketView.Query(agent, replied)))!;
        Assert.Contains(view.Timeline, i => i.Change?.Field is { Field: "assignee", To: var to } && to == agent.Name);
    }

    [Fact]
    public async Task A_reply_to_a_closed_ticket_reopens_it_and_the_timeline_says_so()
    {
        var agent = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var number = await NumberWhereAsync(t => t.Status == TicketStatus.Closed && t.Channel == Channel.Chat);

        await app.SendAsync(new Reply.Command(agent, number, "补充一下处理结果。", Internal: false));

        Assert.Equal(TicketStatus.Open, await StatusAsync(number));
        var view = await app.SendAsync(new TicketView.Query(agent, number));
        Assert.Contains(view!.Timeline, i => i.Change?.Field is { Field: "status", From: "Closed", To: "Open" });
    }

    [Fact]
    public async Task Saving_fields_records_each_change_and_a_stale_save_is_refused_with_what_changed()
    {
        var alice = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var bob = await app.ViewerAsync("supervisor2@demo.local");
        var number = await NumberWhereAsync(t => t.Status == TicketStatus.Open && t.TeamId != null);
        var seen = (await app.SendAsync(new TicketView.Query(alice, number)))!.Fields;

        await app.SendAsync(new Update.Command(bob, number, seen, seen with { Status = TicketStatus.OnHold, Priority = TicketPriority.Urgent, Tags = ["加急", "VIP"] }));
        var stale = app.SendAsync(new Update.Command(alice, number, seen, seen with { Status = TicketStatus.PendingCustomer, Priority = TicketPriority.Low }));

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => stale);
        var now = (await app.SendAsync(new TicketView.Query(alice, number)))!;
        Assert.Equal(TicketStatus.OnHold, now.Status);
        Assert.Equal(TicketPriority.Urgent, now.Priority);
        Assert.Equal(["vip", "加急"], now.Tags);
        var conflicts = TicketFields.Conflicts(seen, seen with { Status = TicketStatus.PendingCustomer, Priority = TicketPriority.Low }, now.Fields);
        var changes = await app.SendAsync(new Changes.Query(number, conflicts));
        Assert.Equal(["priority", "status"], changes.Select(c => c.Field!.Field).Order());
        Assert.All(changes, c => Assert.Equal(bob.Name, c.Actor));
    }

    [Fact]
    public async Task A_form_loaded_before_the_agents_own_reply_or_a_colleagues_edit_of_another_field_saves_without_conflict()
    {
        var alice = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var bob = await app.ViewerAsync("supervisor2@demo.local");
        var number = await NumberWhereAsync(t => t.Status == TicketStatus.Resolved && t.TeamId != null);
        var seen = (await app.SendAsync(new TicketView.Query(alice, number)))!.Fields;

        await app.SendAsync(new Reply.Command(alice, number, "再补充一点说明。", Internal: false)); // reopens the ticket
        await app.SendAsync(new Update.Command(bob, number, seen, seen with { Tags = ["回访"] }));
        await app.SendAsync(new Update.Command(alice, number, seen, seen with { Priority = TicketPriority.High }));

        var now = (await app.SendAsync(new TicketView.Query(alice, number)))!;
        Assert.Equal(TicketPriority.High, now.Priority);
        Assert.Equal(TicketStatus.Open, now.Status); // the stale form's "Resolved" did not undo the reopening
        Assert.Equal(["回访"], now.Tags); // nor the colleague's tags
    }

    [Fact]
    public async Task A_forbidden_transition_is_refused_and_nothing_is_saved()
    {
        var agent = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var number = await NumberWhereAsync(t => t.Status == TicketStatus.Resolved);
        var seen = (await app.SendAsync(new TicketView.Query(agent, number)))!;

        var ex = await Assert.ThrowsAsync<DomainException>(() => app.SendAsync(
            new Update.Command(agent, number, seen.Fields, seen.Fields with { Status = TicketStatus.OnHold, Priority = TicketPriority.Urgent })));

        Assert.Equal("ticket.status.transition", ex.Key);
        var after = (await app.SendAsync(new TicketView.Query(agent, number)))!;
        Assert.Equal(seen.Priority, after.Priority);
        Assert.Equal(seen.UpdatedAt, after.UpdatedAt);
    }

    [Fact]
    public async Task An_assignee_must_be_in_the_chosen_team()
    {
        var agent = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var number = await NumberWhereAsync(t => t.Status == TicketStatus.Open && t.TeamId != null);
        var seen = (await app.SendAsync(new TicketView.Query(agent, number)))!;
        var outsider = await app.WithDbAsync(db => db.Users.Where(u => !db.TeamMembers.Any(m => m.UserId == u.Id && m.TeamId == seen.TeamId)).Select(u => u.Id).FirstAsync());

        var ex = await Assert.ThrowsAsync<DomainException>(() => app.SendAsync(
            new Update.Command(agent, number, seen.Fields, seen.Fields with { AssigneeId = outsider })));

        Assert.Equal("ticket.assignee.not_in_team", ex.Key);
    }

    [Fact]
    public async Task An_agent_cannot_act_on_a_ticket_of_another_team()
    {
        var agent = await app.ViewerAsync("agent3@demo.local");
        var foreign = await app.WithDbAsync(async db =>
        {
            var teams = await db.TeamMembers.Where(m => m.UserId == agent.Id).Select(m => m.TeamId).ToListAsync();
            return await db.Tickets.Where(t => t.TeamId != null && !teams.Contains(t.TeamId.Value) && t.AssigneeId != agent.Id).Select(t => t.Number).FirstAsync();
        });

        var ex = await Assert.ThrowsAsync<NotFoundException>(() => app.SendAsync(new Reply.Command(agent, Ticket.FormatNumber(foreign), "越权回复", false)));

        Assert.Equal("ticket.not_found", ex.Key);
    }

    [Fact]
    public async Task Assign_to_me_puts_an_unrouted_ticket_into_my_team()
    {
        var agent = await app.ViewerAsync("agent5@demo.local");
        var number = await NumberWhereAsync(t => t.TeamId == null && t.Status == TicketStatus.New);

        await app.SendAsync(new Assign.ToMe(agent, number));

        var ticket = await app.WithDbAsync(db => db.Tickets.SingleAsync(t => t.Number == Number(number)));
        Assert.Equal(agent.Id, ticket.AssigneeId);
        Assert.True(await app.WithDbAsync(db => db.TeamMembers.AnyAsync(m => m.TeamId == ticket.TeamId && m.UserId == agent.Id)));
    }

    [Fact]
    public async Task Round_robin_skips_agents_off_duty_or_at_capacity_and_takes_turns()
    {
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var teamId = await app.WithDbAsync(db => db.Teams.Where(t => t.Name == "物流订单组").Select(t => t.Id).SingleAsync());
        var agents = await app.WithDbAsync(db => db.TeamMembers.Where(m => m.TeamId == teamId)
            .Join(db.Users, m => m.UserId, u => u.Id, (_, u) => u).Where(u => u.Email!.StartsWith("agent")).OrderBy(u => u.Email).ToListAsync());
        Assert.True(agents.Count >= 3);
        await app.WithDbAsync(async db =>
        {
            var users = await db.Users.Where(u => agents.Select(a => a.Id).Contains(u.Id)).OrderBy(u => u.Email).ToListAsync();
            users[0].IsOnDuty = false;      // off duty
            users[1].MaxOpenTickets = 0;    // full
            return await db.SaveChangesAsync();
        });
        var tickets = await app.WithDbAsync(db => db.Tickets.Where(t => t.TeamId == teamId && t.Status == TicketStatus.New).OrderBy(t => t.Id).Select(t => t.Number).Take(2).ToListAsync());

        var first = await app.SendAsync(new Assign.Automatically(supervisor, Ticket.FormatNumber(tickets[0])));
        var second = await app.SendAsync(new Assign.Automatically(supervisor, Ticket.FormatNumber(tickets[1])));

        var eligible = agents.Skip(2).Select(a => a.Id).ToList();
        Assert.Contains(first, eligible);
        Assert.Contains(second, eligible);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Bulk_changes_are_all_or_nothing()
    {
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var open = await app.WithDbAsync(db => db.Tickets.Where(t => t.Status == TicketStatus.Open).OrderBy(t => t.Id).Select(t => t.Number).Take(2).ToListAsync());
        var closed = await NumberWhereAsync(t => t.Status == TicketStatus.Closed);
        List<string> numbers = [.. open.Select(Ticket.FormatNumber), closed];

        var ex = await Assert.ThrowsAsync<Bulk.RefusedException>(() => app.SendAsync(new Bulk.Command(supervisor, numbers, false, TicketStatus.OnHold)));

        Assert.Equal(closed, Assert.Single(ex.Refusals).Number);
        Assert.All(open, n => Assert.Equal(TicketStatus.Open, StatusAsync(Ticket.FormatNumber(n)).Result));

        Assert.Equal(2, await app.SendAsync(new Bulk.Command(supervisor, [.. open.Select(Ticket.FormatNumber)], false, TicketStatus.OnHold)));
        Assert.All(open, n => Assert.Equal(TicketStatus.OnHold, StatusAsync(Ticket.FormatNumber(n)).Result));
    }

    [Fact]
    public async Task Bulk_assign_to_another_agent_moves_tickets_into_that_agents_team()
    {
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var target = await app.ViewerAsync("agent6@demo.local");
        var numbers = await app.WithDbAsync(db => db.Tickets.Where(t => t.Status == TicketStatus.New && t.AssigneeId == null).OrderByDescending(t => t.Id).Select(t => t.Number).Take(2).ToListAsync());

        await app.SendAsync(new Bulk.Command(supervisor, [.. numbers.Select(Ticket.FormatNumber)], false, null, target.Id));

        var assigned = await app.WithDbAsync(db => db.Tickets.Where(t => numbers.Contains(t.Number)).Select(t => new { t.AssigneeId, t.TeamId }).ToListAsync());
        Assert.All(assigned, t => Assert.Equal(target.Id, t.AssigneeId));
        Assert.All(assigned, t => Assert.True(app.WithDbAsync(db => db.TeamMembers.AnyAsync(m => m.TeamId == t.TeamId && m.UserId == target.Id)).Result));
        var mine = await app.SendAsync(new Features.Agent.Tickets.IndexModel.Query(supervisor, new Features.Agent.Tickets.IndexModel.Filter { View = Features.Agent.Tickets.IndexModel.QueueView.All, AssigneeId = target.Id }, null, 500));
        Assert.Subset(mine.Rows.Select(r => r.Number).ToHashSet(), numbers.Select(Ticket.FormatNumber).ToHashSet());
        Assert.All(mine.Rows, r => Assert.Equal(target.Name, r.Assignee));
    }

    [Fact]
    public async Task An_admin_sets_an_agents_capacity_and_duty_within_limits()
    {
        var agent = await app.ViewerAsync("agent7@demo.local");

        await app.SendAsync(new Features.Admin.IndexModel.SetCapacity(agent.Id, 3, OnDuty: false));
        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == agent.Id));
        Assert.Equal((3, false), (user.MaxOpenTickets, user.IsOnDuty));

        var ex = await Assert.ThrowsAsync<ValidationException>(() => app.SendAsync(new Features.Admin.IndexModel.SetCapacity(agent.Id, -1, true)));
        Assert.Equal("MaxOpenTickets", Assert.Single(ex.Errors).PropertyName);
    }

    [Fact]
    public async Task Bulk_without_a_selection_or_an_action_is_refused()
    {
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => app.SendAsync(new Bulk.Command(supervisor, [], false, null)));

        Assert.Equal(2, ex.Errors.Count());
    }

    [Fact]
    public async Task A_forwarded_question_reaches_the_department_whose_answer_comes_back_into_the_ticket()
    {
        var agent = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var logistics = await app.ViewerAsync("logistics@demo.local");
        var finance = await app.ViewerAsync("finance@demo.local");
        var number = await NumberWhereAsync(t => t.Category == TicketCategory.Logistics && t.Status == TicketStatus.Open);
        var departmentId = await app.WithDbAsync(db => db.Teams.Where(t => t.Department == Domain.Teams.Department.Logistics).Select(t => t.Id).SingleAsync());

        var requestId = await app.SendAsync(new Forward.Command(agent, number, departmentId, "请核实包裹为何在转运中心滞留三天。"));

        var inbox = await app.SendAsync(new Features.Agent.Departments.IndexModel.Query(logistics));
        Assert.Contains(inbox, r => r.Id == requestId && r.Number == number);
        Assert.DoesNotContain(await app.SendAsync(new Features.Agent.Departments.IndexModel.Query(finance)), r => r.Id == requestId);
        Assert.Equal("department.request.not_found", (await Assert.ThrowsAsync<NotFoundException>(() =>
            app.SendAsync(new Features.Agent.Departments.Answer.Command(finance, requestId, "不是我们的事")))).Key);

        await app.SendAsync(new Features.Agent.Departments.Answer.Command(logistics, requestId, "已联系中转站，今天下午发出。"));

        var view = await app.SendAsync(new TicketView.Query(agent, number));
        Assert.Contains(view!.Messages, m => m.Kind == MessageKind.InternalNote && m.Body == "已联系中转站，今天下午发出。" && m.Author.Contains("物流部", StringComparison.Ordinal));
        Assert.Contains(view.Timeline, i => i.Change?.Field is { Field: "forwarded" });
        Assert.Equal("department_request.already_answered", (await Assert.ThrowsAsync<DomainException>(() =>
            app.SendAsync(new Features.Agent.Departments.Answer.Command(logistics, requestId, "再答一次")))).Key);
    }

    [Fact]
    public async Task A_department_sees_the_products_and_suppliers_of_what_it_received_and_filters_by_supplier()
    {
        var agent = await app.ViewerAsync(DemoSeeder.AgentEmail);
        var (number, lines) = await AfterSalesData.TicketWithOrderAsync(app.Factory.Services, agent.Id, DateTimeOffset.UtcNow, (99m, 1, false), (59m, 1, true));
        await app.WithDbAsync(async db =>
        {
            Assert.True(Ticket.TryParseNumber(number, out var n));
            var complaint = new Domain.Complaints.Complaint(await db.Tickets.SingleAsync(t => t.Number == n), Domain.Complaints.ComplaintType.Quality, Domain.Complaints.Remedy.Refund, "杯盖漏水", DateTimeOffset.UtcNow);
            complaint.SetAffectedLines([lines[1]]);
            db.Complaints.Add(complaint);
            return await db.SaveChangesAsync();
        });
        var product = await app.WithDbAsync(db => db.Teams.Where(t => t.Department == Domain.Teams.Department.Product).Select(t => t.Id).SingleAsync());
        await app.SendAsync(new Forward.Command(agent, number, product, "杯盖密封圈批次问题？请核实供应商。"));

        var client = await app.SignedInClientAsync("product@demo.local");
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/agent/departments"));
        var filtered = new HtmlParser().ParseDocument(await client.GetStringAsync("/agent/departments?supplier=" + Uri.EscapeDataString("测试供应商")));
        var other = new HtmlParser().ParseDocument(await client.GetStringAsync("/agent/departments?supplier=" + Uri.EscapeDataString("别的供应商")));

        var card = page.QuerySelectorAll(".department-request").Single(c => c.TextContent.Contains(number, StringComparison.Ordinal));
        Assert.Equal("定制刻字保温杯（测试供应商）", card.QuerySelector(".request-products")!.TextContent.Trim()); // the complaint's line only
        Assert.Contains(page.QuerySelectorAll("#by-supplier tbody tr"), r => r.TextContent.Contains("测试供应商", StringComparison.Ordinal) && r.TextContent.Contains("定制刻字保温杯", StringComparison.Ordinal));
        Assert.Contains(filtered.QuerySelectorAll(".department-request"), c => c.TextContent.Contains(number, StringComparison.Ordinal));
        Assert.All(filtered.QuerySelectorAll(".department-request .request-products"), p => Assert.Contains("测试供应商", p.TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain(other.QuerySelectorAll(".department-request"), c => c.TextContent.Contains(number, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_follow_up_task_is_due_in_business_time_and_never_in_the_past()
    {
        var agent = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var number = await NumberWhereAsync(t => t.Status == TicketStatus.Open);
        var tomorrow = DateTime.UtcNow.AddHours(8).Date.AddDays(1).AddHours(10); // 10:00 tomorrow, Shanghai

        var id = await app.SendAsync(new CreateTask.Command(agent, number, "回电确认换新已送达", Domain.Tasks.FollowUpKind.CallBack, tomorrow, null));

        var task = await app.WithDbAsync(db => db.FollowUpTasks.SingleAsync(t => t.Id == id));
        Assert.Equal(agent.Id, task.OwnerId);
        Assert.Equal(2, task.DueAt.UtcDateTime.Hour);
        Assert.Equal("task.due_in_past", (await Assert.ThrowsAsync<DomainException>(() =>
            app.SendAsync(new CreateTask.Command(agent, number, "过去的任务", Domain.Tasks.FollowUpKind.CallBack, DateTime.UtcNow.AddDays(-1), null)))).Key);
        Assert.Equal(2, (await Assert.ThrowsAsync<ValidationException>(() =>
            app.SendAsync(new CreateTask.Command(agent, number, " ", Domain.Tasks.FollowUpKind.CallBack, null, null)))).Errors.Count());
    }

    [Fact]
    public async Task A_duplicate_is_merged_into_the_customers_other_ticket()
    {
        var agent = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var (duplicate, target) = await app.WithDbAsync(async db =>
        {
            var pair = await db.Tickets.Where(t => t.Status == TicketStatus.New)
                .SelectMany(t => db.Tickets.Where(o => o.CustomerId == t.CustomerId && o.Id != t.Id && o.Status == TicketStatus.Open), (t, o) => new { A = t.Number, B = o.Number })
                .FirstAsync();
            return (Ticket.FormatNumber(pair.A), Ticket.FormatNumber(pair.B));
        });

        await app.SendAsync(new Merge.Command(agent, duplicate, target));

        Assert.Equal(TicketStatus.Closed, await StatusAsync(duplicate));
        var into = await app.SendAsync(new TicketView.Query(agent, target));
        Assert.Contains(into!.Messages, m => m.Kind == MessageKind.InternalNote && m.Body.StartsWith(duplicate, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tickets_of_different_customers_are_not_merged()
    {
        var agent = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var (a, b) = await app.WithDbAsync(async db =>
        {
            var first = await db.Tickets.Where(t => t.Status == TicketStatus.Open).OrderBy(t => t.Id).FirstAsync();
            var second = await db.Tickets.Where(t => t.Status == TicketStatus.Open && t.CustomerId != first.CustomerId).OrderBy(t => t.Id).FirstAsync();
            return (first.DisplayNumber, second.DisplayNumber);
        });

        var ex = await Assert.ThrowsAsync<DomainException>(() => app.SendAsync(new Merge.Command(agent, a, b)));

        Assert.Equal("ticket.merge.other_customer", ex.Key);
        Assert.Equal(TicketStatus.Open, await StatusAsync(a));
    }

    private static long Number(string display) => Ticket.TryParseNumber(display, out var n) ? n : throw new ArgumentException(display);

    private Task<string> NumberWhereAsync(System.Linq.Expressions.Expression<Func<Ticket, bool>> where) =>
        app.WithDbAsync(async db => Ticket.FormatNumber(await db.Tickets.Where(where).OrderBy(t => t.Id).Select(t => t.Number).FirstAsync()));

    private Task<int> MessageCountAsync(string number) =>
        app.WithDbAsync(db => db.TicketMessages.CountAsync(m => db.Tickets.Any(t => t.Id == m.TicketId && t.Number == Number(number))));

    private Task<Guid?> AssigneeAsync(string number) =>
        app.WithDbAsync(db => db.Tickets.Where(t => t.Number == Number(number)).Select(t => t.AssigneeId).SingleAsync());

    private Task<TicketStatus> StatusAsync(string number) =>
        app.WithDbAsync(db => db.Tickets.Where(t => t.Number == Number(number)).Select(t => t.Status).SingleAsync());
}
