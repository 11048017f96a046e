using HelpDesk.Domain.Commitments;
using static HelpDesk.Domain.Tests.BusinessCalendarTests;

namespace HelpDesk.Domain.Tests;

/// <summary>Promises in real-sounding replies, read on Thursday 19 November 2026 at 15:00 (Shanghai), half of them none.</summary>
public class PromiseDetectorTests
{
    private static readonly DateTimeOffset Thursday = At("2026-11-19 15:00");

    [Theory]
    // Promises: what, and when it is due (local time).
    [InlineData("明天上午给您回电", CommitmentKind.CallBack, "2026-11-20 10:00")]
    [InlineData("我们会在24小时内为您补发", CommitmentKind.Ship, "2026-11-20 15:00")]
    [InlineData("三个工作日内退款到账", CommitmentKind.Refund, "2026-11-24 18:00")]
    [InlineData("I'll call you back tomorrow", CommitmentKind.CallBack, "2026-11-20 18:00")]
    [InlineData("We will ship the replacement by Friday.", CommitmentKind.Ship, "2026-11-20 18:00")]
    [InlineData("核实后我会在今天下班前回复您。", CommitmentKind.ReplyWithInformation, "2026-11-19 18:00")]
    [InlineData("我们将为您发放20元优惠券作为补偿。", CommitmentKind.Compensation, "2026-11-20 18:00")]
    [InlineData("下周一之前给您寄出新的商品。", CommitmentKind.Ship, "2026-11-23 18:00")]
    [InlineData("后天上午我们会致电确认处理结果。", CommitmentKind.CallBack, "2026-11-23 10:00")]
    [InlineData("We'll get back to you within 2 business days.", CommitmentKind.ReplyWithInformation, "2026-11-23 18:00")]
    [InlineData("We will refund you within 3 days.", CommitmentKind.Refund, "2026-11-22 18:00")]
    [InlineData("I will update you this afternoon.", CommitmentKind.ReplyWithInformation, "2026-11-19 18:00")]
    [InlineData("The courier will deliver it tomorrow afternoon.", CommitmentKind.Ship, "2026-11-20 15:00")]
    [InlineData("我们会尽快给您答复。", CommitmentKind.ReplyWithInformation, "2026-11-20 18:00")]
    [InlineData("客服主管会在30分钟内给您回电。", CommitmentKind.CallBack, "2026-11-19 15:30")]
    [InlineData("请您明天上午保持电话畅通，我们会给您回电。", CommitmentKind.CallBack, "2026-11-20 10:00")]
    [InlineData("换新的商品两个工作日内为您发出。", CommitmentKind.Ship, "2026-11-23 18:00")]
    [InlineData("退款将在1-3个工作日内原路退回。", CommitmentKind.Refund, "2026-11-24 18:00")]
    [InlineData("I'm going to call you on Monday.", CommitmentKind.CallBack, "2026-11-23 18:00")]
    [InlineData("We'll send you a new one next Tuesday.", CommitmentKind.Ship, "2026-11-24 18:00")]
    [InlineData("本周五前我们会给您积分补偿。", CommitmentKind.Compensation, "2026-11-20 18:00")]
    [InlineData("我明天下午再打电话跟您确认。", CommitmentKind.CallBack, "2026-11-20 15:00")]
    // No promise.
    [InlineData("请问您的订单号是多少？", null, null)]
    [InlineData("已为您查询到物流信息，包裹正在运输中。", null, null)]
    [InlineData("感谢您的耐心等待！", null, null)]
    [InlineData("您可以在App中申请退款。", null, null)]
    [InlineData("退款已经原路返回到您的账户。", null, null)]
    [InlineData("包裹已于昨天发出。", null, null)]
    [InlineData("您的退款申请已提交。", null, null)]
    [InlineData("请问您方便接听电话吗？", null, null)]
    [InlineData("如果明天还没收到，请联系我们。", null, null)]
    [InlineData("很抱歉给您带来不便。", null, null)]
    [InlineData("Did you receive the refund?", null, null)]
    [InlineData("You can request a refund in the app.", null, null)]
    [InlineData("We have shipped your order yesterday.", null, null)]
    [InlineData("Thank you for your patience.", null, null)]
    [InlineData("Your parcel is in transit.", null, null)]
    [InlineData("Please call us back tomorrow if it has not arrived.", null, null)]
    [InlineData("The refund was processed last week.", null, null)]
    [InlineData("Our warehouse is closed on Sunday.", null, null)]
    [InlineData("Could you send us a photo of the damage?", null, null)]
    [InlineData("我已经给您回电了，但是没有人接听。", null, null)]
    [InlineData("七天无理由退货需要商品未拆封。", null, null)]
    [InlineData("物流显示明天送达。", null, null)]
    public void A_reply_sentence_is_or_is_not_a_promise(string sentence, CommitmentKind? kind, string? due)
    {
        var found = PromiseDetector.Detect(sentence, Thursday, China2026());

        if (kind is null)
        {
            Assert.Empty(found);
            return;
        }

        var promise = Assert.Single(found);
        Assert.Equal(kind, promise.Kind);
        Assert.Equal(At(due!), promise.DueAt);
    }

    [Fact]
    public void Several_promises_in_one_reply_are_found_one_by_one()
    {
        var reply = "您好，非常抱歉！我们会在24小时内为您补发。退款三个工作日内到账。请问还有其他问题吗？";

        var found = PromiseDetector.Detect(reply, Thursday, China2026());

        Assert.Equal([CommitmentKind.Ship, CommitmentKind.Refund], found.Select(p => p.Kind));
        Assert.Equal("我们会在24小时内为您补发", found[0].Text);
    }

    [Theory]
    [InlineData("2026-11-20 19:00", "明天上午给您回电", "2026-11-23 10:00")] // Friday evening: tomorrow is Monday
    [InlineData("2026-09-30 15:00", "明天给您回复", "2026-10-08 18:00")]    // National Day: the next working day
    [InlineData("2026-10-09 15:00", "明天上午给您回电", "2026-10-10 10:00")]  // Saturday 10 October is worked
    [InlineData("2026-09-30 15:00", "我们会在两个工作日内退款", "2026-10-09 18:00")]
    public void Due_times_follow_the_business_calendar(string now, string sentence, string due) =>
        Assert.Equal(At(due), Assert.Single(PromiseDetector.Detect(sentence, At(now), China2026())).DueAt);

    [Theory]
    // Clock times on edge days: a time already past today means the next working day at that time.
    [InlineData("2026-11-20 19:00", "下午三点给您回电", "2026-11-23 15:00")]     // Friday evening → Monday
    [InlineData("2026-11-19 15:00", "下午两点给您回电", "2026-11-20 14:00")]     // past today → tomorrow
    [InlineData("2026-11-19 15:00", "15:30前给您回复", "2026-11-19 15:30")]      // still ahead today
    [InlineData("2026-09-30 16:00", "三点半给您回电", "2026-10-08 15:30")]       // past, and National Day follows
    [InlineData("2026-09-30 10:00", "明天下午两点到四点上门取件", "2026-10-08 16:00")] // a window: its end, after the holidays
    [InlineData("2026-10-09 16:00", "明天上午十点给您回电", "2026-10-10 10:00")] // Saturday 10 October is worked
    [InlineData("2026-10-09 16:00", "三点半给您回电", "2026-10-10 15:30")]       // so is the next working day
    [InlineData("2026-11-19 15:00", "今天下午两点前给您回复", "2026-11-19 16:00")] // named today but past: within the hour
    // "明天" after midnight is the day that is beginning; from 05:00 it is the next one.
    [InlineData("2026-11-24 00:30", "明天给您回复", "2026-11-24 18:00")]
    [InlineData("2026-11-21 00:30", "明天上午给您回电", "2026-11-23 10:00")]     // Saturday night: the day beginning is off
    [InlineData("2026-11-24 05:00", "明天给您回复", "2026-11-25 18:00")]
    [InlineData("2026-11-24 00:30", "I'll call you back tomorrow morning.", "2026-11-24 10:00")]
    // Clock times, parts of the day, windows.
    [InlineData("2026-11-19 09:00", "晚上八点前给您答复", "2026-11-19 20:00")]
    [InlineData("2026-11-19 09:00", "三点半左右我联系您", "2026-11-19 15:30")]
    [InlineData("2026-11-19 09:00", "我会在9点15分给您回电", "2026-11-19 09:15")]
    [InlineData("2026-11-19 09:00", "明早九点我会准时给您回电", "2026-11-20 09:00")]
    [InlineData("2026-11-19 09:00", "明天中午12点前给您结果", "2026-11-20 12:00")]
    [InlineData("2026-11-19 09:00", "I'll call you at 3 pm.", "2026-11-19 15:00")]
    [InlineData("2026-11-19 09:00", "I'll get back to you by 4:30 this afternoon.", "2026-11-19 16:30")]
    [InlineData("2026-11-19 09:00", "A courier will collect the parcel between 2 and 4 pm tomorrow.", "2026-11-20 16:00")]
    [InlineData("2026-11-19 09:00", "I will call you back before noon.", "2026-11-19 12:00")]
    [InlineData("2026-11-19 09:00", "I'll call you tomorrow at 11.", "2026-11-20 11:00")]
    [InlineData("2026-11-19 09:00", "我们会多补偿您一点。", "2026-11-20 18:00")]     // "一点" is "a bit", not one o'clock
    // Dates, weeks, months, "later".
    [InlineData("2026-11-19 09:00", "12月10日前为您补发到位", "2026-12-10 18:00")]
    [InlineData("2026-12-28 09:00", "1月5日前为您补发", "2027-01-05 18:00")]      // next year's
    [InlineData("2026-11-19 09:00", "10号前给您寄出", "2026-12-10 18:00")]       // this month's has passed
    [InlineData("2026-11-19 09:00", "We will send you an update by December 10.", "2026-12-10 18:00")]
    [InlineData("2026-11-19 09:00", "我们会在本周内给您寄出", "2026-11-20 18:00")]
    [InlineData("2026-11-19 09:00", "下周给您答复", "2026-11-27 18:00")]
    [InlineData("2026-11-19 09:00", "月底前给您补寄过去", "2026-11-30 18:00")]
    [InlineData("2026-11-19 09:00", "稍后我会给您回个电话", "2026-11-19 18:00")]
    [InlineData("2026-11-19 09:00", "We'll have the technician visit you on Thursday morning.", "2026-11-19 10:00")]
    [InlineData("2026-11-19 09:00", "下周一上午我再给您回电话", "2026-11-23 10:00")]
    [InlineData("2026-11-19 09:00", "我会帮您联系快递站点，半小时内回复您", "2026-11-19 09:30")]
    [InlineData("2026-11-19 09:00", "I'll get back to you within an hour.", "2026-11-19 10:00")]
    public void Clock_times_dates_and_edge_days_are_read_in_the_business_calendar(string now, string sentence, string due) =>
        Assert.Equal(At(due), Assert.Single(PromiseDetector.Detect(sentence, At(now), China2026())).DueAt);

    [Fact]
    public void Clock_times_are_the_team_calendar_s_local_time()
    {
        var berlin = new Sla.BusinessCalendar("Berlin", "Europe/Berlin", is24x7: false);
        berlin.SetWorkingIntervals(Enumerable.Range(1, 5).Select(d => new Sla.WorkingInterval((DayOfWeek)d, new TimeOnly(9, 0), new TimeOnly(17, 0))));
        var now = new DateTimeOffset(2026, 11, 19, 9, 0, 0, TimeSpan.Zero); // 10:00 in Berlin

        var promise = Assert.Single(PromiseDetector.Detect("I'll call you at 3 pm.", now, berlin));

        Assert.Equal(new DateTimeOffset(2026, 11, 19, 14, 0, 0, TimeSpan.Zero), promise.DueAt);
    }

    [Theory]
    [InlineData("仓库核实后我们会第一时间联系您。", CommitmentKind.ReplyWithInformation)]
    [InlineData("有进展我会马上给您消息。", CommitmentKind.ReplyWithInformation)]
    [InlineData("售后同事会在24小时内电话联系您。", CommitmentKind.CallBack)]
    [InlineData("I'll email you the return label by Monday.", CommitmentKind.ReplyWithInformation)]
    [InlineData("I will reach out to you as soon as I hear from the warehouse.", CommitmentKind.ReplyWithInformation)]
    [InlineData("我们会给您补偿一张50元东券，今天内到账。", CommitmentKind.Compensation)] // named first wins over 到账
    [InlineData("新商品发出后，我第一时间把快递单号发给您。", CommitmentKind.ReplyWithInformation)] // "发出后" is the condition
    [InlineData("明天下午快递员会上门取件。", CommitmentKind.Other)]
    [InlineData("We'll issue the invoice within 3 working days.", CommitmentKind.Other)]
    [InlineData("商家承诺明天发货，我会帮您盯着。", CommitmentKind.Ship)]       // another party's step the agent chases
    [InlineData("如果您方便的话，我明天上午十点给您回电。", CommitmentKind.CallBack)] // a polite "if" still promises
    [InlineData("我们已安排快递员明天上午上门取件。", CommitmentKind.Other)]       // arranged for later
    [InlineData("We'll refund you in full once the item arrives at our warehouse.", CommitmentKind.Refund)]
    public void Contact_promises_service_steps_and_conditions_of_time_are_promises(string sentence, CommitmentKind kind) =>
        Assert.Equal(kind, Assert.Single(PromiseDetector.Detect(sentence, Thursday, China2026())).Kind);

    [Theory]
    [InlineData("如果您同意，我们就为您办理退款。")]          // an offer
    [InlineData("If you prefer, we can arrange an exchange instead of a refund.")]
    [InlineData("一般情况下，退款会在1-7个工作日内到账。")]    // a rule, covering the clause after it
    [InlineData("Refunds usually take 1-3 business days to arrive.")]
    [InlineData("快递员一般会在派送前电话联系您。")]
    [InlineData("We will not be able to ship to that address.")]
    [InlineData("退款已于今天上午原路退回，请注意查收。")]
    [InlineData("Your refund request was approved at 2 pm.")]
    [InlineData("The replacement left our warehouse this morning.")]
    [InlineData("退款正在处理中，请耐心等待。")]
    [InlineData("给您回个电话确认一下地址可以吗")]            // a question without its mark
    [InlineData("请您保持电话畅通，以便快递员联系您。")]
    [InlineData("I'll wait for your reply.")]
    [InlineData("我们会不断改进服务，感谢您的建议。")]
    public void Offers_rules_estimates_negations_statuses_and_questions_are_not_promises(string sentence) =>
        Assert.Empty(PromiseDetector.Detect(sentence, Thursday, China2026()));

    [Fact]
    public void English_full_stops_end_sentences_so_every_promise_of_a_reply_is_found()
    {
        Assert.Equal([CommitmentKind.CallBack], PromiseDetector.Detect("We already refunded. I'll call you tomorrow.", Thursday, China2026()).Select(p => p.Kind));

        var two = PromiseDetector.Detect("Sorry for the delay. I'll call you back at 3 pm. We will also ship the missing charger by Friday.", At("2026-11-19 09:00"), China2026());

        Assert.Equal([CommitmentKind.CallBack, CommitmentKind.Ship], two.Select(p => p.Kind));
        Assert.Equal(["I'll call you back at 3 pm", "We will also ship the missing charger by Friday"], two.Select(p => p.Text));
        Assert.Equal([At("2026-11-19 15:00"), At("2026-11-20 18:00")], two.Select(p => p.DueAt));
    }

    [Theory]
    [InlineData("3", 3)]
    [InlineData("三", 3)]
    [InlineData("两", 2)]
    [InlineData("十", 10)]
    [InlineData("二十四", 24)]
    [InlineData("十五", 15)]
    public void Chinese_numbers_are_read(string text, int value) => Assert.Equal(value, PromiseDetector.Number(text));
}
