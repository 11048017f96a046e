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
    [InlineData("3", 3)]
    [InlineData("三", 3)]
    [InlineData("两", 2)]
    [InlineData("十", 10)]
    [InlineData("二十四", 24)]
    [InlineData("十五", 15)]
    public void Chinese_numbers_are_read(string text, int value) => Assert.Equal(value, PromiseDetector.Number(text));
}
