using HelpDesk.Domain.Common;
using HelpDesk.Domain.Sentiment;
using HelpDesk.Domain.Tickets;

namespace HelpDesk.Domain.Tests;

/// <summary>Each rule of the early warning on its own, then what an urgent message does to its ticket.</summary>
public class UrgencyScorerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);

    private static UrgencyAssessment Score(string? text) => UrgencyScorer.Score(text);

    private static IEnumerable<string> Codes(UrgencyAssessment a) => a.Reasons.Where(r => r.Points != 0 || r.Code == UrgencyReason.Negated).Select(r => r.Code);

    [Fact]
    public void A_calm_question_scores_nothing_and_an_empty_message_zero()
    {
        Assert.Equal(0, Score("请问我的订单什么时候发货？").Score);
        Assert.Equal(0, Score("   ").Score);
        Assert.Equal(0, Score(null).Score);
        Assert.False(Score("请问我的订单什么时候发货？").IsUrgent);
    }

    [Theory]
    [InlineData("我不是不满意，只是想问问")]
    [InlineData("我不想投诉，只是希望尽快补发")]
    [InlineData("I don't want to sue anyone, just fix it")]
    [InlineData("我并没有要投诉的意思")]
    public void A_negated_word_counts_nothing_and_says_so(string text)
    {
        var a = Score(text);

        Assert.Contains(a.Reasons, r => r.Code == UrgencyReason.Negated && r.Points == 0);
        Assert.DoesNotContain(a.Reasons, r => r.Code is "anger" or "escalation" or "complaint");
        Assert.False(a.IsUrgent);
    }

    [Fact]
    public void The_same_word_without_its_negation_counts()
    {
        Assert.Contains("complaint", Codes(Score("我不满意")));
        Assert.Contains("escalation", Codes(Score("I want to sue you")));
    }

    [Fact]
    public void A_negation_reaches_only_within_its_clause_and_a_one_character_one_only_the_next_character()
    {
        Assert.Contains("anger", Codes(Score("不是我说，你们真是骗子")));
        Assert.Contains("complaint", Codes(Score("不久就坏了")));
        Assert.Contains(UrgencyReason.Negated, Codes(Score("我没生气")));
    }

    [Theory]
    [InlineData("不太满意")]
    [InlineData("I'm not happy with this")]
    [InlineData("not very satisfied")]
    public void A_negated_pleased_word_is_a_complaint(string text)
    {
        var a = Score(text);

        var reason = Assert.Single(a.Reasons, r => r.Code == UrgencyReason.NegatedPositive);
        Assert.True(reason.Points > 0);
    }

    [Fact]
    public void An_intensifier_adds_half_of_the_next_words_points()
    {
        var plain = Score("失望").Score;
        var strong = Score("非常失望").Score;

        Assert.Equal(12, plain);
        Assert.Equal(18, strong);
        Assert.Equal("非常失望", Assert.Single(Score("非常失望").Reasons).Term);
    }

    [Theory]
    [InlineData("我要去12315")]
    [InlineData("再这样我就找消协")]
    [InlineData("我要曝光你们")]
    [InlineData("我已经找了律师")]
    [InlineData("准备起诉")]
    [InlineData("我要投诉到总部")]
    [InlineData("I'll file a chargeback")]
    public void A_threat_to_escalate_is_urgent_on_its_own(string text)
    {
        var a = Score(text);

        Assert.Contains("escalation", Codes(a));
        Assert.True(a.IsUrgent, $"{a.Score}");
    }

    [Theory]
    [InlineData("请问相机的曝光补偿怎么调")]
    [InlineData("发票抬头是北京某某律师事务所")]
    [InlineData("订单号123150，请查一下")]
    [InlineData("The court shoes are a bit small")]
    [InlineData("There is an issue with my invoice")]
    public void Look_alikes_and_parts_of_other_words_are_not_threats(string text)
    {
        Assert.DoesNotContain("escalation", Codes(Score(text)));
    }

    [Fact]
    public void The_longer_term_wins_over_the_one_inside_it()
    {
        var a = Score("我要投诉到总部");

        Assert.Equal("投诉到", Assert.Single(a.Reasons).Term);
    }

    [Fact]
    public void Further_words_of_a_kind_count_half()
    {
        var a = Score("垃圾，骗子");

        Assert.Equal([50, 25], a.Reasons.Select(r => r.Points));
    }

    [Theory]
    [InlineData("这是我第三次打电话了", 50)]
    [InlineData("我联系了五次", 50)]
    [InlineData("This is the third time I'm writing to you", 50)]
    [InlineData("第二次联系你们了", 25)]
    public void A_counted_contact_is_a_repeat_and_the_third_is_urgent(string text, int points)
    {
        var reason = Assert.Single(Score(text).Reasons, r => r.Code == UrgencyReason.Contacts);

        Assert.Equal(points, reason.Points);
    }

    [Theory]
    [InlineData("这是我第三次购买了，一如既往的好")]
    [InlineData("third time buying from you")]
    [InlineData("这是两回事")]
    public void Purchases_and_other_counts_are_not_contacts(string text)
    {
        Assert.DoesNotContain(UrgencyReason.Contacts, Codes(Score(text)));
    }

    [Fact]
    public void The_same_trouble_again_counts_as_recurring()
    {
        Assert.Contains(UrgencyReason.Recurring, Codes(Score("这已经是第二次发错货了")));
    }

    [Theory]
    [InlineData("快递还没发货")]
    [InlineData("又没发货")]
    [InlineData("Still waiting for my refund")]
    public void Repeat_words_count(string text)
    {
        Assert.Contains("repeatcontact", Codes(Score(text)));
    }

    [Theory]
    [InlineData("质量又好又便宜")]
    [InlineData("上次买的很好")]
    public void Happy_uses_of_repeat_words_do_not(string text)
    {
        Assert.DoesNotContain("repeatcontact", Codes(Score(text)));
    }

    [Fact]
    public void Shouting_in_English_counts_but_abbreviations_do_not()
    {
        Assert.Contains(UrgencyReason.Caps, Codes(Score("WHERE ARE my parcels")));
        Assert.Equal(35, Assert.Single(Score("WHERE ARE YOUR PEOPLE").Reasons).Points);
        Assert.DoesNotContain(UrgencyReason.Caps, Codes(Score("Sent by DHL with a USB cable and an SMS")));
        Assert.DoesNotContain(UrgencyReason.Caps, Codes(Score("WHERE is my parcel")));
    }

    [Fact]
    public void Runs_of_exclamation_and_question_marks_count_in_either_width()
    {
        Assert.Equal(15, Assert.Single(Score("发货！！！").Reasons).Points);
        Assert.Equal(15, Assert.Single(Score("where???").Reasons).Points);
        Assert.Equal(10, Assert.Single(Score("为什么？！").Reasons).Points);
        Assert.Equal(8, Assert.Single(Score("快点!!").Reasons).Points);
        Assert.Equal(0, Score("好的！谢谢？").Reasons.Where(r => r.Code is UrgencyReason.Exclamations or UrgencyReason.QuestionMarks).Sum(r => r.Points));
    }

    [Fact]
    public void An_ultimatum_counts()
    {
        Assert.Contains(UrgencyReason.Ultimatum, Codes(Score("再不处理我就不客气了")));
        Assert.Contains(UrgencyReason.Ultimatum, Codes(Score("Refund me or I will go elsewhere")));
    }

    [Fact]
    public void Pleased_words_take_points_off_once_and_the_score_never_goes_below_zero_or_above_100()
    {
        Assert.Equal(0, Score("谢谢，很满意，感谢").Score);
        Assert.Equal(100, Score("垃圾骗子！！！我要去12315曝光你们，找律师起诉，第三次联系了").Score);
    }

    [Fact]
    public void An_admins_term_is_found_and_replaces_a_built_in_one_with_the_same_words()
    {
        var lexicon = UrgencyLexicon.BuiltIn.With([new UrgencyTerm("退货难", UrgencyTermKind.Anger, 55), new UrgencyTerm("曝光", UrgencyTermKind.Complaint, 5)]);

        Assert.Equal(55, UrgencyScorer.Score("你们退货难", lexicon).Score);
        Assert.Equal(5, UrgencyScorer.Score("我要曝光", lexicon).Score);
        Assert.Equal(0, UrgencyScorer.Score("你们退货难").Score);
    }

    [Fact]
    public void A_term_is_folded_and_checked()
    {
        Assert.Equal("abc!", new UrgencyTerm(" ＡＢＣ！ ", UrgencyTermKind.Anger).Text);
        Assert.Equal(50, new UrgencyTerm("x", UrgencyTermKind.Anger).Weight);
        Assert.Equal(0, new UrgencyTerm("x", UrgencyTermKind.Negator, 30).Weight);
        Assert.Equal("urgency.term.weight", Assert.Throws<DomainException>(() => new UrgencyTerm("x", UrgencyTermKind.Anger, 0)).Key);
        Assert.Equal("urgency.term.weight", Assert.Throws<DomainException>(() => new UrgencyTerm("x", UrgencyTermKind.Anger, 101)).Key);
        Assert.Equal("urgency.term.required", Assert.Throws<DomainException>(() => new UrgencyTerm(" ", UrgencyTermKind.Anger)).Key);
        Assert.Equal("urgency.term.too_long", Assert.Throws<DomainException>(() => new UrgencyTerm(new string('字', 41), UrgencyTermKind.Anger)).Key);
    }

    [Fact]
    public void A_reason_round_trips_through_its_stored_form()
    {
        var reason = new UrgencyReason("anger", "a|b", -10);

        Assert.Equal(new UrgencyReason("anger", "a/b", -10), UrgencyReason.Decode(reason.Encode()));
        Assert.Null(UrgencyReason.Decode("broken"));
    }

    [Fact]
    public void An_urgent_message_raises_the_priority_one_step_and_warns_once()
    {
        var ticket = Ticket.Open("退款", TicketCategory.AfterSales, TicketPriority.Normal, Channel.WebForm, 7, "张三", "退款什么时候到？", Now);
        ticket.AssessUrgency(ticket.Messages[0], Score(ticket.Messages[0].Body), Now);
        Assert.Equal(TicketPriority.Normal, ticket.Priority);
        Assert.Null(ticket.UrgentAt);
        ticket.ClearDomainEvents();

        var angry = ticket.AddCustomerMessage("张三", Channel.WebForm, "第三次问了，再不退款我就去12315投诉！", Now.AddHours(1));
        ticket.AssessUrgency(angry, Score(angry.Body), Now.AddHours(1));
        var again = ticket.AddCustomerMessage("张三", Channel.WebForm, "你们就是骗子", Now.AddHours(2));
        ticket.AssessUrgency(again, Score(again.Body), Now.AddHours(2));

        Assert.Equal(TicketPriority.High, ticket.Priority);
        Assert.Equal(Now.AddHours(1), ticket.UrgentAt);
        Assert.Single(ticket.DomainEvents.OfType<CustomerTurnedUrgent>());
        var changed = Assert.Single(ticket.DomainEvents.OfType<PriorityChanged>());
        Assert.Equal(EarlyWarning.Actor, changed.By);
        Assert.Equal(100, ticket.Urgency);
        Assert.Equal(50, ticket.LatestUrgency);
        Assert.Contains(ticket.UrgencyReasons, r => r.StartsWith("escalation|12315|", StringComparison.Ordinal));
        Assert.Equal(50, again.Urgency);
        Assert.Equal(0, ticket.Messages[0].Urgency);
    }

    [Fact]
    public void An_urgent_ticket_stays_urgent_but_is_still_announced()
    {
        var ticket = Ticket.Open("退款", TicketCategory.AfterSales, TicketPriority.Urgent, Channel.WebForm, 7, "张三", "骗子！我要起诉你们", Now);
        ticket.ClearDomainEvents();

        ticket.AssessUrgency(ticket.Messages[0], Score(ticket.Messages[0].Body), Now);

        Assert.Equal(TicketPriority.Urgent, ticket.Priority);
        Assert.Empty(ticket.DomainEvents.OfType<PriorityChanged>());
        Assert.Single(ticket.DomainEvents.OfType<CustomerTurnedUrgent>());
    }

    [Fact]
    public void Only_customer_messages_are_scored()
    {
        var ticket = Ticket.Open("退款", TicketCategory.AfterSales, TicketPriority.Normal, Channel.WebForm, 7, "张三", "你好", Now);
        var note = ticket.AddInternalNote(Guid.NewGuid(), "李客服", "客户说要去12315", Now);

        Assert.Equal("ticket.urgency.not_customer", Assert.Throws<DomainException>(() => ticket.AssessUrgency(note, Score(note.Body), Now)).Key);
    }
}
