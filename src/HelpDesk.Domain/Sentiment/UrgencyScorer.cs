using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace HelpDesk.Domain.Sentiment;

/// <summary>Why a message scored what it did: a rule (the lexicon kind, or caps/punctuation/repeat count), the words, the points.</summary>
public sealed record UrgencyReason(string Code, string Term, int Points)
{
    public const string Negated = "negated";
    public const string NegatedPositive = "negated_positive";
    public const string Caps = "caps";
    public const string Exclamations = "exclamations";
    public const string QuestionMarks = "question_marks";
    public const string Contacts = "contacts";
    public const string Recurring = "recurring";
    public const string Ultimatum = "ultimatum";

    /// <summary>Stored as "code|term|points".</summary>
    public string Encode() => string.Create(CultureInfo.InvariantCulture, $"{Code}|{Term.Replace('|', '/')}|{Points}");

    public static UrgencyReason? Decode(string text)
    {
        var parts = text.Split('|');
        return parts.Length == 3 && int.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var points) ? new UrgencyReason(parts[0], parts[1], points) : null;
    }
}

/// <summary>A message's urgency: 0 (calm) to 100, and the reasons.</summary>
public sealed record UrgencyAssessment(int Score, IReadOnlyList<UrgencyReason> Reasons)
{
    /// <summary>From this score on a message is urgent: the ticket's priority rises and the supervisor is told.</summary>
    public const int Threshold = 50;

    public bool IsUrgent => Score >= Threshold;
}

/// <summary>
/// Scores how urgent (angry, about to escalate) a customer's message is, offline, from the lexicon and a few rules
/// (R13), in Chinese and English. The text is folded (全角 → half width, lower case) and the lexicon's terms found,
/// longest first, none inside another. Then, in order:
/// <list type="bullet">
/// <item>a <b>negator</b> right before a word (at most two characters, or two English words, in the same clause)
/// cancels it: "不是不满意", "我不想投诉", "I don't want to sue" count nothing — and a negated pleased word is a
/// complaint ("不太满意", "not happy");</item>
/// <item>an <b>intensifier</b> right before a word (two characters or one English word) adds its per cent: "非常失望";</item>
/// <item>the first word of a kind counts its full weight, each further one of the same kind half: five angry words
/// are angrier than one, not five times;</item>
/// <item><b>repeated contact</b>: "第三次联系", "打了好几次电话", "for the third time" (a count of 3 or more counts
/// like a threat's half, a second time like a repeat word; purchases — "第三次购买" — are not contacts);</item>
/// <item>English <b>shouting</b> (two or more words of three or more capitals that are not known abbreviations) and
/// runs of <b>!!!</b> / <b>???</b> / <b>?!</b>;</item>
/// <item>pleased words take points off (once).</item>
/// </list>
/// The sum is clamped to 0–100. At <see cref="UrgencyAssessment.Threshold"/> or above the message is urgent.
/// </summary>
public static partial class UrgencyScorer
{
    private const int NegationGapCjk = 2;
    private const int ShortNegationGapCjk = 1;
    private const int NegationGapWords = 2;
    private const int IntensifierGapCjk = 2;
    private const int IntensifierGapWords = 1;

    /// <summary>Capitals that are names, not shouting.</summary>
    private static readonly HashSet<string> Abbreviations = new(StringComparer.Ordinal)
    {
        "DHL", "UPS", "EMS", "SF", "USB", "SMS", "APP", "CEO", "FAQ", "PDF", "SKU", "JD", "TV", "LED", "LCD", "HDMI", "CPU", "GPU", "RAM", "SSD", "HDD", "ID",
        "VIP", "PLUS", "USA", "UK", "EU", "CNY", "RMB", "USD", "EUR", "GMT", "UTC", "CST", "NFC", "GPS", "AAA", "iOS", "OK", "ASAP", "FYI", "PIN", "QR", "URL",
        "WIFI", "WI", "FI", "BBB", "HD", "MAX", "PRO", "MINI", "XL", "XXL", "COD", "VAT", "IMEI", "ETA", "API", "AM", "PM", "NFC", "OLED", "HK", "PRC",
    };

    public static UrgencyAssessment Score(string? text) => Score(text, UrgencyLexicon.BuiltIn);

    public static UrgencyAssessment Score(string? text, UrgencyLexicon lexicon)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new UrgencyAssessment(0, []);
        }

        var wide = text.Normalize(NormalizationForm.FormKC);
        var folded = wide.ToLowerInvariant();
        if (folded.Length != wide.Length)
        {
            folded = wide; // a rare letter whose lower case is longer: match case-sensitively rather than misplace
        }

        var matches = Find(folded, lexicon);
        var reasons = new List<UrgencyReason>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var positiveTaken = false;

        foreach (var m in matches)
        {
            var kind = m.Term.Kind;
            if (kind is UrgencyTermKind.Negator or UrgencyTermKind.Intensifier or UrgencyTermKind.Ignore)
            {
                continue;
            }

            var shown = folded[m.Start..m.End];
            var negator = Before(folded, matches, m, UrgencyTermKind.Negator, NegationGapCjk, NegationGapWords);
            if (negator is { Term.Text.Length: 1 } && !Close(folded, negator.End, m.Start, ShortNegationGapCjk, NegationGapWords))
            {
                negator = null; // "不久就坏了": a one-character negator reaches the next character only
            }

            var intensifier = Before(folded, matches, m, UrgencyTermKind.Intensifier, IntensifierGapCjk, IntensifierGapWords);
            if (negator is not null && intensifier is not null && intensifier.Start < negator.Start)
            {
                intensifier = null; // "很不…": the intensifier belongs to the negation, not to the word
            }

            if (kind == UrgencyTermKind.Positive)
            {
                if (negator is not null)
                {
                    reasons.Add(Counted(UrgencyReason.NegatedPositive, $"{folded[negator.Start..negator.End]}{Space(negator, m)}{shown}", UrgencyTerm.DefaultWeight(UrgencyTermKind.Complaint), "complaint", seen, intensifier));
                }
                else if (!positiveTaken)
                {
                    positiveTaken = true;
                    reasons.Add(new UrgencyReason("positive", shown, -m.Term.Weight));
                }

                continue;
            }

            if (negator is not null)
            {
                reasons.Add(new UrgencyReason(UrgencyReason.Negated, $"{folded[negator.Start..negator.End]}{Space(negator, m)}{shown}", 0));
                continue;
            }

            var code = kind.ToString().ToLowerInvariant();
            reasons.Add(Counted(code, intensifier is null ? shown : $"{folded[intensifier.Start..intensifier.End]}{Space(intensifier, m)}{shown}", m.Term.Weight, code, seen, intensifier));
        }

        reasons.AddRange(Contacts(folded, matches, seen));
        reasons.AddRange(Punctuation(folded));
        if (Shouting(wide) is ({ } shouted, var count))
        {
            reasons.Add(new UrgencyReason(UrgencyReason.Caps, shouted, count >= 4 ? 35 : 20));
        }

        if (Ultimatum().Match(folded) is { Success: true } ultimatum)
        {
            reasons.Add(new UrgencyReason(UrgencyReason.Ultimatum, ultimatum.Value, 25));
        }

        var score = Math.Clamp(reasons.Sum(r => r.Points), 0, 100);
        return new UrgencyAssessment(score, reasons);
    }

    /// <summary>Half width, lower case: how terms are stored and text is matched.</summary>
    public static string Fold(string text)
    {
        var wide = text.Normalize(NormalizationForm.FormKC);
        var folded = wide.ToLowerInvariant();
        return folded.Length == wide.Length ? folded : wide;
    }

    private static UrgencyReason Counted(string code, string shown, int weight, string bucket, Dictionary<string, int> seen, Match? intensifier)
    {
        var times = seen.GetValueOrDefault(bucket);
        seen[bucket] = times + 1;
        double points = times == 0 ? weight : weight / 2.0;
        if (intensifier is not null)
        {
            points *= 1 + (intensifier.Term.Weight / 100.0);
        }

        return new UrgencyReason(code, shown, (int)Math.Round(points, MidpointRounding.AwayFromZero));
    }

    private sealed record Match(int Start, int End, UrgencyTerm Term);

    /// <summary>Every term, longest first, none overlapping one found before it; in text order.</summary>
    private static List<Match> Find(string folded, UrgencyLexicon lexicon)
    {
        var taken = new bool[folded.Length];
        var found = new List<Match>();
        foreach (var term in lexicon.Terms)
        {
            var word = term.Text;
            var latin = IsLatinOrDigit(word[0]) || IsLatinOrDigit(word[^1]);
            for (var at = folded.IndexOf(word, StringComparison.Ordinal); at >= 0; at = folded.IndexOf(word, at + 1, StringComparison.Ordinal))
            {
                var end = at + word.Length;
                if (latin && ((at > 0 && IsLatinOrDigit(folded[at - 1]) && IsLatinOrDigit(word[0])) || (end < folded.Length && IsLatinOrDigit(folded[end]) && IsLatinOrDigit(word[^1]))))
                {
                    continue;
                }

                if (Array.IndexOf(taken, true, at, word.Length) >= 0)
                {
                    continue;
                }

                Array.Fill(taken, true, at, word.Length);
                found.Add(new Match(at, end, term));
            }
        }

        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    /// <summary>The closest term of <paramref name="kind"/> that ends just before <paramref name="word"/>, in the same clause.</summary>
    private static Match? Before(string text, List<Match> matches, Match word, UrgencyTermKind kind, int maxCjk, int maxWords)
    {
        Match? best = null;
        foreach (var m in matches)
        {
            if (m.Start >= word.Start)
            {
                break;
            }

            if (m.Term.Kind == kind && m.End <= word.Start && Close(text, m.End, word.Start, maxCjk, maxWords))
            {
                best = m;
            }
        }

        return best;
    }

    private static bool Close(string text, int from, int to, int maxCjk, int maxWords)
    {
        var gap = text[from..to];
        if (ClauseEnd().IsMatch(gap))
        {
            return false;
        }

        var cjk = gap.Count(c => c >= '\u3400' && c <= '\u9FFF');
        var words = LatinWord().Count(gap);
        return cjk <= maxCjk && words <= maxWords && (cjk == 0 || words == 0);
    }

    private static string Space(Match first, Match second) => IsLatinOrDigit(first.Term.Text[^1]) || IsLatinOrDigit(second.Term.Text[0]) ? " " : string.Empty;

    private static bool IsLatinOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '\'';

    /// <summary>"第三次联系", "打了好几次电话", "for the third time": a count of contacts, not of purchases.</summary>
    private static IEnumerable<UrgencyReason> Contacts(string folded, List<Match> matches, Dictionary<string, int> seen)
    {
        var best = 0;
        string? shown = null;
        string? incident = null;
        foreach (System.Text.RegularExpressions.Match m in ChineseCount().Matches(folded))
        {
            var window = folded[Math.Max(0, m.Index - 8)..Math.Min(folded.Length, m.Index + m.Length + 8)];
            if (PurchaseWords().IsMatch(window) || Count(m.Groups["n"].Value) is not (var n and > 1))
            {
                continue;
            }

            if (ContactWords().IsMatch(window) && n > best)
            {
                best = n;
                shown = m.Value;
            }
            else if (!ContactWords().IsMatch(window))
            {
                incident ??= m.Value; // "第二次发错货", "换了两次": the same trouble again
            }
        }

        foreach (System.Text.RegularExpressions.Match m in EnglishCount().Matches(folded))
        {
            var window = folded[Math.Max(0, m.Index - 30)..Math.Min(folded.Length, m.Index + m.Length + 30)];
            if (EnglishContactWords().IsMatch(window) && !PurchaseWords().IsMatch(window) && Count(m.Groups["n"].Value) is var n && n > best)
            {
                best = n;
                shown = m.Value;
            }
        }

        var earlier = seen.GetValueOrDefault("repeatcontact");
        if (best >= 2 && shown is not null)
        {
            // The third contact about the same thing is a warning by itself; the second one counts like a repeat word.
            var weight = best >= 3 ? UrgencyTerm.DefaultWeight(UrgencyTermKind.Escalation) : UrgencyTerm.DefaultWeight(UrgencyTermKind.RepeatContact) + 5;
            yield return new UrgencyReason(UrgencyReason.Contacts, shown, earlier == 0 ? weight : weight * 3 / 4);
        }
        else if (incident is not null)
        {
            yield return new UrgencyReason(UrgencyReason.Recurring, incident, earlier == 0 ? UrgencyTerm.DefaultWeight(UrgencyTermKind.RepeatContact) : UrgencyTerm.DefaultWeight(UrgencyTermKind.RepeatContact) / 2);
        }
    }

    private static int Count(string n) => n switch
    {
        "二" or "两" or "2" or "second" or "2nd" or "twice" => 2,
        "一" or "1" or "first" or "1st" or "once" => 1,
        "三" or "3" or "third" or "3rd" or "几" or "好几" or "多" or "无数" or "n" or "n多" => 3,
        _ when int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var x) => x,
        _ when n.Length == 1 && "四五六七八九十".Contains(n, StringComparison.Ordinal) => 4 + "四五六七八九十".IndexOf(n, StringComparison.Ordinal),
        _ when n.EndsWith("th", StringComparison.Ordinal) || n is "fourth" or "fifth" or "sixth" or "tenth" => 4,
        _ => 3,
    };

    private static IEnumerable<UrgencyReason> Punctuation(string folded)
    {
        if (Bangs().Match(folded) is { Success: true } bangs)
        {
            yield return new UrgencyReason(UrgencyReason.Exclamations, bangs.Value, bangs.Length >= 3 ? 15 : 8);
        }
        else if (folded.Count(c => c == '!') >= 3)
        {
            yield return new UrgencyReason(UrgencyReason.Exclamations, "! ! !", 12);
        }

        if (Questions().Match(folded) is { Success: true } questions)
        {
            yield return new UrgencyReason(UrgencyReason.QuestionMarks, questions.Value, questions.Value.Contains('!') ? 10 : 15);
        }
    }

    /// <summary>Two or more shouted English words (not abbreviations), shown as the first two.</summary>
    private static (string Shown, int Count)? Shouting(string wide)
    {
        var words = Capitals().Matches(wide).Select(m => m.Value).Where(w => !Abbreviations.Contains(w)).ToList();
        return words.Count >= 2 ? (string.Join(' ', words.Take(2)), words.Count) : null;
    }

    /// <summary>"再不处理我就…", "如果今天不退款我就…", "否则我会…", "or I will…": do this or else.</summary>
    [GeneratedRegex(@"(再不|如果.{0,12}不|要是.{0,12}不|否则|不然).{0,16}(我就|我会|我将|就去|我只能|我要去)|\b(or else|otherwise i('ll| will)|or i('ll| will)|if (this|it) (is|isn't|is not) .{0,30}i('ll| will))\b")]
    private static partial Regex Ultimatum();

    [GeneratedRegex(@"[,.;:!?。，；：！？…\n\r]|\bbut\b|但是|可是|不过|只是")]
    private static partial Regex ClauseEnd();

    [GeneratedRegex(@"[a-z0-9']+", RegexOptions.IgnoreCase)]
    private static partial Regex LatinWord();

    [GeneratedRegex(@"第\s*(?<n>[0-9]+|[二三四五六七八九十两几])\s*[次遍回](?![事复])|(?<n>[0-9]+|[二三四五六七八九十两]|好几|几|无数|n多|多)\s*[次遍回](?![性事复])|(?<n>[0-9]+|[二三四五六七八九十两]|好几|几|无数)\s*[个通]\s*电话")]
    private static partial Regex ChineseCount();

    [GeneratedRegex(@"联系|打电话|电话|解释|重复|来电|打给|打了|咨询|反馈|问了|问过|来问|催|找你们|找客服|找了|投诉|申请|留言|发消息|发了|写信|提交|说了|提醒|客服|沟通|答复|回复")]
    private static partial Regex ContactWords();

    [GeneratedRegex(@"\b(call|phon|e-?mail|contact|wr[io]t|ask|messag|chat|told|tell|complain|spoke|speak|reach|request|report|explain|follow)", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishContactWords();

    [GeneratedRegex(@"买|购|回购|下单|光顾|使用|用了|穿|洗|充电|buy|bought|order(ed|ing)? (from|here|again)|purchas|shop(ped|ping)", RegexOptions.IgnoreCase)]
    private static partial Regex PurchaseWords();

    [GeneratedRegex(@"\b(?:(?:for )?(?:the )?(?<n>second|third|fourth|fifth|sixth|tenth|\d+(?:st|nd|rd|th)) time|(?<n>\d+|three|four|five|six|ten|several|multiple|many) (?:times|e-?mails|calls|messages|chats)|(?<n>twice))\b")]
    private static partial Regex EnglishCount();

    [GeneratedRegex(@"!{2,}")]
    private static partial Regex Bangs();

    [GeneratedRegex(@"\?{3,}|\?!+|!\?+")]
    private static partial Regex Questions();

    [GeneratedRegex(@"\b[A-Z]{3,}\b")]
    private static partial Regex Capitals();
}
