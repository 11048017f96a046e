namespace HelpDesk.Domain.Sentiment;

/// <summary>
/// The words the urgency scorer looks for: the built-in Chinese and English lists (written for e-commerce service:
/// parcels, refunds, quality, the service itself) plus what admins add. Longer terms win over the shorter ones
/// inside them ("投诉到" over "投诉", "不满意" over "满意"), so an admin can also correct a built-in word by adding
/// a longer phrase of another kind (an <see cref="UrgencyTermKind.Ignore"/> phrase hides it).
/// </summary>
public sealed class UrgencyLexicon
{
    private UrgencyLexicon(IReadOnlyList<UrgencyTerm> terms)
    {
        // One entry per text: an admin's entry replaces a built-in one with the same words.
        Terms = terms.GroupBy(t => t.Text, StringComparer.Ordinal)
            .Select(g => g.Last())
            .OrderByDescending(t => t.Text.Length)
            .ThenBy(t => t.Text, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Longest first.</summary>
    public IReadOnlyList<UrgencyTerm> Terms { get; }

    public static UrgencyLexicon BuiltIn { get; } = new(BuiltInTerms());

    /// <summary>The built-in words with an admin's additions (which win over a built-in entry of the same text).</summary>
    public UrgencyLexicon With(IEnumerable<UrgencyTerm> extra) => new([.. Terms, .. extra]);

    private static List<UrgencyTerm> BuiltInTerms()
    {
        var terms = new List<UrgencyTerm>();
        void Add(UrgencyTermKind kind, int? weight, params string[] texts) => terms.AddRange(texts.Select(t => new UrgencyTerm(t, kind, weight)));

        // ── threats to escalate ──
        Add(UrgencyTermKind.Escalation, null,
            "12315", "12345", "消协", "消费者协会", "消保委", "工商局", "工商部门", "市场监管", "监管部门", "315", "3·15", "黑猫投诉", "投诉到", "投诉至", "投诉你们到",
            "去投诉", "向上级投诉", "曝光", "找媒体", "联系媒体", "向媒体", "告诉媒体", "媒体反映", "记者", "发微博", "发到网上", "发朋友圈", "网上发帖", "找律师", "找了律师", "请律师", "请了律师", "咨询律师", "咨询了律师", "委托律师", "我的律师", "发律师函", "让律师", "律师联系", "起诉", "法院", "告你们", "打官司", "法律途径",
            "法律手段", "法律程序", "报警", "维权", "仲裁", "举报", "找你们领导", "找领导", "找你们老板", "找你们经理",
            "lawyer", "attorney", "sue", "suing", "legal action", "court", "small claims", "bbb", "better business bureau", "consumer protection",
            "chargeback", "dispute the charge", "report you", "reporting you", "social media", "go public", "the press", "trading standards");
        Add(UrgencyTermKind.Escalation, 30, "差评", "给差评", "打差评", "一星", "bad review", "one star", "1 star", "1-star");

        // ── anger, abuse, accusations ──
        Add(UrgencyTermKind.Anger, null,
            "垃圾", "骗子", "骗人", "欺骗", "欺诈", "诈骗", "忽悠", "坑人", "坑爹", "被坑", "无良", "黑心", "奸商", "恶心", "恶劣", "气死", "气人",
            "气愤", "愤怒", "火大", "忍无可忍", "受够了", "什么破", "破玩意", "破东西", "破手机", "破电脑", "破耳机", "破物流", "破服务", "踢皮球", "推卸", "推来推去",
            "不负责任", "不作为", "没人管", "没人理", "没有人理", "没人处理", "没有人处理", "有没有人管", "有没有人在管", "还有没有人管", "管不管", "不理人", "爱理不理",
            "耍流氓", "流氓", "霸王条款", "离谱", "失望透顶", "给个说法", "给我一个说法", "给我个说法", "讨个说法", "强烈要求", "必须给我", "退钱", "赔钱", "滚",
            "态度恶劣", "态度极差", "态度很差", "态度非常差", "什么态度", "假货", "一次比一次差", "岂有此理", "不能接受", "无法接受", "不可接受", "没法接受", "接受不了",
            "好欺负", "欺负人", "欺负消费者", "吞了我的钱", "讲不讲诚信", "不讲诚信", "没有诚信", "说话不算数", "还算数吗", "说话不算话", "最差", "耍我", "糊弄",
            "把我当傻子", "当我傻", "骂人", "骂我", "气疯", "疯了", "最后一次在你们", "最后一次买", "不识字", "虚假宣传", "赖账", "耍赖", "谁负责", "吓死人", "倒闭了", "摆设", "不耐烦", "挂断", "挂我电话", "很难接受", "难以接受", "没有耐心了", "没耐心了", "耐心耗尽", "失去耐心", "敷衍",
            "scam", "scammed", "scammers", "fraud", "ridiculous", "unacceptable", "not acceptable", "disgusting", "furious", "outraged", "pathetic", "worst",
            "a joke", "incompetent", "liar", "liars", "lied", "lying", "rip-off", "ripoff", "ripped off", "fed up", "sick of", "wtf", "enough is enough", "i demand",
            "shameful", "disgrace", "disgusted", "real person", "a human", "automated replies", "cheated", "nobody cares", "no one cares", "stolen my", "thieves", "crooks", "appalling", "livid", "absurd", "insane");
        Add(UrgencyTermKind.Anger, 30,
            "投诉", "差劲", "太差了", "过分", "无语", "扯皮", "搪塞", "再也不", "再也不买", "最后一次", "拉黑", "简直了", "答非所问", "服务态度", "态度差", "太失望",
            "complaint", "complain", "useless", "terrible", "horrible", "awful", "rude", "never again", "never buy", "garbage", "rubbish", "trash", "you people");

        // ── plain dissatisfaction and problems ──
        Add(UrgencyTermKind.Complaint, null,
            "不满意", "不满", "失望", "生气", "着急", "很急", "郁闷", "烦死", "心烦", "坏了", "破损", "碎了", "漏发", "少发", "错发", "发错", "质量差", "质量问题",
            "太慢", "很慢", "延误", "延迟", "不能用", "用不了", "退款失败", "迟迟", "拖了", "一直拖", "拖延", "至今", "到现在", "不靠谱", "不合理", "不公平", "不开心",
            "难受", "糟糕", "差", "丢件", "丢了", "被拒", "拒绝", "不给退", "不给换", "没人接", "赔偿", "不好", "不好用", "没收到", "没到", "不处理", "不解决", "没解决", "没处理", "没回复", "不回复", "没人回", "不发货",
            "disappointed", "disappointing", "upset", "annoyed", "frustrated", "frustrating", "unhappy", "dissatisfied", "broken", "damaged", "defective",
            "fake", "late", "delayed", "wrong item", "missing", "not working", "doesn't work", "does not work", "stopped working", "poor", "bad", "unresolved",
            "no response", "no reply", "no one", "nobody", "ignored", "waste of");

        // ── asked before ──
        Add(UrgencyTermKind.RepeatContact, null,
            "又来", "又一次", "又坏", "又没", "又是", "又延", "又拖", "又被", "又给", "又说", "又让", "又要", "再次", "多次", "好几次", "几次了", "无数次", "三番五次",
            "反复", "一再", "一直在等", "一直没", "每次都", "还没", "还是没", "还不", "到现在还", "至今未", "至今没", "已经催", "催了", "催过", "说了多少遍",
            "问了好几", "打了好几", "上次", "一直说", "一直在说", "之前反馈", "之前联系", "已经联系",
            "again", "still not", "still haven't", "still hasn't", "still no", "still waiting", "several times", "multiple times", "many times",
            "how many times", "keep asking", "repeatedly", "for the last time", "once again", "yet again", "already contacted", "already asked", "already told");

        Add(UrgencyTermKind.RepeatContact, 50, "说了多少遍", "说了几遍了", "说了无数遍", "讲了多少遍", "讲了几遍了");
        Add(UrgencyTermKind.Escalation, null, "拒付", "发抖音", "抖音上", "小红书上", "让大家看看", "让大家评评理", "发出来让大家");

        // ── wants it now ──
        Add(UrgencyTermKind.Hurry, null,
            "马上", "立刻", "立即", "赶紧", "尽快", "急", "急用", "今天必须", "今天之内", "等不了", "asap", "immediately", "urgent", "urgently", "right now", "right away");

        // ── intensifiers ──
        Add(UrgencyTermKind.Intensifier, null,
            "非常", "特别", "太", "极其", "极度", "真的", "真是", "简直", "根本", "完全", "到底", "究竟", "一点都", "一点也", "十分", "超级", "实在", "严重", "很",
            "very", "extremely", "so", "really", "absolutely", "totally", "completely", "utterly", "seriously", "incredibly", "beyond");

        // ── negators ──
        Add(UrgencyTermKind.Negator, null,
            "不是", "并不", "并非", "不算", "没有", "没", "不会", "不想", "不打算", "没打算", "不要", "不用", "无需", "不需要", "谈不上", "不至于", "别", "未", "不",
            "不太", "不怎么", "并没有", "也没有", "无意",
            "not", "no", "never", "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "won't", "wouldn't", "not at all", "no need to", "hardly");

        // ── calm or pleased ──
        Add(UrgencyTermKind.Positive, null,
            "谢谢", "感谢", "满意", "好评", "点赞", "辛苦了", "很好", "不错", "给力", "开心", "放心", "理解", "耐心", "太好了", "太棒了", "太感谢", "太谢谢",
            "非常感谢", "特别感谢", "真的很好", "very happy", "thank you for your patience",
            "thanks", "thank you", "satisfied", "happy", "great", "appreciate", "excellent", "perfect", "helpful", "pleased");

        // ── look alike, mean something else ──
        Add(UrgencyTermKind.Ignore, null,
            "曝光补偿", "曝光不足", "曝光过度", "过曝", "曝光时间", "长曝光", "曝光模式", "曝光值", "自动曝光", "手动曝光", "律师事务所", "律所", "我是律师", "我是一名律师",
            "投诉建议", "不是投诉", "差不多", "差价", "差额", "温差", "时差", "色差", "误差", "相差", "出差", "差点", "急救", "应急", "急速", "马上就好", "不急",
            "不着急", "不用急", "不客气", "还不错", "还行", "又好又", "又快又", "又便宜", "又大又", "上次买", "上次购买", "媒体播放", "多媒体", "流媒体", "媒体卡",
            "自媒体账号", "court shoes", "tennis court", "food court", "so far so good", "no problem", "no worries", "not urgent", "not in a hurry", "no rush",
            "bad weather", "late fee", "later", "so much", "not bad", "not too bad", "happy to", "great deal", "missing you", "没问题", "没关系", "没事",
            "不麻烦", "是不是", "会不会", "能不能", "要不要", "对不对", "好不好", "在抖音上看到", "抖音上看到", "小红书上看到", "i am a lawyer", "i'm a lawyer", "as a lawyer", "坏了吗", "会不会坏", "不会坏", "不好意思", "微博上看到", "在微博上");
        return terms;
    }
}
