using System.Globalization;
using System.Text.RegularExpressions;
using HelpDesk.Domain.Sla;

namespace HelpDesk.Domain.Commitments;

/// <summary>
/// The due time a promise names, read in the team's business calendar and time zone: working days and "明天" skip
/// weekends and holidays and count make-up workdays; hours and minutes are real time; clock times are local.
/// </summary>
public static partial class PromiseDetector
{
    private static readonly TimeOnly Morning = new(10, 0);
    private static readonly TimeOnly Noon = new(12, 0);
    private static readonly TimeOnly Afternoon = new(15, 0);
    private static readonly TimeOnly EndOfBusiness = new(18, 0);

    private static readonly string[] EnglishNumbers = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    /// <summary>Before this local hour the night still belongs to the day before: "明天" at 00:30 is the day that is beginning.</summary>
    private const int NightEndsAt = 5;

    [GeneratedRegex(@"(?<n>\d+|[一二两三四五六七八九十]+)\s*个?\s*(工作日|working days?|business days?)", RegexOptions.IgnoreCase)]
    private static partial Regex WorkingDays();

    [GeneratedRegex(@"(?<n>\d+|[一二两三四五六七八九十]+)\s*(分钟|(minutes?|mins?)\b)|(?<half>半个?小时|half an hour)", RegexOptions.IgnoreCase)]
    private static partial Regex Minutes();

    [GeneratedRegex(@"(?<n>\d+|[一二两三四五六七八九十]+|\ban|\bone|\bthe)\s*(个)?\s*(小时|hours?\b|hrs?\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Hours();

    [GeneratedRegex(@"(?<n>\d+|[一二两三四五六七八九十]+)\s*(天|日|days?)", RegexOptions.IgnoreCase)]
    private static partial Regex Days();

    [GeneratedRegex(@"(?<next>下)?(周|星期|礼拜)(?<d>[一二三四五六日天])|\b(by|on|before|until|till|this|next|first thing)\s+(?<en>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Weekday();

    /// <summary>"下午三点", "三点半", "晚上8点前", "9点15分", "十点".</summary>
    [GeneratedRegex(@"(?<p>凌晨|早上|早晨|上午|中午|下午|午后|傍晚|晚上|今晚|明早|明晚)?\s*(?<h>\d{1,2}|[零一二两三四五六七八九十]{1,3})\s*[点點](?<m>半|一刻|三刻|\s*\d{1,2}\s*分?|[一二三四五六七八九十]{1,3}分)?(?<tail>钟|整|前|之前|以前|左右|到|至)?")]
    private static partial Regex ChineseClock();

    /// <summary>"15:30", "3 pm", "4:30 pm", "at 11", "by 5 o'clock".</summary>
    [GeneratedRegex(@"(?<![\d-])(?<h>[01]?\d|2[0-3])[:：](?<m>[0-5]\d)(?!\d)(\s*(?<ap>a\.?m\.?|p\.?m\.?)(?![a-z]))?|\b(?<h>1[0-2]|0?[1-9])\s*(?<ap>a\.?m\.?|p\.?m\.?)(?![a-z])|\b(at|by|before|until|till|around|about)\s+(?<h>1[0-2]|0?[1-9])(:(?<m>[0-5]\d))?(\s*(?<ap>a\.?m\.?|p\.?m\.?)(?![a-z])|\s*o'clock\b|\b)(?!\s*((days?|hours?|minutes?|mins?|working|business|weeks?|yuan|th|st|nd|rd)\b|%|元|[/.\-]\d))", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishClock();

    /// <summary>"half past four", "quarter past 10", "quarter to five".</summary>
    [GeneratedRegex(@"\b(?<q>half past|quarter past|quarter to)\s+(?<h>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishPast();

    /// <summary>A window ("两点到四点", "between 2 and 4 pm", "3-5 pm"): the promise is kept by its end.</summary>
    [GeneratedRegex(@"(?<h1>\d{1,2}|[零一二两三四五六七八九十]{1,3})\s*[点點]?\s*(到|至|~|～|—)\s*(?<p>凌晨|早上|上午|中午|下午|傍晚|晚上)?\s*(?<h>\d{1,2}|[零一二两三四五六七八九十]{1,3})\s*[点點](?<m>半)?|\b(between|from)\s+(?<h1>\d{1,2})(:\d{2})?\s*(am|pm)?\s*(and|to|-)\s*(?<h>\d{1,2})(:(?<m>\d{2}))?\s*(?<ap>a\.?m\.?|p\.?m\.?)?", RegexOptions.IgnoreCase)]
    private static partial Regex Window();

    [GeneratedRegex(@"中午|\b(noon|midday)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NoonWord();

    [GeneratedRegex(@"下午|午后|傍晚|晚上|今晚|明晚|\b(afternoon|evening|tonight)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LateWords();

    [GeneratedRegex(@"上午|早上|早晨|明早|一早|\bmorning\b|\bfirst thing\b", RegexOptions.IgnoreCase)]
    private static partial Regex MorningWords();

    /// <summary>"12月10日", "2027年1月5号", "10号前", "10日之前", "December 10", "10 Dec", "the 10th".</summary>
    [GeneratedRegex(@"((?<y>\d{4})年)?(?<mo>\d{1,2})月(?<d>\d{1,2})[日号]|(?<![\d月])(?<d>\d{1,2})号|(?<![\d月])(?<d>\d{1,2})日(?=前|之前|以前)|\b(?<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?<d>\d{1,2})(st|nd|rd|th)?\b|\b(?<d>\d{1,2})(st|nd|rd|th)?\s+(?<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\bthe\s+(?<d>\d{1,2})(st|nd|rd|th)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Date();

    [GeneratedRegex(@"后天|day after tomorrow", RegexOptions.IgnoreCase)]
    private static partial Regex DayAfterTomorrow();

    [GeneratedRegex(@"明天|明日|明早|明晚|\btomorrow\b", RegexOptions.IgnoreCase)]
    private static partial Regex Tomorrow();

    [GeneratedRegex(@"本周|这周|这个星期|本星期|周末前|\bthis week\b|\bend of (the|this) week\b", RegexOptions.IgnoreCase)]
    private static partial Regex ThisWeek();

    [GeneratedRegex(@"下周|下个星期|下星期|\bnext week\b", RegexOptions.IgnoreCase)]
    private static partial Regex NextWeek();

    [GeneratedRegex(@"月底|月末|本月|这个月|\bend of (the|this) month\b|\bthis month\b", RegexOptions.IgnoreCase)]
    private static partial Regex ThisMonth();

    [GeneratedRegex(@"今天|今日|今晚|当天|下班前|稍后|一会儿|\b(today|tonight|end of (the )?day|this (afternoon|evening|morning)|later on|shortly)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Today();

    /// <summary>Words of a time still to come (tomorrow, a weekday, a later date, within N …).</summary>
    [GeneratedRegex(@"明天|明日|明早|后天|下周|周[一二三四五六日天]|星期[一二三四五六日天]|\d+月\d+[日号]|内|之前|\b(tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|next|within|by)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Future();

    /// <summary>The due time a sentence names, or null when it names none.</summary>
    public static DateTimeOffset? DueAt(string sentence, DateTimeOffset now, BusinessCalendar calendar)
    {
        var s = sentence.ToLowerInvariant();
        var today = calendar.LocalDate(now);
        if (WorkingDays().Match(s) is { Success: true } wd)
        {
            var day = today;
            for (var i = 0; i < Math.Clamp(Number(wd.Groups["n"].Value), 1, 366); i++)
            {
                day = calendar.NextWorkingDay(day);
            }

            return calendar.At(day, EndOfBusiness);
        }

        if (Minutes().Match(s) is { Success: true } min)
        {
            return now.AddMinutes(min.Groups["half"].Success ? 30 : Math.Min(Number(min.Groups["n"].Value), 24 * 60));
        }

        if (Hours().Match(s) is { Success: true } h)
        {
            return now.AddHours(Math.Min(Number(h.Groups["n"].Value), 24 * 366));
        }

        var date = DayNamed(s, now, today, calendar);
        if (ClockTime(s) is { } clock)
        {
            // A time without a day: today if it is still ahead, else the next working day at that time.
            var day = date ?? (calendar.At(today, clock) > now ? today : calendar.NextWorkingDay(today));
            return calendar.At(day, clock);
        }

        if (date is { } named)
        {
            // "Today" is kept by the end of its part of the day; another day's morning by 10:00, its afternoon by 15:00.
            return calendar.At(named, SaysToday(s)
                ? (MorningWords().IsMatch(s) || NoonWord().IsMatch(s) ? Noon : EndOfBusiness)
                : NoonWord().IsMatch(s) ? Noon : PartOfDay(s));
        }

        if (Days().Match(s) is { Success: true } d)
        {
            return calendar.At(today.AddDays(Math.Clamp(Number(d.Groups["n"].Value), 0, 366)), EndOfBusiness);
        }

        return null;
    }

    /// <summary>The local date a sentence names (tomorrow, a weekday, a date, this week, the end of the month, today), if any.</summary>
    private static DateOnly? DayNamed(string s, DateTimeOffset now, DateOnly today, BusinessCalendar calendar)
    {
        // After midnight "明天" still means the day that is beginning.
        var tomorrowFrom = calendar.LocalTime(now).Hour < NightEndsAt ? today.AddDays(-1) : today;
        if (DayAfterTomorrow().IsMatch(s))
        {
            return calendar.NextWorkingDay(calendar.NextWorkingDay(tomorrowFrom));
        }

        if (Tomorrow().IsMatch(s))
        {
            return calendar.NextWorkingDay(tomorrowFrom);
        }

        if (Weekday().Match(s) is { Success: true } w)
        {
            var target = w.Groups["d"].Success ? ChineseWeekday(w.Groups["d"].Value) : Enum.Parse<DayOfWeek>(w.Groups["en"].Value, ignoreCase: true);
            var next = w.Groups["next"].Success || s.Contains("next " + w.Groups["en"].Value, StringComparison.Ordinal);
            return today.AddDays(next ? DaysToNextWeek(today.DayOfWeek, target) : ((int)target - (int)today.DayOfWeek + 7) % 7);
        }

        if (Date().Match(s) is { Success: true } m && CalendarDate(m, today) is { } date)
        {
            return date;
        }

        if (ThisWeek().IsMatch(s))
        {
            return LastWorkingDay(today, today.AddDays(6 - (((int)today.DayOfWeek + 6) % 7)), calendar);
        }

        if (NextWeek().IsMatch(s))
        {
            var monday = today.AddDays(DaysToNextWeek(today.DayOfWeek, DayOfWeek.Monday));
            return LastWorkingDay(monday, monday.AddDays(6), calendar);
        }

        if (ThisMonth().IsMatch(s))
        {
            return LastWorkingDay(today, new DateOnly(today.Year, today.Month, DateTime.DaysInMonth(today.Year, today.Month)), calendar);
        }

        return SaysToday(s) ? today : null;
    }

    private static bool SaysToday(string s) => Today().IsMatch(s) && !Tomorrow().IsMatch(s) && !DayAfterTomorrow().IsMatch(s);

    /// <summary>The local clock time a sentence names (a window's end), or null.</summary>
    private static TimeOnly? ClockTime(string s)
    {
        if (EnglishPast().Match(s) is { Success: true } past && Clock(s, past.Groups["h"].Value, 0, string.Empty) is { } whole)
        {
            return past.Groups["q"].Value switch
            {
                "half past" => whole.AddMinutes(30),
                "quarter past" => whole.AddMinutes(15),
                _ => whole.AddMinutes(-15),
            };
        }

        var window = Window().Match(s);
        var match = window.Success ? window : ChineseClock().Matches(s).FirstOrDefault(IsClock) ?? EnglishClock().Match(s);
        if (!match.Success)
        {
            return NoonWord().IsMatch(s) && !MorningWords().IsMatch(s) && !LateWords().IsMatch(s) ? Noon : null;
        }

        var minute = match.Groups["m"].Value.Trim().TrimEnd('分') switch
        {
            "" => 0,
            "半" => 30,
            "一刻" => 15,
            "三刻" => 45,
            var x => Number(x),
        };
        return Clock(s, match.Groups["h"].Value, minute, match.Groups["p"].Value + match.Groups["ap"].Value);
    }

    /// <summary>An hour said with or without its part of the day (<paramref name="period"/>, else the sentence's) as a local time.</summary>
    private static TimeOnly? Clock(string s, string hourText, int minute, string period)
    {
        var hour = Number(hourText);
        if (hour > 23 || minute > 59)
        {
            return null;
        }

        var late = period.Length > 0 ? LateWords().IsMatch(period) || period.StartsWith('p') : LateWords().IsMatch(s);
        var early = period.Length > 0 ? MorningWords().IsMatch(period) || period.StartsWith('a') || period is "凌晨" : MorningWords().IsMatch(s);
        var noon = period.Length > 0 ? NoonWord().IsMatch(period) : NoonWord().IsMatch(s);
        hour = late ? (hour < 12 ? hour + 12 : hour)
            : noon ? (hour < 11 ? hour + 12 : hour)
            : early ? hour
            : hour is >= 1 and <= 6 ? hour + 12 // "三点" in a service reply is 15:00
            : hour;
        return new TimeOnly(hour % 24, minute);
    }

    /// <summary>"一点"/"两点" also mean "a bit"/"two points": only a time with a part of the day or a time word after it.</summary>
    private static bool IsClock(Match zh) =>
        zh.Groups["p"].Success || zh.Groups["m"].Success || zh.Groups["tail"].Success || zh.Groups["h"].Value is not ("一" or "两");

    private static DateOnly? CalendarDate(Match m, DateOnly today)
    {
        var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
        var month = m.Groups["mo"].Success ? int.Parse(m.Groups["mo"].Value, CultureInfo.InvariantCulture)
            : m.Groups["mon"].Success ? "janfebmaraprmayjunjulaugsepoctnovdec".IndexOf(m.Groups["mon"].Value, StringComparison.Ordinal) / 3 + 1
            : 0;
        var year = m.Groups["y"].Success ? int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture) : today.Year;
        if (month == 0)
        {
            // "10号": this month's, or next month's once it has passed.
            month = today.Month;
            if (day < today.Day)
            {
                (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1);
            }
        }
        else if (!m.Groups["y"].Success && (month < today.Month || (month == today.Month && day < today.Day)))
        {
            year++;
        }

        return year is >= 2000 and <= 9998 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day) : null;
    }

    /// <summary>The last working day from <paramref name="from"/> to <paramref name="to"/>, or <paramref name="to"/> when none is.</summary>
    private static DateOnly LastWorkingDay(DateOnly from, DateOnly to, BusinessCalendar calendar)
    {
        for (var d = to; d >= from; d = d.AddDays(-1))
        {
            if (calendar.IsWorkingDay(d))
            {
                return d;
            }
        }

        return to;
    }

    private static TimeOnly PartOfDay(string s) =>
        MorningWords().IsMatch(s) ? Morning
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

    /// <summary>"3", "三", "两", "十", "二十四", "an"/"one" (an hour) as numbers.</summary>
    public static int Number(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        if (text is "an" or "the")
        {
            return 1;
        }

        var word = Array.IndexOf(EnglishNumbers, text);
        if (word >= 0)
        {
            return word + 1;
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
