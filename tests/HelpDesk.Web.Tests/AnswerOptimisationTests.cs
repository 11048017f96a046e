using System.Net;
using AngleSharp.Html.Parser;
using FluentValidation;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Knowledge;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Agent.Tickets;
using HelpDesk.Web.Features.Supervisor;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Tests;

/// <summary>
/// 话术优化 and the agent's knowledge on PostgreSQL: a reply from a variant records its use and edit distance, the
/// ticket's events count its outcomes, the ranking is exact (Wilson, minimum sample), supervisors promote and retire,
/// the reply box's suggestions, "turn this reply into an article", and who may see what.
/// </summary>
public sealed class AnswerOptimisationTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_reply_from_a_variant_records_its_use_and_edit_and_the_tickets_events_count_its_outcomes()
    {
        var agent = await app.ViewerAsync(DemoSeeder.AgentEmail);
        var (number, variant, filled) = await LogisticsTicketWithVariantAsync(agent, 0, "{客户姓名}您好，订单 {订单号} 的包裹由 {承运商} 承运，运单号 {运单号}。");
        Assert.DoesNotContain("{", filled, StringComparison.Ordinal);
        var sent = filled + "请您放心。";

        var messageId = await app.SendAsync(new Reply.Command(agent, number, sent, Internal: false, CannedAnswerId: variant));

        var use = await app.WithDbAsync(db => db.AnswerUses.AsNoTracking().SingleAsync(u => u.MessageId == messageId));
        Assert.Equal(variant, use.VariantId);
        Assert.Equal(agent.Id, use.AgentId);
        Assert.Equal(EditDistance.Normalised(filled, sent), use.EditDistance, 9);
        Assert.True(use.EditDistance is > 0 and < 0.2);

        await app.WithDbAsync(async db =>
        {
            var ticket = await db.Tickets.SingleAsync(t => t.Id == use.TicketId);
            var now = DateTimeOffset.UtcNow;
            ticket.ChangeStatus(TicketStatus.Resolved, Actor.Staff(agent.Id, agent.Name), now.AddSeconds(1));
            await db.SaveChangesAsync();
            ticket.AddCustomerMessage("顾客", Channel.WebForm, "还是没收到，怎么回事？", now.AddSeconds(2));   // reopens: wrote again and reopened
            await db.SaveChangesAsync();
            ticket.ChangeCategory(TicketCategory.ComplaintSuggestion, Actor.Staff(agent.Id, agent.Name), now.AddSeconds(3));
            await db.SaveChangesAsync();
            return 0;
        });

        var after = await app.WithDbAsync(db => db.AnswerUses.AsNoTracking().SingleAsync(u => u.MessageId == messageId));
        Assert.NotNull(after.ResolvedAt);
        Assert.NotNull(after.CustomerWroteAt);
        Assert.NotNull(after.ReopenedAt);
        Assert.NotNull(after.ComplainedAt);
        Assert.False(after.IsGood);
    }

    [Fact]
    public async Task The_customers_csat_for_the_resolution_after_the_reply_counts_for_its_variant_on_the_page()
    {
        var agent = await app.ViewerAsync(DemoSeeder.AgentEmail);
        var (number, variant, filled) = await LogisticsTicketWithVariantAsync(agent, 2, "订单 {订单号} 已为您催促快递，请留意派送。");
        var messageId = await app.SendAsync(new Reply.Command(agent, number, filled, Internal: false, CannedAnswerId: variant));
        var ticketId = await app.WithDbAsync(db => db.AnswerUses.Where(u => u.MessageId == messageId).Select(u => u.TicketId).SingleAsync());

        await app.WithDbAsync(async db =>
        {
            var ticket = await db.Tickets.SingleAsync(t => t.Id == ticketId);
            ticket.ChangeStatus(TicketStatus.Resolved, Actor.Staff(agent.Id, agent.Name), DateTimeOffset.UtcNow.AddSeconds(1));
            return await db.SaveChangesAsync();
        });
        await app.WithDbAsync(async db =>
        {
            var survey = await db.Surveys.Where(s => s.TicketId == ticketId && s.Kind == Domain.Surveys.SurveyKind.Csat).OrderByDescending(s => s.Id).FirstAsync(); // sent by this resolution
            survey.Answer(1, "催了也没用", DateTimeOffset.UtcNow.AddSeconds(2));
            return await db.SaveChangesAsync();
        });

        var use = await app.WithDbAsync(db => db.AnswerUses.AsNoTracking().SingleAsync(u => u.MessageId == messageId));
        Assert.Equal((1, false), (use.Csat, use.IsGood));

        // Once judged, the page shows the variant's average CSAT and counts the unhappy one as a bad outcome.
        var page = await app.SendAsync(new AnswersModel.Query(DateTimeOffset.UtcNow.AddDays(8)));
        var outcomes = page.SelectMany(i => i.Variants).Single(v => v.Id == variant).Ranked.Outcomes;
        Assert.Equal((1, 1.0), (outcomes.Rated, outcomes.AverageCsat));
        Assert.True(outcomes.Good < outcomes.Uses);
    }

    [Fact]
    public async Task A_public_reply_with_a_variable_left_unfilled_is_refused_and_nothing_is_written_but_a_note_may_hold_one()
    {
        var agent = await app.ViewerAsync(DemoSeeder.AgentEmail);
        var (number, variant, _) = await LogisticsTicketWithVariantAsync(agent, 1, "退款 {退款金额} 已提交。");
        var before = await app.WithDbAsync(db => db.TicketMessages.CountAsync());

        var refused = await Assert.ThrowsAsync<ValidationException>(() => app.SendAsync(new Reply.Command(agent, number, "退款 {退款金额} 已提交。", Internal: false, CannedAnswerId: variant)));

        var error = Assert.Single(refused.Errors);
        Assert.Equal("Body", error.PropertyName);
        Assert.Contains("{退款金额}", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.TicketMessages.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.AnswerUses.CountAsync(u => u.VariantId == variant)));
        await app.SendAsync(new Reply.Command(agent, number, "提醒自己：{退款金额} 待财务确认", Internal: true));
    }

    [Fact]
    public async Task A_variant_with_30_percent_reopened_over_60_uses_loses_to_one_with_5_percent_and_5_uses_each_is_not_enough_data()
    {
        var (intent, poor, good) = await IntentWithUsesAsync("测试·包裹延误", (60, 18), (60, 3));
        var (thin, thinA, thinB) = await IntentWithUsesAsync("测试·样本太少", (5, 0), (5, 1));

        var page = await app.SendAsync(new AnswersModel.Query(DateTimeOffset.UtcNow));

        var ranked = page.Single(i => i.Id == intent);
        Assert.Equal([good, poor], ranked.Variants.Select(v => v.Id));
        Assert.Equal(good, ranked.Winner?.Id);
        var (best, worst) = (ranked.Variants[0].Ranked.Outcomes, ranked.Variants[1].Ranked.Outcomes);
        Assert.Equal((60, 57, 3), (best.Uses, best.Good, best.Reopened));
        Assert.Equal((60, 42, 18), (worst.Uses, worst.Good, worst.Reopened));
        Assert.Equal(Wilson.LowerBound(57, 60), best.LowerBound, 12);
        Assert.Equal(0.862995, best.LowerBound, 6);
        Assert.Equal(0.574913, worst.LowerBound, 6);
        Assert.Equal(2.0, best.MedianHoursToResolution!.Value, 6);
        Assert.Null(page.Single(i => i.Id == thin).Winner);
        Assert.All(page.Single(i => i.Id == thin).Variants, v => Assert.False(v.Ranked.EnoughData));

        var supervisor = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);
        var html = new HtmlParser().ParseDocument(await supervisor.GetStringAsync("/supervisor/answers"));
        var section = html.QuerySelector($".intent[data-intent='{intent}']")!;
        Assert.Contains("推荐：测试·包裹延误 B", section.QuerySelector(".recommendation")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("86.3%", section.QuerySelector($"tr[data-variant='{good}'] .lower-bound")!.TextContent.Trim());
        Assert.NotNull(section.QuerySelector($"tr[data-variant='{good}'].table-success"));
        var thinSection = html.QuerySelector($".intent[data-intent='{thin}']")!;
        Assert.Equal(2, thinSection.QuerySelectorAll(".not-enough").Length);
        Assert.Contains("数据不足", thinSection.TextContent, StringComparison.Ordinal);
        Assert.Contains("暂无推荐", thinSection.QuerySelector(".recommendation")!.TextContent, StringComparison.Ordinal);
        Assert.True(thinA > 0 && thinB > 0);
    }

    [Fact]
    public async Task The_ranking_costs_three_queries_however_many_intents_and_reads_only_the_uses_table()
    {
        await IntentWithUsesAsync("测试·查询次数", (3, 0), (3, 1));
        using (SqlCounter.Counting(out var count))
        {
            await app.SendAsync(new AnswersModel.Query(DateTimeOffset.UtcNow));
            Assert.Equal(3, count.Value);
        }

        // The ranking's grouped scan is answer_uses by variant id; ticket_messages is never part of it.
        var plan = await app.WithDbAsync(db => db.Database.SqlQueryRaw<string>(
            "EXPLAIN SELECT variant_id, count(*) FROM answer_uses WHERE variant_id = ANY(ARRAY[1,2,3]) GROUP BY variant_id").ToListAsync());
        Assert.DoesNotContain(plan, line => line.Contains("ticket_messages", StringComparison.Ordinal));
        var indexes = await app.WithDbAsync(db => db.Database.SqlQueryRaw<string>("SELECT indexname AS \"Value\" FROM pg_indexes WHERE tablename = 'answer_uses'").ToListAsync());
        Assert.Contains("ix_answer_uses_variant_id_used_at", indexes);
    }

    [Fact]
    public async Task A_supervisor_promotes_the_winner_and_retires_the_loser_which_agents_are_no_longer_offered_and_agents_may_do_neither()
    {
        var (intent, poor, good) = await IntentWithUsesAsync("测试·推荐与淘汰", (40, 12), (40, 1));
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var agent = await app.ViewerAsync(DemoSeeder.AgentEmail);

        Assert.Equal("answers.supervisors_only", (await Assert.ThrowsAsync<ForbiddenException>(() => app.SendAsync(new AnswersModel.Promote(agent, intent, good, DateTimeOffset.UtcNow)))).Key);
        Assert.Equal("answers.supervisors_only", (await Assert.ThrowsAsync<ForbiddenException>(() => app.SendAsync(new AnswersModel.Retire(agent, intent, poor, DateTimeOffset.UtcNow)))).Key);
        await app.SendAsync(new AnswersModel.Promote(supervisor, intent, good, DateTimeOffset.UtcNow));
        Assert.Equal("intent.variant.recommended", (await Assert.ThrowsAsync<DomainException>(() => app.SendAsync(new AnswersModel.Retire(supervisor, intent, good, DateTimeOffset.UtcNow)))).Key);
        await app.SendAsync(new AnswersModel.Retire(supervisor, intent, poor, DateTimeOffset.UtcNow));

        var (recommended, retired) = await app.WithDbAsync(async db => (
            await db.AnswerIntents.Where(i => i.Id == intent).Select(i => i.RecommendedVariantId).SingleAsync(),
            await db.CannedAnswers.Where(c => c.Id == poor).Select(c => new { c.IsActive, c.RetiredAt }).SingleAsync()));
        Assert.Equal(good, recommended);
        Assert.False(retired.IsActive);
        Assert.NotNull(retired.RetiredAt);
        var number = await LogisticsTicketAsync(agent, 2);
        var ticket = await app.SendAsync(new DetailsModel.Query(agent, number));
        Assert.DoesNotContain(ticket!.CannedAnswers, c => c.Id == poor);
        Assert.Contains(ticket.CannedAnswers, c => c.Id == good);
    }

    [Fact]
    public async Task The_reply_box_suggests_articles_and_the_recommended_variant_filled_with_the_tickets_parcel()
    {
        var agent = await app.ViewerAsync(DemoSeeder.AgentEmail);
        var supervisor = await app.ViewerAsync(DemoSeeder.SupervisorEmail);
        var number = await LogisticsTicketAsync(agent, 3);
        var (intent, b) = await app.WithDbAsync(async db =>
        {
            var v = await db.CannedAnswers.SingleAsync(c => c.Title == "查询物流进度（承运商+承诺）");
            return (v.IntentId, v.Id);
        });
        await app.SendAsync(new AnswersModel.Promote(supervisor, intent, b, DateTimeOffset.UtcNow));
        var parcel = await app.WithDbAsync(async db =>
        {
            var orderId = await db.Tickets.Where(t => t.Number == Parse(number)).Select(t => t.OrderId).SingleAsync();
            return await db.Shipments.Where(s => s.OrderId == orderId).OrderByDescending(s => s.ShippedAt).ThenByDescending(s => s.Id).Select(s => new { s.Carrier, s.TrackingNumber }).FirstAsync();
        });

        var found = await app.SendAsync(new Suggestions.Query(agent, number, "zh-CN"));

        Assert.NotNull(found);
        Assert.NotEmpty(found!.Articles);
        Assert.InRange(found.Articles.Count, 1, DetailsModel.SuggestedArticles);
        var answer = found.Answers.First(a => a.Intent == "查询物流进度");
        Assert.Equal(b, answer.Id);
        Assert.True(answer.Recommended);
        Assert.Contains(parcel.Carrier, answer.Body, StringComparison.Ordinal);
        Assert.Contains(parcel.TrackingNumber, answer.Body, StringComparison.Ordinal);
        Assert.Equal(["{承诺时间}"], answer.Unfilled);   // no open promise on the ticket: left visible and marked
        Assert.All(found.Articles.Where(a => !a.Internal), a => Assert.Contains($"/help/articles/{a.Slug}", a.Insert, StringComparison.Ordinal));

        var client = await app.SignedInClientAsync(DemoSeeder.AgentEmail);
        var partial = new HtmlParser().ParseDocument(await client.GetStringAsync($"/agent/tickets/{number.ToLowerInvariant()}?handler=Suggestions"));
        Assert.NotNull(partial.QuerySelector($"button.suggestion[data-answer-id='{b}'] mark.unfilled"));
    }

    [Fact]
    public async Task Suggestions_and_the_optimisation_page_are_closed_to_customers_anonymous_visitors_and_agents()
    {
        var agent = await app.ViewerAsync(DemoSeeder.AgentEmail);
        var number = await LogisticsTicketAsync(agent, 4);
        var url = $"/agent/tickets/{number.ToLowerInvariant()}?handler=Suggestions";

        var anonymous = await app.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        var customerPage = await app.Client().GetAsync("/t/not-a-token?handler=Suggestions");
        Assert.NotEqual(HttpStatusCode.OK, customerPage.StatusCode);

        var client = await app.SignedInClientAsync(DemoSeeder.AgentEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/supervisor/answers")).StatusCode);
        var promote = await client.PostAsync("/supervisor/answers?handler=Promote&intentId=1&variantId=1", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.Forbidden, promote.StatusCode);   // the folder policy answers before antiforgery
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/knowledge/edit?fromReply=1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/agent/tickets/hd-999999999?handler=Suggestions")).StatusCode);
    }

    [Fact]
    public async Task A_supervisor_turns_a_sent_reply_into_a_draft_article_prefilled_from_the_ticket()
    {
        var agent = await app.ViewerAsync(DemoSeeder.AgentEmail);
        var number = await LogisticsTicketAsync(agent, 5);
        var messageId = await app.SendAsync(new Reply.Command(agent, number, "包裹滞留时，我们会联系承运商催件，通常 24 小时内更新物流。", Internal: false));
        var subject = await app.WithDbAsync(db => db.Tickets.Where(t => t.Number == Parse(number)).Select(t => t.Subject).SingleAsync());
        var client = await app.SignedInClientAsync(DemoSeeder.SupervisorEmail);

        var ticketPage = new HtmlParser().ParseDocument(await client.GetStringAsync($"/agent/tickets/{number.ToLowerInvariant()}"));
        Assert.NotNull(ticketPage.QuerySelector($"a.to-article[href='/knowledge/edit?fromReply={messageId}']"));
        var agentPage = new HtmlParser().ParseDocument(await (await app.SignedInClientAsync(DemoSeeder.AgentEmail)).GetStringAsync($"/agent/tickets/{number.ToLowerInvariant()}"));
        Assert.Null(agentPage.QuerySelector("a.to-article"));

        var editor = new HtmlParser().ParseDocument(await client.GetStringAsync($"/knowledge/edit?fromReply={messageId}"));
        Assert.Equal(subject, editor.QuerySelector("#Input_Title")!.GetAttribute("value"));
        Assert.Equal("包裹滞留时，我们会联系承运商催件，通常 24 小时内更新物流。", editor.QuerySelector("#Input_Body")!.TextContent.Trim());
        Assert.Equal("物流配送", editor.QuerySelector("#Input_CategoryId option[selected]")!.TextContent.Trim());
        Assert.Contains(number, editor.QuerySelector("#from-reply")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/knowledge/edit?fromReply=999999999")).StatusCode);
    }

    private static long Parse(string number) => Ticket.TryParseNumber(number, out var n) ? n : 0;

    /// <summary>A logistics ticket of the agent's teams with an order that has a parcel.</summary>
    private Task<string> LogisticsTicketAsync(Viewer agent, int index) => app.WithDbAsync(async db =>
    {
        var teams = await db.TeamMembers.Where(m => m.UserId == agent.Id).Select(m => m.TeamId).ToListAsync();
        return Ticket.FormatNumber(await db.Tickets
            .Where(t => t.Category == TicketCategory.Logistics && t.TeamId != null && teams.Contains(t.TeamId.Value) && t.OrderId != null
                && t.MergedIntoTicketId == null && t.Status != TicketStatus.Closed && db.Shipments.Any(s => s.OrderId == t.OrderId)
                && !db.Commitments.Any(c => c.TicketId == t.Id && c.Status == Domain.Commitments.CommitmentStatus.Open))
            .OrderBy(t => t.Id).Skip(index).Select(t => t.Number).FirstAsync());
    });

    private async Task<(string Number, int Variant, string Filled)> LogisticsTicketWithVariantAsync(Viewer agent, int index, string body)
    {
        var number = await LogisticsTicketAsync(agent, index + 10);
        var variant = await app.WithDbAsync(async db =>
        {
            var answer = new CannedAnswer($"测试变量 {index}", body, TicketCategory.Logistics);
            db.CannedAnswers.Add(answer);
            await db.SaveChangesAsync();
            return answer.Id;
        });
        var ticket = await app.SendAsync(new DetailsModel.Query(agent, number));
        return (number, variant, ticket!.CannedAnswers.Single(c => c.Id == variant).Body);
    }

    /// <summary>An intent with variants A and B and (uses, bad outcomes) each, settled (10 days old), resolved 2 h after the reply.</summary>
    private Task<(int Intent, int A, int B)> IntentWithUsesAsync(string name, (int Uses, int Bad) a, (int Uses, int Bad) b) => app.WithDbAsync(async db =>
    {
        var intent = new AnswerIntent(name, TicketCategory.Logistics);
        var va = new CannedAnswer(name + " A", "您好，已为您查询物流。", TicketCategory.Logistics, intent);
        var vb = new CannedAnswer(name + " B", "您好，已为您联系承运商催件。", TicketCategory.Logistics, intent);
        db.CannedAnswers.AddRange(va, vb);
        await db.SaveChangesAsync();
        var ticket = await db.Tickets.Include(t => t.Messages).Where(t => t.Category == TicketCategory.Logistics && t.MergedIntoTicketId == null).OrderByDescending(t => t.Id).FirstAsync();
        var at = DateTimeOffset.UtcNow.AddDays(-10);
        var agent = await db.Users.Where(u => u.Email == DemoSeeder.AgentEmail).Select(u => u.Id).SingleAsync();
        foreach (var (variant, (uses, bad)) in new[] { (va, a), (vb, b) })
        {
            for (var k = 0; k < uses; k++)
            {
                var reply = ticket.Reply(agent, "测试", $"{variant.Title} #{k}", at);
                await db.SaveChangesAsync();
                var use = new AnswerUse(variant, ticket, reply, agent, 0.1, at);
                use.Resolved(at.AddHours(2));
                if (k < bad)
                {
                    use.Reopened(at.AddDays(1));
                }

                db.AnswerUses.Add(use);
            }
        }

        await db.SaveChangesAsync();
        return (intent.Id, va.Id, vb.Id);
    });
}
