using System.Globalization;
using System.Text.RegularExpressions;
using HelpDesk.Domain.Sla;

namespace HelpDesk.Domain.Commitments;

/// <summary>A promise found in an agent's reply, with the due time its words imply.</summary>
public sealed record DetectedPromise(CommitmentKind Kind, string Text, DateTimeOffset DueAt);

/// <summary>
/// Finds the promises an agent makes in a reply (R8), in Chinese and English: "明天上午给您回电", "我们会在24小时内为您补发",
/// "三个工作日内退款到账", "I'll call you back tomorrow", "we will ship the replacement by Friday". A sentence is a promise
/// when it says what will be done (call back, reply, ship, refund, compensate) in the first person and future, or
/// with a time. Questions, instructions to the customer and things already done are not. Times are read against
/// the business calendar: "tomorrow morning" is the next working day at 10:00, "within 3 working days" the end of
/// the third working day, "within 24 hours" 24 hours from now, "by Friday" Friday's end of business.
/// </summary>
public static partial class PromiseDetector
{
    private static readonly TimeOnly Morning = new(10, 0);
    private static readonly TimeOnly Afternoon = new(15, 0);
    private static readonly TimeOnly EndOfBusiness = new(18, 0);

    private static readonly (CommitmentKind Kind, Regex Pattern)[] Kinds =
    [
        (CommitmentKind.CallBack, new(@"回电|回个电话|回电话|致电|打电话|给您来电|电话联系|call (you )?back|give you a (call|ring)|call you|phone you|ring you", RegexOptions.IgnoreCase | RegexOptions.Compiled)),
        (CommitmentKind.Refund, new(@"退款|退回|原路返回|到账|refund", RegexOptions.IgnoreCase | RegexOptions.Compiled)),
        (CommitmentKind.Ship, new(@"补发|重新发|发货|寄出|发出|换新|送达|\b(ship|dispatch|resend|re-send|deliver)\w*|send (you )?(a |the )?(new|replacement)", RegexOptions.IgnoreCase | RegexOptions.Compiled)),
        (CommitmentKind.Compensation, new(@"补偿|赔偿|优惠券|红包|积分|compensat\w*|coupon|voucher|credit", RegexOptions.IgnoreCase | RegexOptions.Compiled)),
        (CommitmentKind.ReplyWithInformation, new(@"回复您|答复您|给您答复|给您回复|告知您|通知您|反馈给您|给您结果|核实后|get back to you|let you know|update you|reply to you|come back to you|keep you (posted|updated)", RegexOptions.IgnoreCase | RegexOptions.Compiled)),
    ];

    [GeneratedRegex(@"(我们|我)(会|将|一定|保证|马上|立即|尽快)|将会|会在|会于|会给您|会为您|为您(安排|补发|办理|申请)|\b(I'll|I will|we'll|we will|we're going to|we are going to|I'm going to|I am going to|will be)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FirstPersonFuture();

    /// <summary>Asking, not promising.</summary>
    [GeneratedRegex(@"[？?]\s*$")]
    private static partial Regex Question();

    /// <summary>The customer is told what to do, or what a system shows: a promise only if we also say what we will do.</summary>
    [GeneratedRegex(@"^\s*(请问|请您|您可以|您可|麻烦您|如果|请)|(物流|系统|快递|页面)?显示|^\s*(please|you can|you could|could you|can you|if you|did you|have you|do you|would you)\b|tracking shows|according to", RegexOptions.IgnoreCase)]
    private static partial Regex NotOurs();

    [GeneratedRegex(@"(已经|已)(为您|给您|帮您)?(补发|发货|寄出|退款|致电|回电|处理|安排)|\b(we|I) (have|had|'ve) (already )?\w+ed\b|\balready\b", RegexOptions.IgnoreCase)]
    private static partial Regex AlreadyDone();

    [GeneratedRegex(@"(?<n>\d+|[一二两三四五六七八九十]+)\s*个?\s*(工作日|working days?|business days?)", RegexOptions.IgnoreCase)]
    private static partial Regex WorkingDays();

    [GeneratedRegex(@"(?<n>\d+|[一二两三四五六七八九十]+)\s*(个)?\s*(小时|hours?|hrs?)", RegexOptions.IgnoreCase)]
    private static partial Regex Hours();

    [GeneratedRegex(@"(?<n>\d+|[一二两三四五六七八九十]+)\s*(分钟|minutes?|mins?)", RegexOptions.IgnoreCase)]
    private static partial Regex Minutes();

    [GeneratedRegex(@"(?<n>\d+|[一二两三四五六七八九十]+)\s*(天|日|days?)", RegexOptions.IgnoreCase)]
    private static partial Regex Days();

    [GeneratedRegex(@"(?<next>下)?(周|星期|礼拜)(?<d>[一二三四五六日天])|\b(by|on|before|this|next)\s+(?<en>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Weekday();

    [GeneratedRegex(@"[^。！!？?；;\n]+[。！!？?；;]?|[^.!?;\n]+[.!?;]?")]
    private static partial Regex Sentence();

    public static IReadOnlyList<DetectedPromise> Detect(string? text, DateTimeOffset now, BusinessCalendar calendar)
    {
        var found = new List<DetectedPromise>();
        foreach (Match m in Sentence().Matches(text ?? string.Empty))
        {
            var sentence = m.Value.Trim();
            var ours = FirstPersonFuture().IsMatch(sentence);
            if (sentence.Length < 4 || Question().IsMatch(sentence) || AlreadyDone().IsMatch(sentence) || (NotOurs().IsMatch(sentence) && !ours))
            {
                continue;
            }

            var kind = Kinds.FirstOrDefault(k => k.Pattern.IsMatch(sentence));
            if (kind.Pattern is null)
            {
                continue;
            }

            var due = DueAt(sentence, now, calendar);
            if (due is null && !ours)
            {
                continue;
            }

            // Without a time, a promise is due by the end of the next working day.
            var at = due ?? calendar.At(calendar.NextWorkingDay(calendar.LocalDate(now)), EndOfBusiness);
            found.Add(new DetectedPromise(kind.Kind, sentence.TrimEnd('。', '.', '；', ';'), at > now ? at : now.AddHours(1)));
        }

        return found;
    }

    /// <summary>The due time a sentence names, or null when it names none.</summary>
    public static DateTimeOffset? DueAt(string sentence, DateTimeOffset now, BusinessCalendar calendar)
    {
        var today = calendar.LocalDate(now);
        var s = sentence.ToLowerInvariant();
        if (WorkingDays().Match(s) is { Success: true } wd)
        {
            var day = today;
            for (var i = 0; i < Math.Max(1, Number(wd.Groups["n"].Value)); i++)
            {
                day = calendar.NextWorkingDay(day);
            }

            return calendar.At(day, EndOfBusiness);
        }

        if (Minutes().Match(s) is { Success: true } min)
        {
            return now.AddMinutes(Number(min.Groups["n"].Value));
        }

        if (Hours().Match(s) is { Success: true } h)
        {
            return now.AddHours(Number(h.Groups["n"].Value));
        }

        if (s.Contains("后天", StringComparison.Ordinal) || s.Contains("day after tomorrow", StringComparison.Ordinal))
        {
            return calendar.At(calendar.NextWorkingDay(calendar.NextWorkingDay(today)), PartOfDay(s));
        }

        if (s.Contains("明天", StringComparison.Ordinal) || s.Contains("明日", StringComparison.Ordinal) || s.Contains("tomorrow", StringComparison.Ordinal))
        {
            return calendar.At(calendar.NextWorkingDay(today), PartOfDay(s));
        }

        if (Weekday().Match(s) is { Success: true } w)
        {
            var target = w.Groups["d"].Success ? ChineseWeekday(w.Groups["d"].Value) : Enum.Parse<DayOfWeek>(w.Groups["en"].Value, ignoreCase: true);
            var next = w.Groups["next"].Success || s.Contains("next " + w.Groups["en"].Value, StringComparison.Ordinal);
            var days = ((int)target - (int)today.DayOfWeek + 7) % 7;
            if (next)
            {
                days = DaysToNextWeek(today.DayOfWeek, target);
            }

            return calendar.At(today.AddDays(days), EndOfBusiness);
        }

        if (Days().Match(s) is { Success: true } d)
        {
            return calendar.At(today.AddDays(Number(d.Groups["n"].Value)), EndOfBusiness);
        }

        if (s.Contains("今天", StringComparison.Ordinal) || s.Contains("今日", StringComparison.Ordinal) || s.Contains("下班前", StringComparison.Ordinal)
            || s.Contains("today", StringComparison.Ordinal) || s.Contains("end of the day", StringComparison.Ordinal) || s.Contains("tonight", StringComparison.Ordinal)
            || s.Contains("this afternoon", StringComparison.Ordinal) || s.Contains("this evening", StringComparison.Ordinal))
        {
            return calendar.At(today, s.Contains("上午", StringComparison.Ordinal) || s.Contains("this morning", StringComparison.Ordinal) ? new TimeOnly(12, 0) : EndOfBusiness);
        }

        return null;
    }

    private static TimeOnly PartOfDay(string s) =>
        s.Contains("上午", StringComparison.Ordinal) || s.Contains("早上", StringComparison.Ordinal) || s.Contains("morning", StringComparison.Ordinal) ? Morning
        : s.Contains("下午", StringComparison.Ordinal) || s.Contains("afternoon", StringComparison.Ordinal) ? Afternoon
        : EndOfBusiness;

    /// <summary>Days from <paramref name="from"/> to <paramref name="target"/> in the following week (weeks start on Monday).</summary>
    private static int DaysToNextWeek(DayOfWeek from, DayOfWeek target)
    {
        var fromIndex = ((int)from + 6) % 7;
        var targetIndex = ((int)target + 6) % 7;
        return 7 - fromIndex + targetIndex;
    }

    private static DayOfWeek ChineseWeekday(string d) => d switch
    {
        "一" => DayOfWeek.Monday,
        "二" => DayOfWeek.Tuesday,
        "三" => DayOfWeek.Wednesday,
        "四" => DayOfWeek.Thursday,
        "五" => DayOfWeek.Friday,
        "六" => DayOfWeek.Saturday,
        _ => DayOfWeek.Sunday,
    };

    /// <summary>"3", "三", "两", "十" and "二十四" as numbers.</summary>
    public static int Number(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        const string digits = "零一二三四五六七八九";
        var value = 0;
        var current = 0;
        foreach (var c in text.Replace('两', '二'))
        {
            if (c == '十')
            {
                value += (current == 0 ? 1 : current) * 10;
                current = 0;
            }
            else
            {
                current = digits.IndexOf(c, StringComparison.Ordinal);
            }
        }

        return value + Math.Max(0, current);
    }
}
