using HelpDesk.Domain.Common;
using HelpDesk.Domain.Knowledge;
using HelpDesk.Domain.Tickets;

namespace HelpDesk.Domain.Tests;

/// <summary>话术优化's rules: the Wilson bound, edit distance, the outcome windows, ranking, placeholders and matching.</summary>
public sealed class AnswerOptimisationTests
{
    private static readonly DateTimeOffset Sent = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(57, 60, 0.862995)]
    [InlineData(42, 60, 0.574913)]
    [InlineData(1, 1, 0.206549)]
    [InlineData(10, 10, 0.722467)]
    [InlineData(81, 100, 0.722212)]
    [InlineData(5, 5, 0.565518)]
    [InlineData(0, 10, 0.0)]
    public void The_wilson_lower_bound_matches_the_formula_at_95_percent(int successes, int n, double expected) =>
        Assert.Equal(expected, Wilson.LowerBound(successes, n), 6);

    [Fact]
    public void No_uses_give_a_bound_of_zero_and_impossible_counts_are_refused()
    {
        Assert.Equal(0, Wilson.LowerBound(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Wilson.LowerBound(3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Wilson.LowerBound(-1, 2));
    }

    [Fact]
    public void A_small_perfect_sample_ranks_below_a_large_very_good_one()
    {
        Assert.True(Wilson.LowerBound(5, 5) < Wilson.LowerBound(95, 100));
    }

    [Theory]
    [InlineData("您好，已为您催促物流。", "您好，已为您催促物流。", 0.0)]
    [InlineData("", "", 0.0)]
    [InlineData("abc", "", 1.0)]
    [InlineData("kitten", "sitting", 3.0 / 7)]
    [InlineData("您好，退款已提交。", "您好，退款已经提交。", 1.0 / 10)]
    [InlineData("line one\r\n", "line one", 0.0)]
    [InlineData("物流", "退款", 1.0)]
    public void The_edit_distance_is_levenshtein_over_the_longer_length(string from, string to, double expected) =>
        Assert.Equal(expected, EditDistance.Normalised(from, to), 6);

    [Fact]
    public void The_edit_distance_is_symmetric_and_counts_a_chinese_character_as_one_edit()
    {
        Assert.Equal(1, EditDistance.Levenshtein("退款", "退货"));
        Assert.Equal(EditDistance.Normalised("催促发货", "已经帮您催促仓库发货"), EditDistance.Normalised("已经帮您催促仓库发货", "催促发货"));
    }

    [Fact]
    public void Outcomes_count_only_inside_their_windows_after_the_reply()
    {
        var use = NewUse();

        use.CustomerWrote(Sent);                        // the same moment: not after the reply
        use.CustomerWrote(Sent.AddHours(48).AddSeconds(1));
        Assert.Null(use.CustomerWroteAt);
        use.CustomerWrote(Sent.AddHours(48));
        Assert.Equal(Sent.AddHours(48), use.CustomerWroteAt);

        use.Reopened(Sent.AddDays(1));                  // never resolved after the reply: not a reopen
        Assert.Null(use.ReopenedAt);
        use.Resolved(Sent.AddHours(5));
        use.Resolved(Sent.AddHours(9));                 // the first resolution is the time to resolution
        Assert.Equal(TimeSpan.FromHours(5), use.TimeToResolution);
        use.Reopened(Sent.AddDays(7).AddMinutes(1));
        Assert.Null(use.ReopenedAt);
        use.Reopened(Sent.AddDays(6));
        Assert.Equal(Sent.AddDays(6), use.ReopenedAt);

        use.Complained(Sent.AddDays(8));
        Assert.Null(use.ComplainedAt);
        Assert.False(use.IsGood);
    }

    [Fact]
    public void A_use_is_judged_after_seven_days_and_good_when_nothing_went_wrong()
    {
        var use = NewUse();
        use.Resolved(Sent.AddHours(2));

        Assert.False(use.IsSettled(Sent.AddDays(7).AddTicks(-1)));
        Assert.True(use.IsSettled(Sent.AddDays(7)));
        Assert.True(use.IsGood);
        use.Complained(Sent.AddDays(3));
        Assert.False(use.IsGood);
    }

    [Fact]
    public void An_unhappy_csat_for_the_resolution_after_the_reply_makes_the_outcome_bad_and_no_answer_counts_for_nothing()
    {
        var happy = NewUse();
        happy.Rated(1, Sent.AddHours(1));              // not resolved after the reply yet: another resolution's rating
        Assert.Null(happy.Csat);
        happy.Resolved(Sent.AddHours(2));
        happy.Rated(4, Sent.AddHours(2));
        happy.Rated(1, Sent.AddHours(2));              // the first answer only
        Assert.Equal((4, true), (happy.Csat, happy.IsGood));

        var unhappy = NewUse();
        unhappy.Resolved(Sent.AddHours(2));
        Assert.True(unhappy.IsGood);                   // no answer yet
        unhappy.Rated(AnswerUse.DissatisfiedAtMost, Sent.AddHours(2));
        Assert.False(unhappy.IsGood);
    }

    [Fact]
    public void Only_a_public_reply_can_be_a_use()
    {
        var ticket = Ticket.Open("物流", TicketCategory.Logistics, TicketPriority.Normal, Channel.WebForm, 1, "张三", "快递到哪了", Sent);
        var note = ticket.AddInternalNote(Guid.NewGuid(), "李四", "内部备注", Sent);
        var error = Assert.Throws<DomainException>(() => new AnswerUse(new CannedAnswer("t", "b", null), ticket, note, Guid.NewGuid(), 0, Sent));
        Assert.Equal("answer_use.not_reply", error.Key);
    }

    [Fact]
    public void The_ranking_puts_variants_without_enough_data_last_and_never_makes_them_the_winner()
    {
        var ranked = VariantRanking.Rank(
        [
            new VariantOutcomes(1, 60, 42, 18, 0, 0, null, null),   // 30 % reopened
            new VariantOutcomes(2, 60, 57, 3, 0, 0, null, null),    // 5 % reopened
            new VariantOutcomes(3, 29, 29, 0, 0, 0, null, null),    // perfect, but 29 uses
        ]);

        Assert.Equal([2, 1, 3], ranked.Select(r => r.Outcomes.VariantId));
        Assert.True(ranked[0].IsWinner);
        Assert.False(ranked[2].EnoughData);
        Assert.False(ranked[2].IsWinner);
        Assert.Equal(0.862995, ranked[0].Outcomes.LowerBound, 6);

        var thin = VariantRanking.Rank([new VariantOutcomes(1, 5, 5, 0, 0, 0, null, null), new VariantOutcomes(2, 5, 4, 1, 0, 0, null, null)]);
        Assert.All(thin, r => Assert.False(r.EnoughData || r.IsWinner));
    }

    [Fact]
    public void The_new_placeholders_are_filled_in_both_spellings_and_a_missing_value_stays_visible()
    {
        var values = new Dictionary<CannedAnswer.Placeholder, string?>
        {
            [CannedAnswer.Placeholder.OrderNumber] = "JD-1001",
            [CannedAnswer.Placeholder.Carrier] = "京东物流",
            [CannedAnswer.Placeholder.TrackingNumber] = "JDV001",
            [CannedAnswer.Placeholder.PromiseDue] = "2026-12-03 18:00",
            [CannedAnswer.Placeholder.RefundAmount] = null,
        };

        var text = CannedAnswer.Render("订单 {订单号} 由 {承运商}（{carrier}）承运，运单 {tracking_number}，{承诺时间} 前答复；退款 {退款金额}，{refund_amount}，{未知}。", values);

        Assert.Equal("订单 JD-1001 由 京东物流（京东物流）承运，运单 JDV001，2026-12-03 18:00 前答复；退款 {退款金额}，{refund_amount}，{未知}。", text);
        Assert.Equal(["{退款金额}", "{refund_amount}"], CannedAnswer.Unfilled(text));
        Assert.Empty(CannedAnswer.Unfilled("已填好的文字 {未知}"));
    }

    [Fact]
    public void Promoting_and_retiring_keep_to_the_intent_and_never_retire_the_recommended_variant()
    {
        var intent = new AnswerIntent("物流延误", TicketCategory.Logistics);
        var a = new CannedAnswer("A", "a", TicketCategory.Logistics, intent);
        var other = new CannedAnswer("X", "x", null);
        Set(other, nameof(CannedAnswer.IntentId), 99);
        Set(a, nameof(CannedAnswer.Id), 1);

        intent.Promote(a, Sent);
        Assert.Equal(1, intent.RecommendedVariantId);
        Assert.Equal("intent.variant.recommended", Assert.Throws<DomainException>(() => intent.Retire(a, Sent)).Key);
        Assert.Equal("intent.variant.other", Assert.Throws<DomainException>(() => intent.Promote(other, Sent)).Key);

        var b = new CannedAnswer("B", "b", TicketCategory.Logistics, intent);
        intent.Retire(b, Sent);
        Assert.False(b.IsActive);
        Assert.Equal(Sent, b.RetiredAt);
        Assert.Equal("intent.variant.retired", Assert.Throws<DomainException>(() => intent.Promote(b, Sent)).Key);
    }

    [Fact]
    public void Matching_finds_shared_words_and_prefers_the_tickets_category()
    {
        const string ticket = "快递三天没动了 我的包裹物流一直没有更新";
        var logistics = AnswerMatch.Score(ticket, TicketCategory.Logistics, "查询物流进度", "已为您查询物流，运单号 {运单号}", TicketCategory.Logistics);
        var refund = AnswerMatch.Score(ticket, TicketCategory.Logistics, "退款到账时间", "退款将在 1-3 个工作日内原路退回", TicketCategory.AccountPayment);

        Assert.True(logistics > AnswerMatch.CategoryBonus);
        Assert.Equal(0, refund);
        Assert.Contains("物流", AnswerMatch.Words("物流"));
        Assert.DoesNotContain("运单", AnswerMatch.Words("{运单号}"));
        Assert.Contains("iphone", AnswerMatch.Words("iPhone 15"));
    }

    [Fact]
    public void Each_ticket_category_has_a_help_centre_section()
    {
        Assert.All(Enum.GetValues<TicketCategory>(), c => Assert.False(string.IsNullOrEmpty(ArticleSections.SlugFor(c))));
        Assert.Equal("delivery", ArticleSections.SlugFor(TicketCategory.Logistics));
        Assert.Equal("returns", ArticleSections.SlugFor(TicketCategory.AfterSales));
    }

    private static AnswerUse NewUse()
    {
        var ticket = Ticket.Open("物流", TicketCategory.Logistics, TicketPriority.Normal, Channel.WebForm, 1, "张三", "快递到哪了", Sent.AddHours(-1));
        var reply = ticket.Reply(Guid.NewGuid(), "李四", "您好，已为您查询。", Sent);
        return new AnswerUse(new CannedAnswer("查询物流进度", "您好，已为您查询。", TicketCategory.Logistics), ticket, reply, Guid.NewGuid(), 0, Sent);
    }

    private static void Set(object target, string property, object value) =>
        target.GetType().GetProperty(property)!.SetValue(target, value);
}
