using System.Text.RegularExpressions;
using HelpDesk.Domain.Sla;

namespace HelpDesk.Domain.Commitments;

/// <summary>A promise found in an agent's reply, with the due time its words imply.</summary>
public sealed record DetectedPromise(CommitmentKind Kind, string Text, DateTimeOffset DueAt);

/// <summary>
/// Finds the promises an agent makes in a reply (R8), in Chinese and English: "明天上午给您回电", "我下午三点联系您",
/// "三个工作日内退款到账", "I'll email you the label by Monday", "we will ship the replacement by Friday".
/// A reply is read sentence by sentence (。！？； and an English full stop end one), at most one promise each; a
/// sentence is read clause by clause (，, and English "and"/"but"). A clause promises when it names what will be done —
/// call back, contact/reply, ship, refund, compensate, or another service step (pick-up, technician, invoice) — and
/// the sentence says it in the first person and future or gives a time. Not promises: questions; instructions to the
/// customer and system or policy statements; things already done; negations; hedged estimates ("一般", "预计",
/// "usually") and conditional offers ("如果您同意…", "if you prefer…") in or before the clause; polite future phrases
/// that name no action. "After X" and "once X" conditions ("审核通过后", "once it arrives") keep a promise a promise.
/// Due times: <see cref="DueAt"/>.
/// </summary>
public static partial class PromiseDetector
{
    /// <summary>Kinds by what is promised; the one named first in a clause wins (conditions removed first).</summary>
    private static readonly (CommitmentKind Kind, Regex Pattern)[] Kinds =
    [
        (CommitmentKind.CallBack, CallBackWords()),
        (CommitmentKind.Refund, RefundWords()),
        (CommitmentKind.Compensation, CompensationWords()),
        (CommitmentKind.Ship, ShipWords()),
        (CommitmentKind.ReplyWithInformation, ContactWords()),
        (CommitmentKind.Other, ServiceWords()),
    ];

    [GeneratedRegex(@"回电|回个电话|回电话|致电|打电话|打个电话|打给您|给您打|打过去|来电|去电|回访|电话(联系|告知|通知|回复|沟通|确认|答复|跟您)|\bcall (you|u)\b|call (you )?back|give you a (call|ring)|a call from (me|us|our)\b|phone you|ring you|by (tele)?phone", RegexOptions.IgnoreCase)]
    private static partial Regex CallBackWords();

    [GeneratedRegex(@"退款|退回|退还|退给您|退到|退至|钱.{0,6}退|原路返回|返还|返现|到账|差价|\brefund\w*|\breimburs\w*|money (will be |is )?back|back (in|to|into) your (account|card|wallet)|\bpay\b.{0,30}\bback\b|price difference", RegexOptions.IgnoreCase)]
    private static partial Regex RefundWords();

    [GeneratedRegex(@"补偿|赔偿|赔付|补给您|优惠券|东券|京券|京豆|红包|积分|代金券|礼品卡|\bcompensat\w*|\bcoupons?\b|\bvouchers?\b|\bcredit(?!\s*cards?)\b|\bbeans\b|\bgift cards?\b|\btop up\b", RegexOptions.IgnoreCase)]
    private static partial Regex CompensationWords();

    [GeneratedRegex(@"补发|补寄|重新发|重发|重新寄|发货|寄出|寄过去|寄给|寄到|发出|出库|换新|到货|送达|送到|送货|派送|\b(ship|dispatch|resend|re-send|deliver|replac)\w*|send (you )?(a |the |your )?(new|replacement)|get (a |the |your )?(new |replacement )?\w+ out to you|send (it|them|the \w+|your \w+) out", RegexOptions.IgnoreCase)]
    private static partial Regex ShipWords();

    [GeneratedRegex(@"回复您|回复给您|给您回复|回您|给您回话|答复|告知您|告诉您|通知您|反馈给您|给您结果|给您消息|发消息|发短信|短信通知|联系您|与您联系|和您联系|跟您联系|同步给您|给您同步|同步一次|处理方案|单号发给您|发单号|发您短信|发您消息|(跟|和|向|给)您确认|告知|有结果|get back (to|with) you|circle back|check back|hear back|hear from (me|us)\b|confirm (\w+ ){0,3}with you|get (a|an) (reply|response|answer)|let you know|update you|reply to|respond to you|come back to you|keep you (posted|updated|informed)|contact you|reach out|be in touch|get in touch|e-?mail you|send you an? (e-?mail|message|update|text)|message you|text you|drop you|follow up with you|inform you|notify you|tracking number", RegexOptions.IgnoreCase)]
    private static partial Regex ContactWords();

    [GeneratedRegex(@"上门|取件|维修|修好|工程师|师傅|技术人员|发票|\binvoices?\b|\btechnician|\bengineer|\brepair\w*|collect (the|your) (parcel|item|package|return)|pick (it|them) up|pick up (the|your)|pick-?up", RegexOptions.IgnoreCase)]
    private static partial Regex ServiceWords();

    /// <summary>We (or a named colleague) will: the words that make a sentence without a time a promise.</summary>
    [GeneratedRegex(@"(我们|我|这边)(这边)?(会|将|一定|保证|马上|立即|尽快|第一时间|再|先|就|这就|帮您|给您|为您)|将会|会在|会于|会给您|会为您|会把|为您(安排|补发|办理|申请)|\b(I'll|I will|we'll|we will|we're going to|we are going to|I'm going to|I am going to|will be)\b|\bfrom (me|us)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FirstPersonFuture();

    /// <summary>Asking, not promising.</summary>
    [GeneratedRegex(@"[？?]\s*$|[吗呢么][~～。.!！]*\s*$")]
    private static partial Regex Question();

    /// <summary>The customer is told what to do: a promise only if the clause also says what we will do.</summary>
    [GeneratedRegex(@"^\s*(请问|请您|请|您可以|您可|可以|麻烦您|记得|您需要|需要您)|^\s*(please|you can|you could|you may|you need|you will need|you should|could you|can you|would you|did you|have you|do you|customers can|feel free)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Instruction();

    /// <summary>What a system, a page or a rule says, or an estimate: not our word, here or in the clauses after it.</summary>
    [GeneratedRegex(@"显示|系统|根据|(?<![跟和给向对])(快递员|快递|商家|师傅|仓库|物流)(说|表示|称)|一般|通常|正常情况|大概|可能|也许|或许|预计|\b(according to|the system|tracking shows|usually|normally|typically|generally|may|might|could|should|expected to|estimated)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotOurWord();

    /// <summary>"If …" opens an offer or a rule, not a promise — unless it only asks whether the time suits.</summary>
    [GeneratedRegex(@"^\s*(如果|假如|若|如您|如有|要是|万一|if\b|in case\b|unless\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Conditional();

    [GeneratedRegex(@"方便的话|可以的话|if (it|that) (suits|works)|if (it is|it's) convenient", RegexOptions.IgnoreCase)]
    private static partial Regex PoliteCondition();

    [GeneratedRegex(@"(?<![而得])已|刚刚|刚才|过(了|您|电话)|昨天|前天|上周|\balready\b|\b(have|has|had)\s+(been\s+)?\w+(ed|en|t)\b|'ve\s+\w+(ed|en|t)\b|\b(was|were)\s+\w+(ed|en|t)\b|\b(we|I)\s+(refunded|shipped|sent|called|issued|credited|processed|dispatched|delivered|contacted|emailed|replaced|compensated|phoned|rang)\b|\byesterday\b|\blast (week|month|night)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AlreadyDone();

    /// <summary>Something in progress right now: a status, not a promise.</summary>
    [GeneratedRegex(@"正在|处理中|运输中|配送中|\b(on (its|the) way|in transit|is being|are being|is working|are working)\b", RegexOptions.IgnoreCase)]
    private static partial Regex InProgress();

    /// <summary>Simple past of what agents do ("the parcel left", "we sent"), unless the clause says will.</summary>
    [GeneratedRegex(@"\b(left|arrived|went|came|sent|paid|gave|took|received|returned|refunded|shipped|dispatched|delivered|issued|credited|processed|cancell?ed|completed|approved|collected|called|emailed|contacted|replaced|repaired|fixed|resolved|handled)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SimplePast();

    [GeneratedRegex(@"\b(will|'ll|going to|shall)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Will();

    /// <summary>"已安排…明天上门", "we've scheduled … for Thursday": a done arrangement of something still to come.</summary>
    [GeneratedRegex(@"安排|预约|登记|约好|约了|\b(arranged|scheduled|booked)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Arranged();

    [GeneratedRegex(@"不会|不能|无法|没法|没办法|不予|不支持|暂不|\bnot\b|n't\b|\bcannot\b|\bunable\b|\bnever\b", RegexOptions.IgnoreCase)]
    private static partial Regex Negation();

    /// <summary>"X后" / "once X": the condition before the promise, removed before the kind is read ("售后", "后天", "稍后" are no conditions).</summary>
    [GeneratedRegex(@"^.*?(?<![售稍然最今明昨午前随此背落以之])(之后|以后|后)(?![天日])|\b(once|as soon as|after(?!-)|when|whenever|until|till)\b.*$", RegexOptions.IgnoreCase)]
    private static partial Regex Condition();

    /// <summary>Sentence ends: Chinese and English end marks, an English full stop before a space (not "3 p.m. tomorrow"), a line break.</summary>
    [GeneratedRegex(@"(?<=[。！？!?；;…])|(?<=\.)(?<!\b[ap]\.m\.)\s+|\s*\n\s*", RegexOptions.IgnoreCase)]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"[，,：:、]|\s+(?:and|but|so)\s+(?=[a-z])", RegexOptions.IgnoreCase)]
    private static partial Regex ClauseEnd();

    public static IReadOnlyList<DetectedPromise> Detect(string? text, DateTimeOffset now, BusinessCalendar calendar)
    {
        var found = new List<DetectedPromise>();
        foreach (var part in SentenceEnd().Split((text ?? string.Empty).Replace('’', '\'')))
        {
            var sentence = part.Trim();
            if (sentence.Length < 4 || Question().IsMatch(sentence) || KindOf(sentence) is not { } kind)
            {
                continue;
            }

            var ours = FirstPersonFuture().IsMatch(sentence);
            var due = DueAt(sentence, now, calendar);
            if (due is null && !ours)
            {
                continue;
            }

            // Without a time, a promise is due by the end of the next working day.
            var at = due ?? calendar.At(calendar.NextWorkingDay(calendar.LocalDate(now)), EndOfBusiness);
            found.Add(new DetectedPromise(kind, sentence.TrimEnd('。', '.', '；', ';', '！', '!'), at > now ? at : now.AddHours(1)));
        }

        return found;
    }

    /// <summary>Already done — unless what was done is an arrangement for a time still to come.</summary>
    private static bool Done(string clause) =>
        (AlreadyDone().IsMatch(clause) || (SimplePast().IsMatch(clause) && !Will().IsMatch(clause)))
        && !(Arranged().IsMatch(clause) && Future().IsMatch(clause));

    /// <summary>What the first clause that promises promises, or null when no clause does.</summary>
    private static CommitmentKind? KindOf(string sentence)
    {
        foreach (var clause in ClauseEnd().Split(sentence).Where(c => !string.IsNullOrWhiteSpace(c)))
        {
            // An estimate, a rule, or an "if" covers its own clause and the ones after it.
            if (NotOurWord().IsMatch(clause) || (Conditional().IsMatch(clause) && !PoliteCondition().IsMatch(clause)))
            {
                return null;
            }

            var main = Condition().Replace(clause, string.Empty);
            var kind = Kinds.Select(k => (k.Kind, Match: k.Pattern.Match(main))).Where(k => k.Match.Success).OrderBy(k => k.Match.Index).FirstOrDefault();
            if (kind.Match is null
                || Done(main)
                || InProgress().IsMatch(main)
                || Negation().IsMatch(main)
                || (Instruction().IsMatch(clause) && !FirstPersonFuture().IsMatch(clause)))
            {
                continue;
            }

            return kind.Kind;
        }

        return null;
    }
}
