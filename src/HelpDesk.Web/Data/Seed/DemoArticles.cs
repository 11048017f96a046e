using HelpDesk.Domain.Knowledge;

namespace HelpDesk.Web.Data.Seed;

/// <summary>
/// The demo knowledge base, filed under the sections the Knowledge_Articles migration creates in every environment:
/// articles in the shop's usual words (zh-CN, several translated into English, two internal), and search synonyms.
/// The relevance evaluation (tests/…/ArticleSearchEvaluation.cs) measures search against these articles.
/// </summary>
public static class DemoArticles
{
    public sealed record Entry(string Slug, string Language, string Category, string Title, string Body, string[] Tags, string[] Products, bool Internal = false);

    public static readonly (string Term, string Expansion)[] Synonyms =
    [
        ("邮费", "运费 快递费"),
        ("快递费", "运费"),
        ("7天", "七天"),
        ("退差价", "价格保护 价保"),
        ("开不了机", "无法开机 黑屏"),
        ("连不上", "无法配对 连接"),
        ("坏了", "故障 维修 破损"),
        ("到哪了", "物流 查询 包裹"),
        ("钱", "退款"),
    ];

    public static readonly Entry[] Articles =
    [
        new("return-shipping-cost", Article.Chinese, "returns", "七天无理由退货的运费由谁承担？",
            """
            签收后 7 天内申请七天无理由退货，**非质量问题**的寄回运费由顾客承担；商品有**质量问题**、发错货或少件时，退货运费由商家承担。

            - 选择“上门取件”时，运费在退款中扣除；自行寄回请保留快递单据，质量问题可申请运费补偿（按首重标准，最高 20 元）。
            - 购买了运费险的订单，退货后运费险会自动理赔到原支付账户。
            - PLUS 会员每月享有 5 次免费上门取件。
            """, ["运费", "退货", "运费险"], []),
        new("return-shipping-cost", Article.English, "returns", "Who pays the shipping for a 7-day no-reason return?",
            """
            Within 7 days of delivery you can return an item without giving a reason. For a return that is **not** about a defect, you pay the return shipping; when the item is **defective**, wrong or incomplete, the shop pays the return shipping.

            - With a courier pickup the shipping cost is deducted from the refund; if you send it yourself, keep the receipt: a defective item's shipping is refunded (up to CNY 20).
            - Orders with return-shipping insurance are compensated automatically.
            """, ["shipping", "return"], []),
        new("seven-day-return", Article.Chinese, "returns", "七天无理由退货的条件",
            """
            商品签收之日起 7 天内，商品完好、配件齐全、不影响二次销售的，可申请七天无理由退货。

            以下商品**不支持**七天无理由退货：定制商品、鲜活易腐商品（生鲜）、已拆封的个人护理用品和内衣、已激活的数码商品、虚拟商品和充值卡。

            在“我的订单”中选择商品，点击“申请售后”即可。
            """, ["七天无理由", "退货条件", "拆封"], []),
        new("refund-time", Article.Chinese, "returns", "退款多久到账？",
            """
            商品退回仓库并验收通过后，退款按原支付方式退回：

            | 支付方式 | 到账时间 |
            |---|---|
            | 微信、支付宝、余额 | 1–3 个工作日 |
            | 银行卡、信用卡 | 3–7 个工作日 |
            | 白条 | 恢复额度，分期手续费按比例退回 |

            超过以上时间仍未到账，请联系客服并提供订单号。
            """, ["退款", "到账", "原路退回"], []),
        new("refund-time", Article.English, "returns", "How long does a refund take?",
            """
            Once the returned item has arrived at our warehouse and passed inspection, the refund goes back the way you paid:
            WeChat Pay, Alipay or your balance within 1–3 working days; bank and credit cards within 3–7 working days.
            If your refund takes longer than that, contact us with your order number.
            """, ["refund"], []),
        new("exchange-size", Article.Chinese, "returns", "尺码不合适如何换货？",
            """
            服装鞋帽签收后 15 天内可申请换货（换尺码或颜色），商品需吊牌完好、未洗涤。在“我的订单”中点击“申请售后”，选择“换货”和新的尺码，快递员上门取件时会同时送来新商品。
            """, ["换货", "尺码", "换尺码"], []),
        new("track-parcel", Article.Chinese, "delivery", "如何查询包裹物流？",
            """
            在“我的订单”中打开订单即可看到运单号和最新物流轨迹。没有登录也可以在帮助中心输入订单号和下单手机号查询。
            物流信息一般在发货后 2 小时内更新。
            """, ["物流", "运单号", "查询", "包裹"], []),
        new("track-parcel", Article.English, "delivery", "How do I track my parcel?",
            """
            Open the order under "My orders" to see the tracking number and the latest tracking events. Without signing in, enter the order number and the phone number you ordered with in the help centre. Tracking usually updates within 2 hours of dispatch.
            """, ["tracking", "parcel", "delivery"], []),
        new("parcel-delayed", Article.Chinese, "delivery", "物流长时间没有更新怎么办？",
            """
            包裹超过 48 小时没有新的物流信息，可能是中转站积压或天气原因。请在订单页点击“催促配送”，或联系客服，我们会向快递公司核实并在 24 小时内答复；确认丢件的，我们会为您补发或退款。
            """, ["物流", "不更新", "催件", "丢件"], []),
        new("signed-not-received", Article.Chinese, "delivery", "显示已签收但没收到包裹",
            """
            请先确认是否由家人、门卫、快递柜或驿站代收。若都没有，请在签收后 48 小时内联系客服，我们会调取快递员的签收记录并核实；核实未妥投的，为您补发或退款。
            """, ["签收", "没收到", "代收"], []),
        new("change-address", Article.Chinese, "delivery", "下单后如何修改收货地址？",
            """
            订单出库前，可在“我的订单”中点击“修改地址”；已出库的订单可联系客服尝试拦截改派，可能产生改派运费。
            """, ["地址", "修改地址", "改派"], []),
        new("change-address", Article.English, "delivery", "How do I change the delivery address of an order?",
            """
            Before the order leaves the warehouse, use "Change address" under "My orders". Once it has shipped, contact us and we will ask the courier to redirect it (a redirection fee may apply).
            """, ["address", "delivery"], []),
        new("delivery-time", Article.Chinese, "delivery", "配送时效：什么时候能送到？",
            """
            自营商品支持 211 限时达：上午 11:00 前下单，当日送达；晚上 11:00 前下单，次日 15:00 前送达。偏远地区和大件商品以订单页显示的预计送达时间为准。
            """, ["送达", "配送时效", "211限时达"], []),
        new("damaged-parcel", Article.Chinese, "delivery", "收到的商品破损或外包装损坏怎么办？",
            """
            签收时发现外包装破损，可以当场拒收。签收后发现商品破损（如杯子碎了、屏幕裂了），请在 48 小时内拍照（外箱、面单、破损处）并在“申请售后”中上传，我们会为您换新或退款，运费由商家承担。
            """, ["破损", "碎了", "拒收"], []),
        new("warranty-policy", Article.Chinese, "warranty", "商品保修政策",
            """
            自营家电和数码商品自签收之日起享受：

            1. 7 天内出现性能故障，可选择退货、换货或维修；
            2. 15 天内出现性能故障，可选择换货或维修；
            3. 保修期（一般为 1 年，以商品页为准）内免费维修。

            人为损坏、进水不在免费保修范围内。
            """, ["保修", "保修期", "免费维修"], []),
        new("warranty-policy", Article.English, "warranty", "Warranty policy",
            """
            Appliances and electronics sold by us come with: a return, exchange or repair for a defect within 7 days; an exchange or repair within 15 days; free repair within the warranty period (usually one year, see the product page). Accidental damage and water damage are not covered.
            """, ["warranty", "repair"], []),
        new("repair-process", Article.Chinese, "warranty", "如何申请维修？",
            """
            在“我的订单”中点击“申请售后”，选择“维修”，描述故障并上传照片。我们安排快递员免费上门取件，维修完成后寄回，一般 7–10 个工作日。也可以到就近的品牌授权服务网点送修。
            """, ["维修", "送修", "上门取件"], []),
        new("phone-no-power", Article.Chinese, "products", "手机无法开机或黑屏怎么办？",
            """
            1. 连接原装充电器充电 30 分钟后再试；
            2. 长按电源键 10 秒以上强制重启（iPhone：依次按音量加、音量减，再长按侧边键）；
            3. 仍无法开机，请申请售后检测，保修期内免费维修。
            """, ["无法开机", "黑屏", "重启"], ["Mate 60 Pro", "iPhone 15"]),
        new("rice-cooker-error", Article.Chinese, "products", "电饭煲显示 E3 故障代码",
            """
            E3 表示内锅温度传感器异常：请断电 5 分钟，确认内锅已放好、底部无水渍和米粒后重新通电。反复出现 E3 请申请维修。
            """, ["故障代码", "E3", "电饭煲"], ["MX-300 电饭煲"]),
        new("earphones-pairing", Article.Chinese, "products", "蓝牙耳机无法配对或连接不上",
            """
            把耳机放回充电盒，长按盒上的功能键 3 秒直到指示灯闪烁，进入配对模式；在手机蓝牙设置中删除旧的配对记录后重新搜索。仍连接不上请申请售后。
            """, ["蓝牙", "配对", "耳机"], ["FreeBuds 5i", "AirPods Pro 2"]),
        new("invoice", Article.Chinese, "payment", "如何开具发票？",
            """
            下单时选择发票类型：电子普通发票（个人或单位）、增值税专用发票（需填写单位税号、开户行等资质信息）。订单完成后可在“我的订单—发票”中下载或申请换开。
            """, ["发票", "增值税专用发票", "电子发票"], []),
        new("invoice", Article.English, "payment", "How do I get an invoice?",
            """
            Choose the invoice type when you order: an electronic ordinary invoice (personal or company) or a special VAT invoice (company tax number and bank details needed). After the order is completed, download it or ask for a reissue under "My orders — Invoice".
            """, ["invoice", "VAT"], []),
        new("payment-failed", Article.Chinese, "payment", "支付失败或重复扣款怎么办？",
            """
            支付失败但银行显示已扣款，一般是银行的预授权，会在 1–3 个工作日内自动退回。若同一订单扣款两次，重复的款项会在 24 小时内原路退回；超过时间请联系客服并提供支付凭证。
            """, ["支付失败", "重复扣款", "扣款"], []),
        new("installments", Article.Chinese, "payment", "白条分期与免息规则",
            """
            带有“免息”标识的商品可享受 3 期或 6 期免息分期；非免息商品按每期 0.5%–0.8% 收取服务费。提前还款不收取违约金。
            """, ["白条", "分期", "免息", "利息"], []),
        new("price-protection", Article.Chinese, "payment", "价格保护：买了之后降价能退差价吗？",
            """
            自营商品支持 30 天价格保护：下单后 30 天内同一商品降价，可在“我的订单—价格保护”中申请，差价退回原支付账户。秒杀、拼团和使用优惠券后的价格不参与价保。
            """, ["价格保护", "价保", "降价", "差价"], []),
        new("price-protection", Article.English, "payment", "Price protection: the price dropped after I bought it",
            """
            Items sold by us have 30-day price protection: if the same item gets cheaper within 30 days of your order, apply under "My orders — Price protection" and the difference is refunded. Flash sales and group deals are excluded.
            """, ["price protection", "price drop"], []),
        new("coupon", Article.Chinese, "faq", "优惠券为什么用不了？",
            """
            请检查：优惠券是否在有效期内、订单金额是否达到使用门槛、商品是否在适用范围内（部分券仅限自营或指定品类）、是否与其他优惠叠加。
            """, ["优惠券", "满减"], []),
        new("cancel-order", Article.Chinese, "faq", "如何取消订单？",
            """
            订单出库前可在“我的订单”中直接取消，款项原路退回；已出库的订单可以拒收或签收后申请七天无理由退货。
            """, ["取消订单", "不想要了"], []),
        new("account-login", Article.Chinese, "account", "账户无法登录或忘记密码",
            """
            在登录页点击“忘记密码”，通过绑定手机号接收验证码重置密码。连续输错密码 5 次，账户会锁定 30 分钟。手机号已停用时请联系客服人工核验身份。
            """, ["登录", "忘记密码", "密码"], []),
        new("account-login", Article.English, "account", "I cannot sign in or forgot my password",
            """
            Use "Forgot password" on the sign-in page and reset it with the code sent to your phone. After 5 wrong passwords the account is locked for 30 minutes. If you no longer have that phone number, contact us to verify your identity.
            """, ["sign in", "password"], []),
        new("plus-membership", Article.Chinese, "account", "PLUS 会员有哪些权益？",
            """
            PLUS 会员享有：每月免运费券、每月 5 次免费上门退换货取件、专属客服通道（优先接入）、会员价商品和生日礼包。
            """, ["PLUS会员", "会员权益"], []),
        new("change-phone", Article.Chinese, "account", "如何更换绑定手机号？",
            """
            在“账户设置—安全设置”中选择“修改手机号”，验证原手机号后绑定新号码；原号码已停用的，可通过身份证人工审核更换。
            """, ["手机号", "换绑"], []),
        new("fresh-food", Article.Chinese, "returns", "生鲜商品变质或坏了怎么赔？",
            """
            生鲜商品不支持七天无理由退货，但签收 48 小时内发现腐烂、变质、少件的，拍照上传后可申请退款或补发，无需寄回。
            """, ["生鲜", "变质", "腐烂", "水果"], []),
        new("internal-refund-approval", Article.Chinese, "faq", "【内部】退款超过 500 元的审批流程",
            """
            单笔退款或补偿超过 500 元需主管审批，超过 2,000 元需两级审批（主管 + 售后经理）。在售后页面提交后，系统自动发起审批；审批通过前不得向顾客承诺到账时间。
            """, ["审批", "退款", "内部流程"], [], Internal: true),
        new("internal-plus-complaints", Article.Chinese, "faq", "【内部】PLUS 会员投诉的处理要点",
            """
            PLUS 会员投诉优先处理：首次响应 30 分钟内，当日给出方案；补偿可在权限内直接发放优惠券，不需要再次确认身份。
            """, ["PLUS会员", "投诉", "内部流程"], [], Internal: true),
    ];
}
