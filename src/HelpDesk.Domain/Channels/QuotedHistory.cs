using System.Text.RegularExpressions;

namespace HelpDesk.Domain.Channels;

/// <summary>
/// Folds the history a mail client quotes under a reply: from the first line that starts it ("On … wrote:",
/// "在 … 写道：", "-----Original Message-----", QQ/Foxmail's "------------------ 原始邮件 ------------------", Outlook's
/// "From:/发件人:" block, or a run of "&gt;" lines to the end) the rest is the quoted part. A message that is all quote
/// keeps its whole text as the fresh part, so nothing the customer wrote is ever hidden.
/// </summary>
public static partial class QuotedHistory
{
    public static (string Fresh, string Quoted) Split(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (Header().IsMatch(line) || (line.StartsWith('>') && lines.Skip(i).All(l => l.Trim().Length == 0 || l.TrimStart().StartsWith('>'))))
            {
                var fresh = string.Join('\n', lines.Take(i)).Trim();
                var quoted = string.Join('\n', lines.Skip(i)).Trim();
                return fresh.Length == 0 ? (text.Trim(), string.Empty) : (fresh, quoted);
            }
        }

        return (text.Trim(), string.Empty);
    }

    [GeneratedRegex(@"^(On\s.{4,200}\swrote:|在.{2,200}写道[:：]|-{2,}\s*(Original Message|原始邮件|原始郵件|Forwarded message|转发邮件)\s*-{2,}|(From|发件人|寄件者)[:：]\s*.+@.+)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Header();
}
