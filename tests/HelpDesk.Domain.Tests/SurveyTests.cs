using HelpDesk.Domain.Common;
using HelpDesk.Domain.Surveys;
using HelpDesk.Domain.Tickets;

namespace HelpDesk.Domain.Tests;

public class SurveyTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    private static Survey Csat() => Survey.Csat(11, 7, 1, Guid.NewGuid(), 3, SurveyDelivery.Email, Now, Lifetime).Survey;

    private static Survey Nps() => Survey.Nps(7, 11, null, null, SurveyDelivery.Sms, Now, Lifetime).Survey;

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void CSAT_takes_1_to_5_only(int score)
    {
        var survey = Csat();
        Assert.Equal("survey.score.csat", Assert.Throws<DomainException>(() => survey.Answer(score, null, Now)).Key);
        Assert.False(survey.IsAnswered);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(10, true)]
    [InlineData(11, false)]
    public void NPS_takes_0_to_10(int score, bool taken)
    {
        var survey = Nps();
        if (taken)
        {
            survey.Answer(score, null, Now);
            Assert.Equal(score, survey.Score);
        }
        else
        {
            Assert.Equal("survey.score.nps", Assert.Throws<DomainException>(() => survey.Answer(score, null, Now)).Key);
        }
    }

    [Fact]
    public void A_survey_is_answered_once_the_first_answer_stays()
    {
        var survey = Csat();
        survey.Answer(5, "  很好 ", Now.AddMinutes(3));

        Assert.Equal("survey.already", Assert.Throws<DomainException>(() => survey.Answer(1, "改了", Now.AddMinutes(4))).Key);
        Assert.Equal((5, "很好", Now.AddMinutes(3)), (survey.Score!.Value, survey.Comment, survey.AnsweredAt!.Value));
    }

    [Fact]
    public void A_blank_comment_is_no_comment_and_a_long_one_is_refused()
    {
        var survey = Csat();
        Assert.Equal("survey.comment.too_long", Assert.Throws<DomainException>(() => survey.Answer(3, new string('长', Survey.CommentMaxLength + 1), Now)).Key);
        survey.Answer(3, "   ", Now);
        Assert.Null(survey.Comment);
    }

    [Fact]
    public void The_link_works_until_the_last_instant_before_it_expires()
    {
        var late = Csat();
        late.Answer(4, null, Now + Lifetime - TimeSpan.FromTicks(1));
        Assert.True(late.IsAnswered);

        var expired = Csat();
        Assert.Equal("survey.expired", Assert.Throws<DomainException>(() => expired.Answer(4, null, Now + Lifetime)).Key);
    }

    [Fact]
    public void Each_survey_has_its_own_token_stored_only_as_its_hash()
    {
        var (a, tokenA) = Survey.Csat(11, 7, 1, null, null, SurveyDelivery.Portal, Now, Lifetime);
        var (b, tokenB) = Survey.Csat(11, 7, 2, null, null, SurveyDelivery.Portal, Now, Lifetime);

        Assert.NotEqual(tokenA, tokenB);
        Assert.True(TicketLink.LooksLikeToken(tokenA));
        Assert.Equal(TicketLink.Hash(tokenA), a.TokenHash);
        Assert.DoesNotContain(tokenB, b.TokenHash, StringComparison.Ordinal);
        Assert.Equal((1, 2), (a.Resolution!.Value, b.Resolution!.Value));
        Assert.Equal("survey.resolution", Assert.Throws<DomainException>(() => Survey.Csat(11, 7, 0, null, null, SurveyDelivery.Email, Now, Lifetime)).Key);
    }

    [Fact]
    public void NPS_is_due_for_a_customer_never_asked_and_then_not_before_90_days_whatever_is_configured()
    {
        Assert.True(NpsSchedule.IsDue(null, Now, 90));
        Assert.False(NpsSchedule.IsDue(Now, Now.AddDays(90).AddTicks(-1), 90));
        Assert.True(NpsSchedule.IsDue(Now, Now.AddDays(90), 90));
        Assert.False(NpsSchedule.IsDue(Now, Now.AddDays(89), 30)); // a shorter setting is raised to 90
        Assert.Equal(90, NpsSchedule.Interval(7));
        Assert.False(NpsSchedule.IsDue(Now, Now.AddDays(119), 120));
        Assert.True(NpsSchedule.IsDue(Now, Now.AddDays(120), 120));
    }

    [Fact]
    public void Satisfied_is_4_or_5_and_NPS_is_promoters_minus_detractors()
    {
        Assert.Equal([false, false, false, true, true], Enumerable.Range(1, 5).Select(SurveyScores.Satisfied).ToArray());
        Assert.Null(SurveyScores.NetPromoterScore([]));
        Assert.Equal(25.0, SurveyScores.NetPromoterScore([10, 9, 8, 6])); // 2 promoters, 1 passive, 1 detractor
        Assert.Equal(-100.0, SurveyScores.NetPromoterScore([0, 6]));
    }

    [Fact]
    public void Each_resolution_of_a_ticket_is_numbered_so_a_reopened_ticket_resolved_again_gets_a_second_survey()
    {
        var ticket = Ticket.Open("电饭煲不通电", TicketCategory.AfterSales, TicketPriority.Normal, Channel.WebForm, 7, "张三", "不通电", Now);
        var agent = Actor.Staff(Guid.NewGuid(), "客服");
        ticket.Reply(agent.StaffId!.Value, agent.Name, "已处理", Now.AddMinutes(1));
        ticket.ChangeStatus(TicketStatus.Resolved, agent, Now.AddMinutes(2));
        ticket.AddCustomerMessage("张三", Channel.WebForm, "还是不行", Now.AddMinutes(3));
        ticket.ChangeStatus(TicketStatus.Resolved, agent, Now.AddMinutes(4));

        var changes = ticket.DomainEvents.OfType<StatusChanged>().ToList();
        Assert.Equal([1, 2], changes.Where(c => c.To == TicketStatus.Resolved).Select(c => c.Resolution).ToList());
        Assert.All(changes.Where(c => c.To != TicketStatus.Resolved), c => Assert.Equal(0, c.Resolution));
        Assert.Equal(2, ticket.Resolutions);
    }
}
