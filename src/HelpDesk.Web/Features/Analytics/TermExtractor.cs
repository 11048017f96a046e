using System.Globalization;
using System.Text;
using JiebaNet.Segmenter;

namespace HelpDesk.Web.Features.Analytics;

/// <summary>
/// The topic terms of a customer's text (issue 16 item 2): words cut by jieba.NET (precise mode with HMM for unknown
/// words; its dictionaries are copied to <c>jieba/</c> beside the app, see the project file), lower-cased, and the
/// phrases of two neighbouring words ("电池" + "鼓包" → "电池鼓包", "battery" + "drain" → "battery drain"). Dropped:
/// jieba's stop words (English and Chinese) and our own (greetings, filler), single characters, numbers and anything
/// with no letter, and terms longer than <see cref="MaxTermLength"/>. Each term once per text.
/// </summary>
public static class TermExtractor
{
    public const int MaxTermLength = 40;

    /// <summary>At most this many terms a message (a pasted log must not write thousands of rows).</summary>
    public const int MaxTermsPerText = 200;

    private static readonly Lazy<(JiebaSegmenter Segmenter, HashSet<string> Stop)> Jieba = new(Load);
    private static readonly Lock Gate = new();

    /// <summary>Help-desk filler that says nothing of a topic, beside jieba's stop words.</summary>
    private static readonly string[] OwnStopWords =
    [
        "你好", "您好", "谢谢", "感谢", "麻烦", "请问", "一下", "这个", "那个", "就是", "我们", "你们", "他们", "没有", "可以", "已经", "还是", "什么",
        "怎么", "为什么", "现在", "时候", "因为", "所以", "但是", "如果", "然后", "还有", "一个", "不是", "这样", "问题", "客服", "请", "处理", "hello", "hi",
        "thanks", "thank", "please", "dear",
    ];

    public static IReadOnlyList<string> Extract(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var (segmenter, stop) = Jieba.Value;
        List<string> words;
        lock (Gate)
        {
            words = [.. segmenter.Cut(text.Normalize(NormalizationForm.FormKC).ToLowerInvariant(), cutAll: false, hmm: true)];
        }

        var terms = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? previous = null;
        foreach (var raw in words)
        {
            var word = raw.Trim();
            if (!IsTerm(word, stop))
            {
                // A dropped word or a separator breaks a phrase, but a space between two English words does not.
                previous = raw.Length > 0 && string.IsNullOrWhiteSpace(raw) && previous is not null && IsLatin(previous) ? previous : null;
                continue;
            }

            Add(word);
            if (previous is not null)
            {
                Add(IsLatin(previous) && IsLatin(word) ? previous + " " + word : previous + word);
            }

            previous = word;
            if (terms.Count >= MaxTermsPerText)
            {
                break;
            }
        }

        return terms;

        void Add(string term)
        {
            if (term.Length <= MaxTermLength && terms.Count < MaxTermsPerText && seen.Add(term))
            {
                terms.Add(term);
            }
        }
    }

    private static bool IsTerm(string word, HashSet<string> stop) =>
        word.Length > 1 && word.Length <= MaxTermLength && word.Any(char.IsLetter) && !IsNumber(word) && !stop.Contains(word);

    private static bool IsNumber(string word) =>
        decimal.TryParse(word, NumberStyles.Number, CultureInfo.InvariantCulture, out _) || word.All(c => char.IsDigit(c) || char.IsPunctuation(c) || IsChineseNumeral(c));

    private static bool IsChineseNumeral(char c) => "零一二三四五六七八九十百千万亿两几".Contains(c, StringComparison.Ordinal);

    private static bool IsLatin(string word) => word.All(c => c < 0x250);

    private static (JiebaSegmenter, HashSet<string>) Load()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "jieba");
        if (!File.Exists(Path.Combine(dir, "dict.txt")))
        {
            throw new InvalidOperationException($"jieba.NET's dictionaries are missing from {dir} (the project file copies them on build and publish).");
        }

        ConfigManager.ConfigFileBaseDir = dir;
        var stop = new HashSet<string>(File.ReadLines(Path.Combine(dir, "stopwords.txt")).Select(l => l.Trim().TrimStart('\uFEFF').ToLowerInvariant()).Where(l => l.Length > 0), StringComparer.Ordinal);
        stop.UnionWith(OwnStopWords);
        return (new JiebaSegmenter(), stop);
    }
}
