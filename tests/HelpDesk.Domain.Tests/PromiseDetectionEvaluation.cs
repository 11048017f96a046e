using System.Globalization;
using HelpDesk.Domain.Commitments;
using Xunit.Abstractions;
using static HelpDesk.Domain.Tests.BusinessCalendarTests;

namespace HelpDesk.Domain.Tests;

/// <summary>
/// How well <see cref="PromiseDetector"/> does on sentences it was not written against: replies as JD.com agents write
/// them in chat, e-mail and phone notes (orders, parcels, returns, refunds, price protection, compensation), half of
/// them promises and half near-misses (questions, instructions to the customer, things already done, system and
/// policy statements, conditional offers, negations, polite future phrases that promise nothing). Promises of other
/// departments' actions that the agent will chase count as promises. The table was written before the detector was
/// tuned and is not in <see cref="PromiseDetectorTests"/>; it is read on Tuesday 8 December 2026 at 10:30 (Shanghai),
/// a plain working day, in the 2026 calendar (Mon–Fri 09:00–12:00, 13:30–18:00).
/// Aims: recall ≥ 0.90 at precision ≥ 0.95 (promises found); kind right for ≥ 90 % and due time right for ≥ 85 % of
/// the promises found. Measured: the detector as it was on main 0.907 / 0.660; after tuning 1.000 / 1.000 (tuned on
/// it, so this says little about new text — <see cref="Unseen"/> does). Each later table was written after the rules
/// were tuned on the ones before and measured as it came, before it was tuned on (if it was).
/// </summary>
public class PromiseDetectionEvaluation(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = At("2026-12-08 10:30");

    /// <summary>Text, then what it promises: "Kind MM-dd HH:mm" per promise, in order; nothing for a near-miss.</summary>
    public static readonly IReadOnlyList<(string Text, string[] Promises)> Table =
    [
        // ── Chinese: promises ──
        ("我下午三点给您回电，请保持电话畅通。", ["CallBack 12-08 15:00"]),
        ("仓库核实后我们会第一时间联系您。", ["ReplyWithInformation 12-09 18:00"]),
        ("有进展我会马上给您消息。", ["ReplyWithInformation 12-09 18:00"]),
        ("明天下午两点到四点之间快递员会上门取件。", ["Other 12-09 16:00"]),
        ("15:30之前我再给您打个电话确认一下。", ["CallBack 12-08 15:30"]),
        ("三点半左右我联系您说明处理结果。", ["ReplyWithInformation 12-08 15:30"]),
        ("今天晚上八点前给您答复。", ["ReplyWithInformation 12-08 20:00"]),
        ("补发的商品我们明天上午安排发出。", ["Ship 12-09 10:00"]),
        ("这个问题我帮您跟进，明天给您消息。", ["ReplyWithInformation 12-09 18:00"]),
        ("售后同事会在24小时内电话联系您。", ["CallBack 12-09 10:30"]),
        ("我已经提交给物流部门，今天下班前给您回复处理结果。", ["ReplyWithInformation 12-08 18:00"]),
        ("款项会在1-3个工作日内原路退回您的支付账户。", ["Refund 12-11 18:00"]),
        ("我们会给您补偿一张50元东券，今天内到账。", ["Compensation 12-08 18:00"]),
        ("周五之前一定把新机给您寄过去。", ["Ship 12-11 18:00"]),
        ("我会在两个小时内给您回电。", ["CallBack 12-08 12:30"]),
        ("京豆补偿会在3个工作日内发放到您的账户。", ["Compensation 12-11 18:00"]),
        ("新商品发出后，我第一时间把快递单号发给您。", ["ReplyWithInformation 12-09 18:00"]),
        ("我这边帮您催一下商家，明天中午12点前给您结果。", ["ReplyWithInformation 12-09 12:00"]),
        ("差价会在价保审核通过后24小时内退还给您。", ["Refund 12-09 10:30"]),
        ("我们会安排工程师明天上午上门维修。", ["Other 12-09 10:00"]),
        ("发票我们会在5个工作日内为您开具并发送到您的邮箱。", ["Other 12-15 18:00"]),
        ("我今天下午再跟您联系。", ["ReplyWithInformation 12-08 18:00"]),
        ("您放心，退款今天之内一定给您处理到账。", ["Refund 12-08 18:00"]),
        ("我会在明天下班前给您打电话。", ["CallBack 12-09 18:00"]),
        ("稍后我会给您回个电话。", ["CallBack 12-08 18:00"]),
        ("这边马上为您重新发货，今天就能发出。", ["Ship 12-08 18:00"]),
        ("补偿的20元红包会在48小时内发到您的账户。", ["Compensation 12-10 10:30"]),
        ("运费我们会原路退还给您，预计三个工作日到账。", ["Refund 12-11 18:00"]),
        ("下周一上午我再给您回电话。", ["CallBack 12-14 10:00"]),
        ("晚上7点前我给您打过去。", ["CallBack 12-08 19:00"]),
        ("我们会在本周内给您寄出新的配件。", ["Ship 12-11 18:00"]),
        ("我这边登记好了，明天上午十点前给您回复。", ["ReplyWithInformation 12-09 10:00"]),
        ("审核通过后我们会立即为您退款。", ["Refund 12-09 18:00"]),
        ("质检结果出来后，我会第一时间电话告知您。", ["CallBack 12-09 18:00"]),
        ("今天之内给您补发一个新的。", ["Ship 12-08 18:00"]),
        ("您的问题我已经记录，会在两个工作日内给您答复。", ["ReplyWithInformation 12-10 18:00"]),
        ("我会帮您联系快递站点，半小时内回复您。", ["ReplyWithInformation 12-08 11:00"]),
        ("我们会尽快为您安排换新。", ["Ship 12-09 18:00"]),
        ("明早九点我会准时给您回电。", ["CallBack 12-09 09:00"]),
        ("退款申请我这边加急处理，今天下午5点前到账。", ["Refund 12-08 17:00"]),
        ("等仓库回复后，我会给您发短信通知。", ["ReplyWithInformation 12-09 18:00"]),
        ("这笔赔偿我们会在周四前打到您的京东账户。", ["Compensation 12-10 18:00"]),
        ("我会持续跟进物流情况，每天给您同步一次进展。", ["ReplyWithInformation 12-09 18:00"]),
        ("新的发票我们今天就给您重开。", ["Other 12-08 18:00"]),
        ("后天之前我们一定给您一个处理方案。", ["ReplyWithInformation 12-10 18:00"]),
        ("我会跟财务部门确认，今天下班前给您回电。", ["CallBack 12-08 18:00"]),
        ("12月10日前为您补发到位。", ["Ship 12-10 18:00"]),
        ("商家承诺明天发货，我会帮您盯着，发货后给您消息。", ["Ship 12-09 18:00"]),
        ("物流部门会在48小时内给您回电，我这边也会跟进。", ["CallBack 12-10 10:30"]),
        ("财务那边三个工作日内会把退款退回，到时我再跟您确认。", ["Refund 12-11 18:00"]),
        ("我会在30分钟内把处理结果回复给您。", ["ReplyWithInformation 12-08 11:00"]),
        ("这个月底前我们会把赠品给您补寄过去。", ["Ship 12-31 18:00"]),
        ("如果您方便的话，我明天上午十点给您回电。", ["CallBack 12-09 10:00"]),

        // ── Chinese: near-misses ──
        ("请问您方便几点接听电话？", []),
        ("请您在收到货后三天内联系我们。", []),
        ("您可以明天下午三点以后再来咨询。", []),
        ("退款已于今天上午原路退回，请注意查收。", []),
        ("系统显示您的包裹预计明天送达。", []),
        ("如果您不满意，可以申请七天无理由退货。", []),
        ("快递员昨天下午已经联系过您了。", []),
        ("我们的客服热线是400-606-5500，每天8点到22点服务。", []),
        ("感谢您的耐心，祝您生活愉快！", []),
        ("很高兴为您服务，有问题随时联系我们。", []),
        ("请您提供一下订单号，我帮您查询。", []),
        ("我这边马上为您查询一下物流信息。", []),
        ("换货商品已经发出，单号是JD0012345678。", []),
        ("一般情况下，退款会在1-7个工作日内到账。", []),
        ("如果明天下午三点前还没送到，您可以申请退款。", []),
        ("您是希望我们给您回电，还是在线上继续沟通？", []),
        ("您的补偿京豆已经发放到账户，请查收。", []),
        ("活动期间订单较多，发货时间可能会延迟。", []),
        ("请您保持电话畅通，以便快递员联系您。", []),
        ("麻烦您把商品的照片发给我们。", []),
        ("已为您申请了价保，差价已退回。", []),
        ("您好，请问有什么可以帮您？", []),
        ("根据规定，定制类商品不支持七天无理由退货。", []),
        ("我们昨天已经给您打过电话了，但是无人接听。", []),
        ("您稍等，我看一下您的订单情况。", []),
        ("您可以在“我的订单”中查看退款进度。", []),
        ("如果需要开具发票，请在订单详情页申请。", []),
        ("请问您是什么时候收到的商品？", []),
        ("快递显示已经签收了。", []),
        ("京东自营商品一般当天下单次日送达。", []),
        ("您明天可以再打400热线确认一下。", []),
        ("售后部门的工作时间是周一到周五9点到18点。", []),
        ("您是否需要我们为您补发？", []),
        ("退款到账后会有短信提醒。", []),
        ("假如商品有质量问题，我们会承担来回运费。", []),
        ("如果您同意，我们就为您办理退款。", []),
        ("我理解您的心情，给您带来不便非常抱歉。", []),
        ("这个型号目前没有现货，到货时间还不确定。", []),
        ("您的退货申请已经审核通过了。", []),
        ("您收到新机后，记得把旧机寄回来哦。", []),
        ("请在今天18点前完成支付，否则订单会自动取消。", []),
        ("维修一般需要7到15个工作日。", []),
        ("上次给您的补偿券已经过期了吗？", []),
        ("我们会不断改进服务，感谢您的建议。", []),
        ("期待您的再次光临！", []),
        ("明天是周末，售后部门不上班。", []),
        ("您的意见我已经反馈给产品部门了。", []),
        ("请问需要我帮您转接人工客服吗？", []),
        ("快递员一般会在派送前电话联系您。", []),
        ("如果今天还没有退款到账，请您再联系我们。", []),
        ("如您对处理结果不满意，可以申请复核。", []),
        ("这款商品支持30天价保。", []),
        ("我们会努力做得更好。", []),

        // ── English: promises ──
        ("I'll email you the return label by Monday.", ["ReplyWithInformation 12-14 18:00"]),
        ("We'll contact you as soon as the warehouse confirms.", ["ReplyWithInformation 12-09 18:00"]),
        ("I will call you at 3 pm today.", ["CallBack 12-08 15:00"]),
        ("Your refund will be issued within 5 business days.", ["Refund 12-15 18:00"]),
        ("I'll get back to you by 4:30 this afternoon.", ["ReplyWithInformation 12-08 16:30"]),
        ("We will send you a replacement tomorrow morning.", ["Ship 12-09 10:00"]),
        ("A courier will collect the parcel between 2 and 4 pm tomorrow.", ["Other 12-09 16:00"]),
        ("I'll message you once the seller replies.", ["ReplyWithInformation 12-09 18:00"]),
        ("We'll credit 20 yuan to your account as compensation within 24 hours.", ["Compensation 12-09 10:30"]),
        ("I will personally follow up with the logistics team and update you before 6 pm.", ["ReplyWithInformation 12-08 18:00"]),
        ("Our after-sales team will call you tomorrow afternoon, and I will make sure they do.", ["CallBack 12-09 15:00"]),
        ("I'm going to text you the tracking number tonight.", ["ReplyWithInformation 12-08 18:00"]),
        ("We will refund the shipping fee by Friday.", ["Refund 12-11 18:00"]),
        ("I'll ring you back in 30 minutes.", ["CallBack 12-08 11:00"]),
        ("We'll ship the missing part within 2 working days.", ["Ship 12-10 18:00"]),
        ("You will receive a coupon from us by the end of the day.", ["Compensation 12-08 18:00"]),
        ("I will reach out to you as soon as I hear from the warehouse.", ["ReplyWithInformation 12-09 18:00"]),
        ("We'll have the technician visit you on Thursday morning.", ["Other 12-10 10:00"]),
        ("I'll be in touch tomorrow with an update.", ["ReplyWithInformation 12-09 18:00"]),
        ("The refund will reach your card within 48 hours.", ["Refund 12-10 10:30"]),
        ("I'll drop you an email with the details later today.", ["ReplyWithInformation 12-08 18:00"]),
        ("We will re-send the order at no cost today.", ["Ship 12-08 18:00"]),
        ("I will call you back before noon.", ["CallBack 12-08 12:00"]),
        ("We'll issue the invoice within 3 working days.", ["Other 12-11 18:00"]),
        ("I'll update you on Wednesday.", ["ReplyWithInformation 12-09 18:00"]),
        ("Let me check with the warehouse and I'll get back to you within an hour.", ["ReplyWithInformation 12-08 11:30"]),
        ("We will compensate you with 500 JD beans by next Monday.", ["Compensation 12-14 18:00"]),
        ("I'll give you a call at 10 am tomorrow.", ["CallBack 12-09 10:00"]),
        ("We'll dispatch your replacement by 5 pm.", ["Ship 12-08 17:00"]),
        ("I'll chase the finance team and let you know by tomorrow noon.", ["ReplyWithInformation 12-09 12:00"]),
        ("We'll refund you in full once the item arrives at our warehouse.", ["Refund 12-09 18:00"]),
        ("I will keep you posted on the investigation.", ["ReplyWithInformation 12-09 18:00"]),
        ("Our courier will deliver the new unit on Friday.", ["Ship 12-11 18:00"]),
        ("I'll phone you between 3 and 5 this afternoon.", ["CallBack 12-08 17:00"]),
        ("We will send you an update by December 10.", ["ReplyWithInformation 12-10 18:00"]),
        ("I'll reply to your email tomorrow morning.", ["ReplyWithInformation 12-09 10:00"]),
        ("We are going to replace the damaged item by Thursday.", ["Ship 12-10 18:00"]),
        ("I'll contact the seller and call you back within 2 hours.", ["CallBack 12-08 12:30"]),
        ("We'll top up your account with a 30 yuan voucher this week.", ["Compensation 12-11 18:00"]),
        ("I'll send the tracking number over as soon as it ships.", ["ReplyWithInformation 12-09 18:00"]),
        ("If it suits you, I'll call you tomorrow at 11.", ["CallBack 12-09 11:00"]),

        // ── English: near-misses ──
        ("Could you tell me your order number?", []),
        ("Please call us back if the parcel has not arrived by Friday.", []),
        ("We refunded the full amount this morning.", []),
        ("The system shows the parcel will arrive tomorrow.", []),
        ("If you are not satisfied, you can return it within 7 days.", []),
        ("Thank you for contacting JD customer service.", []),
        ("Have a nice day!", []),
        ("I have already called the courier.", []),
        ("Your replacement was shipped yesterday.", []),
        ("Refunds usually take 1-3 business days to arrive.", []),
        ("Would you like us to call you back tomorrow?", []),
        ("You will need to send the item back first.", []),
        ("Let me check that for you.", []),
        ("I will be happy to help you with anything else.", []),
        ("If the seller agrees, the refund could be processed faster.", []),
        ("Please keep your phone on so the courier can reach you.", []),
        ("The warehouse is closed on public holidays.", []),
        ("Our hotline is open from 8 am to 10 pm every day.", []),
        ("We apologise for the inconvenience caused.", []),
        ("Did the courier contact you today?", []),
        ("You can track the delivery in the JD app.", []),
        ("The compensation coupon has been added to your account.", []),
        ("We cannot refund opened software products.", []),
        ("When did you place the order?", []),
        ("Once you receive the new phone, please send the old one back within 7 days.", []),
        ("According to the tracking, the parcel left Beijing this morning.", []),
        ("I'll wait for your reply.", []),
        ("We had already sent you an email on Monday.", []),
        ("If you prefer, we can arrange an exchange instead of a refund.", []),
        ("Do you want a refund or a replacement?", []),
        ("Refunds to credit cards may take longer depending on your bank.", []),
        ("Delivery times may be longer during the 618 sale.", []),
        ("Please tell me if there is anything else I can do.", []),
        ("You should receive a text message from the courier before delivery.", []),
        ("Your refund request was approved at 2 pm.", []),
        ("Please contact the seller directly for warranty repairs.", []),
        ("Is 3 pm a good time to call you?", []),
        ("The courier called you twice but nobody answered.", []),
        ("We will not be able to ship to that address.", []),
        ("Customers can request compensation for late deliveries through the app.", []),
        ("We will do our best to resolve this for you.", []),
        ("I'll be right here if you need anything else.", []),

        // ── Whole replies: every promise counts, sentences that promise nothing must stay silent ──
        ("We already refunded. I'll call you tomorrow.", ["CallBack 12-09 18:00"]),
        ("Sorry for the delay. I'll call you back at 3 pm. We will also ship the missing charger by Friday.", ["CallBack 12-08 15:00", "Ship 12-11 18:00"]),
        ("非常抱歉让您久等了。退款已经原路退回。新的商品我们明天发出，发出后我给您发单号。", ["Ship 12-09 18:00"]),
        ("您好，已经帮您查询到了。包裹目前在北京分拣中心。请您耐心等待。", []),
        ("Thanks for waiting. The parcel is at the Shanghai depot. Please keep your phone on.", []),
        ("I understand. Let me check with the warehouse. I'll get back to you within 2 hours. Thanks for your patience.", ["ReplyWithInformation 12-08 12:30"]),
        ("您反馈的问题我已经记录下来。我会在今天下午四点前给您回电。如有其他问题请随时联系我们。", ["CallBack 12-08 16:00"]),
        ("We have received your return. The refund will be processed within 3 business days. You will get an email when it is done.", ["Refund 12-11 18:00"]),
        ("Your order was cancelled. Is there anything else I can help with?", []),
        ("我们会为您补发一件新的。另外补偿您10元优惠券，今天之内到账。", ["Ship 12-09 18:00", "Compensation 12-08 18:00"]),
    ];


    /// <summary>
    /// A second table, written after the detector was tuned on <see cref="Table"/>: chat style ("亲", "回您"), "circle back",
    /// arrangements already made for tomorrow, things in progress. Run once as it was: precision 0.850, recall 0.607;
    /// then the rules were tuned on it too (0.964 / 0.964; the two left wrong are an estimate that is a promise and an
    /// insurance rule that reads like one).
    /// </summary>
    public static readonly IReadOnlyList<(string Text, string[] Promises)> Holdout =
    [
        ("亲，这边给您登记了加急，预计今天会有专人给您来电。", ["CallBack 12-08 18:00"]),
        ("亲亲，新的商品会在今天下午4点前出库哦~", ["Ship 12-08 16:00"]),
        ("稍等下哈，我5分钟后回您。", ["ReplyWithInformation 12-08 10:35"]),
        ("您好，关于您的发票问题，财务同事会在明天下班之前开好发给您。", ["Other 12-09 18:00"]),
        ("这边帮您申请了补偿，审核通过后会有50京豆发到您账户。", ["Compensation 12-09 18:00"]),
        ("I'll circle back with you by end of day tomorrow.", ["ReplyWithInformation 12-09 18:00"]),
        ("We'll get a new one out to you on Thursday.", ["Ship 12-10 18:00"]),
        ("Expect a call from me around 2pm.", ["CallBack 12-08 14:00"]),
        ("I'll make sure the refund goes through today.", ["Refund 12-08 18:00"]),
        ("You'll hear back from us within 24 hours.", ["ReplyWithInformation 12-09 10:30"]),
        ("我明天一早就给您打电话。", ["CallBack 12-09 10:00"]),
        ("好的，我这就帮您把换货单提交，新商品三天内给您送到。", ["Ship 12-11 18:00"]),
        ("我们会在收到退货后为您办理退款。", ["Refund 12-09 18:00"]),
        ("I'll send you the invoice as a PDF this afternoon.", ["Other 12-08 18:00"]),
        ("Someone from our logistics team will reach you by phone before 5.", ["CallBack 12-08 17:00"]),
        ("我们将于12月12日前完成维修并寄回。", ["Other 12-12 18:00"]),
        ("我这边先给您补发一个，明天就能到。", ["Ship 12-09 18:00"]),
        ("没问题，我跟仓库说一下，今天给您发出去。", ["Ship 12-08 18:00"]),
        ("您别着急，这件事我负责到底，明天上午给您答复。", ["ReplyWithInformation 12-09 10:00"]),
        ("I'll look into it and email you back in an hour.", ["ReplyWithInformation 12-08 11:30"]),
        ("We'll pay the price difference back to you within 2 days.", ["Refund 12-10 18:00"]),
        ("给您申请的200元补偿最迟周五到账。", ["Compensation 12-11 18:00"]),
        ("专员会在两小时内给您致电。", ["CallBack 12-08 12:30"]),
        ("I will text you when the courier is on the way.", ["ReplyWithInformation 12-09 18:00"]),
        ("We'll refund the deposit to your JD wallet tomorrow.", ["Refund 12-09 18:00"]),
        ("明天下午三点到五点，师傅会上门安装。", ["Other 12-09 17:00"]),
        ("您好，您的快递明天会送达，请注意查收。", ["Ship 12-09 18:00"]),
        ("我们已安排快递员明天上午上门取件。", ["Other 12-09 10:00"]),
        ("运费险的理赔款会在签收后72小时内到账。", []),
        ("给您回个电话确认一下地址可以吗", []),
        ("退款正在处理中，请耐心等待。", []),
        ("A replacement is on its way and should arrive by Friday.", []),
        ("您这边可以先申请退货，审核通过后会有快递员上门取件。", []),
        ("请问您下午三点方便接电话吗", []),
        ("之前答应您的补偿已经到账了吧？", []),
        ("The replacement left our warehouse this morning.", []),
        ("We usually reply within one working day.", []),
        ("我们没有办法给您重新发货。", []),
        ("您退货的时候记得把发票一起寄回。", []),
        ("I called you this morning but couldn't get through.", []),
        ("Our team is working on your refund right now.", []),
        ("Let me know if you'd like us to call you back.", []),
        ("客服工作时间为9:00-18:00，非工作时间的留言会在上班后处理。", []),
        ("您的订单已经出库，正在配送中。", []),
        ("我们会尽力为您争取。", []),
        ("If you'd rather keep it, we could offer a partial refund.", []),
        ("请您在签收时当面验货。", []),
        ("We'll need your order number to proceed.", []),
        ("Your parcel should be with you by Friday.", []),
        ("我这边没法直接给您退款，需要商家同意。", []),
        ("退款成功后您会收到短信通知。", []),
        ("您要的话我可以帮您申请换货。", []),
        ("上周已经给您补发过一次了。", []),
        ("I'm afraid we can't compensate for delays caused by the weather.", []),
        ("Thanks, I'll pass your feedback to the product team.", []),
        ("京东物流一般48小时内送达。", []),
        ("账户余额可以随时提现。", []),
        ("Please note that refunds can take up to 7 days.", []),
        ("Is there anything else I can help you with today?", []),
        ("Our hotline will be closed during the Spring Festival.", []),
    ];

    /// <summary>
    /// A third table, written after the second round of tuning. Run once as it was: precision 0.960, recall 0.774, kind
    /// 0.917, due 0.875 (phrasings outside the word lists: "寄到", "发您短信", "money will be back", "check back with you";
    /// "half past four", "within the hour", "first thing Monday"); then a third round widened the word lists and times
    /// (1.000 / 0.935; still missed: an estimate that is a promise, "解决").
    /// </summary>
    public static readonly IReadOnlyList<(string Text, string[] Promises)> Fresh =
    [
        ("您好，您反馈的屏幕划痕问题我们非常重视，已转交售后专员，专员将在今天17点前与您电话沟通。", ["CallBack 12-08 17:00"]),
        ("款项将于3-5个工作日退回原支付渠道，请您留意。", ["Refund 12-15 18:00"]),
        ("明天我再帮您查一下物流，有消息立刻告诉您。", ["ReplyWithInformation 12-09 18:00"]),
        ("这单我们给您免费换一台新的，下周二前寄到。", ["Ship 12-15 18:00"]),
        ("为表歉意，我们会赠送您一张满100减20的优惠券。", ["Compensation 12-09 18:00"]),
        ("I'll personally make sure you get a reply from the seller by Thursday.", ["ReplyWithInformation 12-10 18:00"]),
        ("We're sending a courier to pick it up tomorrow between 9 and 11 am.", ["Other 12-09 11:00"]),
        ("Your money will be back in your account within 7 working days.", ["Refund 12-17 18:00"]),
        ("I'll ask the warehouse to re-ship today and send you the new tracking number.", ["Ship 12-08 18:00"]),
        ("Leave it with me – I'll update you first thing Monday.", ["ReplyWithInformation 12-14 10:00"]),
        ("我让快递小哥今天下午重新给您派送一次。", ["Ship 12-08 18:00"]),
        ("后续处理进度我会在这个工单里同步给您。", ["ReplyWithInformation 12-09 18:00"]),
        ("麻烦您再等一下，十分钟内给您答复。", ["ReplyWithInformation 12-08 10:40"]),
        ("您的补偿申请我来跟，周三前一定有结果。", ["ReplyWithInformation 12-09 18:00"]),
        ("We'll issue a full refund as soon as the courier confirms the return.", ["Refund 12-09 18:00"]),
        ("I'll call you on your mobile at half past four.", ["CallBack 12-08 16:30"]),
        ("The seller has agreed to send a replacement, and I'll confirm the dispatch date with you tomorrow.", ["ReplyWithInformation 12-09 18:00"]),
        ("这次的延误我们会在今天内以京豆形式补给您。", ["Compensation 12-08 18:00"]),
        ("周末仓库不发货，最早下周一给您发出。", ["Ship 12-14 18:00"]),
        ("我们会尽快安排上门取件，具体时间快递员会提前联系您。", ["Other 12-09 18:00"]),
        ("预计明天下午就能给您把钱退回去。", ["Refund 12-09 15:00"]),
        ("I'll get the replacement sent out to you by Wednesday.", ["Ship 12-09 18:00"]),
        ("Our engineer will ring you before visiting on Friday.", ["Other 12-11 18:00"]),
        ("您放心，这个问题今天一定给您解决。", ["Other 12-08 18:00"]),
        ("明晚8点之前我们会把新的订单号发您短信。", ["ReplyWithInformation 12-09 20:00"]),
        ("I'll escalate this to my supervisor and one of us will call you within the hour.", ["CallBack 12-08 11:30"]),
        ("这次给您带来的麻烦，我们会补偿您一个20元红包，24小时内到账。", ["Compensation 12-09 10:30"]),
        ("我会让主管今天下班前给您回个电话。", ["CallBack 12-08 18:00"]),
        ("您好，京东客服很高兴为您服务。", []),
        ("亲，退换货政策以页面说明为准哦。", []),
        ("这个订单已经在配送途中，预计明天送达。", []),
        ("您的问题已经提交售后，售后会根据检测结果处理。", []),
        ("请问是哪个商品需要退货呢？", []),
        ("商品签收后7天内都可以申请无理由退货。", []),
        ("如果商品有质量问题，我们可以免费为您换新。", []),
        ("您可以拨打95118联系京东物流。", []),
        ("我们会记录您的建议，并反馈给相关部门。", []),
        ("如需发票，可在订单完成后自行申请。", []),
        ("退款已经到您的微信零钱了，您查一下。", []),
        ("快递员说明天会再派送一次。", []),
        ("I'm sorry, but we can't ship to PO boxes.", []),
        ("Orders placed after 11 pm ship the next day.", []),
        ("You'll receive an SMS once the parcel is out for delivery.", []),
        ("Have you tried restarting the device?", []),
        ("We tried calling you at 2 pm but there was no answer.", []),
        ("Please allow 3-5 business days for the refund to appear.", []),
        ("The technician visit is free under warranty.", []),
        ("If you need anything else, just message us here.", []),
        ("We value your feedback and will share it with the product team.", []),
        ("The 7-day return window closes on December 12.", []),
        ("您要是着急的话，可以先申请退款，商品到了再退回。", []),
        ("根据物流信息，包裹今天上午已经到达您所在城市。", []),
        ("很抱歉，这个商品暂时无法补发。", []),
        ("我们客服是7×24小时在线的，有问题随时找我们。", []),
        ("今天的订单量比较大，发货可能会慢一点。", []),
        ("Is it OK if I call you back in 10 minutes?", []),
        ("Thanks for your order! We hope you enjoy it.", []),
        ("好的，那我先不打扰您了。", []),
        ("Unfortunately the coupon expired last week.", []),
        ("该商品属于大件商品，送货上门需要预约。", []),
        ("收到您的反馈了。我这边马上联系仓库核实。核实清楚后，今天下午四点前给您回复。", ["ReplyWithInformation 12-08 16:00"]),
        ("Thanks for your patience. I've asked the courier to call you. I'll check back with you at 5 pm.", ["ReplyWithInformation 12-08 17:00"]),
        ("退款申请已经通过。钱会在1-3个工作日内退回您的银行卡。如有疑问随时联系我们。", ["Refund 12-11 18:00"]),
    ];

    /// <summary>
    /// A fourth table, written after the last round of tuning from other corners of the desk (PLUS, 白条, books, health,
    /// installation, invoices, log-in, payments) and never tuned on: the honest estimate for replies the detector has not
    /// seen. Measured: precision 0.969, recall 0.886, kind 0.903, due 1.000 — missed "email it to you", "发到您的邮箱",
    /// "an email from me", a "第一时间通知您" without "我"; a shop's hours read as a technician's visit. Keep it untuned, so
    /// it keeps telling the truth.
    /// </summary>
    public static readonly IReadOnlyList<(string Text, string[] Promises)> Unseen =
    [
        ("您的白条还款问题我已经提交给金融部门，他们会在两个工作日内电话联系您。", ["CallBack 12-10 18:00"]),
        ("PLUS会员的运费券我们今天下午给您补发到账户里。", ["Compensation 12-08 18:00"]),
        ("I'll reset the password link and email it to you within 10 minutes.", ["ReplyWithInformation 12-08 10:40"]),
        ("We'll send a technician to install the air conditioner on Saturday morning.", ["Other 12-12 10:00"]),
        ("您反馈的书籍缺页问题，我们明天给您重新寄一本。", ["Ship 12-09 18:00"]),
        ("价保的差价今天晚上10点前会退到您的京东余额。", ["Refund 12-08 22:00"]),
        ("Give me 15 minutes and I'll call you back with the answer.", ["CallBack 12-08 10:45"]),
        ("您先别着急，我马上联系配送站，半个小时内回您电话。", ["CallBack 12-08 11:00"]),
        ("支付失败扣的钱会在24小时内自动退回，如果没退回我再帮您处理。", ["Refund 12-09 10:30"]),
        ("I'll get the finance team to issue your VAT invoice by Thursday.", ["Other 12-10 18:00"]),
        ("明天上午我会把处理结果发到您的邮箱。", ["ReplyWithInformation 12-09 10:00"]),
        ("赠品漏发了，我们这边马上给您安排补寄。", ["Ship 12-09 18:00"]),
        ("We will arrange a pick-up of the faulty unit tomorrow between 10 and 12.", ["Other 12-09 12:00"]),
        ("您的账户解冻申请我来跟进，有结果第一时间通知您。", ["ReplyWithInformation 12-09 18:00"]),
        ("I'll personally refund the difference to your original payment method today.", ["Refund 12-08 18:00"]),
        ("我们会在3天内给您一个明确的答复。", ["ReplyWithInformation 12-11 18:00"]),
        ("新的健康卡我们会在下周三之前寄到您手上。", ["Ship 12-16 18:00"]),
        ("Expect an email from me before 5 pm with the tracking link.", ["ReplyWithInformation 12-08 17:00"]),
        ("这边给您申请了30元无门槛券作为补偿，预计两小时内到账。", ["Compensation 12-08 12:30"]),
        ("I'll phone the courier and ring you back in an hour.", ["CallBack 12-08 11:30"]),
        ("修好的手机我们会在后天寄回给您。", ["Ship 12-10 18:00"]),
        ("我明天下午四点左右再给您打个电话确认安装时间。", ["CallBack 12-09 16:00"]),
        ("We'll credit the 618 coupon back to your account by the end of the week.", ["Compensation 12-11 18:00"]),
        ("您提交的图书发票，财务今天就能开出来发您邮箱。", ["Other 12-08 18:00"]),
        ("登录异常的问题技术同事正在排查，今天下班前我给您回复。", ["ReplyWithInformation 12-08 18:00"]),
        ("I'll text you the new delivery slot as soon as the depot confirms it.", ["ReplyWithInformation 12-09 18:00"]),
        ("等质检报告出来，我第一时间打电话告诉您结果。", ["CallBack 12-09 18:00"]),
        ("The replacement charger will go out with tomorrow's first delivery.", ["Ship 12-09 18:00"]),
        ("余额提现失败的钱，我们会在1个工作日内退回您的银行卡。", ["Refund 12-09 18:00"]),
        ("我会在今晚九点前把新的订单号发给您。", ["ReplyWithInformation 12-08 21:00"]),
        ("We will replace the missing volume of the book set within 3 days.", ["Ship 12-11 18:00"]),
        ("我们这边会在周五前给您补开一张增值税专用发票。", ["Other 12-11 18:00"]),
        ("PLUS会员每月可以领取5张免运费券。", []),
        ("您的白条额度是根据您的信用情况自动评估的。", []),
        ("Have you received the password reset email?", []),
        ("您可以在“账户安全”里修改登录密码。", []),
        ("The installation fee was already included in your order.", []),
        ("图书类商品拆封后不支持七天无理由退货。", []),
        ("如果您需要安装服务，可以在下单时预约。", []),
        ("We cannot change the delivery address once the parcel has left the warehouse.", []),
        ("您的退款已于12月5日到账，请查看银行流水。", []),
        ("客服电话24小时都可以打。", []),
        ("请您先把商品寄回，我们收到后再处理。", []),
        ("I understand how frustrating this must be.", []),
        ("The courier usually calls before delivering large items.", []),
        ("您好，请问是京东健康的订单吗？", []),
        ("This coupon can only be used on JD self-operated products.", []),
        ("这个价格已经是活动最低价了。", []),
        ("I'll be happy to walk you through the steps.", []),
        ("退款失败一般是因为银行卡已注销。", []),
        ("We emailed you the invoice on Friday.", []),
        ("请您在收到验证码后五分钟内完成验证。", []),
        ("若您对本次服务满意，请给我们五星好评哦。", []),
        ("快递员昨天已经把包裹放到驿站了。", []),
        ("Our technicians work from 9 am to 6 pm on weekdays.", []),
        ("您的问题我们非常重视。", []),
        ("系统会在订单完成后自动发放京豆。", []),
        ("Would you prefer a refund or store credit?", []),
        ("I'm not able to see the payment on my side.", []),
        ("您的快递正在派送中，请保持电话畅通。", []),
        ("We might be able to offer a small coupon if the seller agrees.", []),
        ("您明天再来问一下就可以了。", []),
        ("那我们就先这样，祝您生活愉快。", []),
        ("上个月的补偿券已经发到您账户了，您看一下。", []),
        ("收到，马上为您查询。您的包裹在上海转运中心滞留了。我这边联系物流加急处理，今天下午三点前给您回复。", ["ReplyWithInformation 12-08 15:00"]),
        ("Sorry about the wrong size. We'll ship the right one today. You can keep the wrong one. I'll also add a 20 yuan coupon to your account.", ["Ship 12-08 18:00", "Compensation 12-09 18:00"]),
    ];

    [Fact]
    public void The_table_is_new_balanced_and_large_enough()
    {
        var promises = Table.Sum(c => c.Promises.Length);
        var silent = Table.Count(c => c.Promises.Length == 0);
        Assert.True(Table.Count >= 150, $"{Table.Count} cases");
        Assert.InRange(promises, silent * 0.8, silent * 1.25);
        Assert.Equal(Table.Count, Table.Select(c => c.Text).Distinct().Count());
    }

    [Fact]
    public void Precision_and_recall_on_sentences_the_detector_was_not_written_against()
    {
        var (precision, recall, kindAccuracy, dueAccuracy) = Measure(Table);

        Assert.True(precision >= 0.95, $"precision {precision:F3}");
        Assert.True(recall >= 0.90, $"recall {recall:F3}");
        Assert.True(kindAccuracy >= 0.90, $"kind {kindAccuracy:F3}");
        Assert.True(dueAccuracy >= 0.85, $"due {dueAccuracy:F3}");
    }

    [Fact]
    public void Precision_and_recall_on_the_holdout_written_after_tuning()
    {
        var (precision, recall, _, _) = Measure(Holdout);

        Assert.True(precision >= 0.90, $"precision {precision:F3}");
        Assert.True(recall >= 0.80, $"recall {recall:F3}");
    }

    [Fact]
    public void Precision_and_recall_on_the_third_table()
    {
        var (precision, recall, _, _) = Measure(Fresh);

        Assert.True(precision >= 0.95, $"precision {precision:F3}");
        Assert.True(recall >= 0.90, $"recall {recall:F3}");
    }

    [Fact]
    public void Precision_and_recall_on_replies_never_tuned_on()
    {
        var (precision, recall, _, _) = Measure(Unseen);

        Assert.True(precision >= 0.90, $"precision {precision:F3}");
        Assert.True(recall >= 0.80, $"recall {recall:F3}");
    }

    private (double Precision, double Recall, double Kind, double Due) Measure(IReadOnlyList<(string Text, string[] Promises)> table)
    {
        var calendar = China2026();
        int found = 0, expected = 0, hits = 0, kindRight = 0, dueRight = 0;
        foreach (var (text, promises) in table)
        {
            var detected = PromiseDetector.Detect(text, Now, calendar);
            var wanted = promises.Select(Parse).ToList();
            found += detected.Count;
            expected += wanted.Count;
            hits += Math.Min(detected.Count, wanted.Count);
            foreach (var (want, got) in wanted.Zip(detected))
            {
                kindRight += want.Kind == got.Kind ? 1 : 0;
                dueRight += want.Due == got.DueAt ? 1 : 0;
            }

            var shown = string.Join(" | ", detected.Select(p => $"{p.Kind} {p.DueAt.ToOffset(TimeSpan.FromHours(8)):MM-dd HH:mm}"));
            var right = detected.Count == wanted.Count && wanted.Zip(detected).All(x => x.First.Kind == x.Second.Kind && x.First.Due == x.Second.DueAt);
            if (!right)
            {
                output.WriteLine($"{(detected.Count < wanted.Count ? "MISSED " : detected.Count > wanted.Count ? "EXTRA  " : "WRONG  ")} {text}\n         want [{string.Join(" | ", promises)}] got [{shown}]");
            }
        }

        var precision = found == 0 ? 0 : (double)hits / found;
        var recall = (double)hits / expected;
        var kindAccuracy = hits == 0 ? 0 : (double)kindRight / hits;
        var dueAccuracy = hits == 0 ? 0 : (double)dueRight / hits;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{table.Count} cases, {expected} promises: found {found}, right {hits}; precision {precision:F3}, recall {recall:F3}, kind {kindAccuracy:F3}, due {dueAccuracy:F3}"));
        return (precision, recall, kindAccuracy, dueAccuracy);
    }

    private static (CommitmentKind Kind, DateTimeOffset Due) Parse(string promise)
    {
        var parts = promise.Split(' ', 2);
        return (Enum.Parse<CommitmentKind>(parts[0]), At("2026-" + parts[1]));
    }
}
