using HelpDesk.Domain.Tickets;

namespace HelpDesk.Domain.Knowledge;

/// <summary>
/// How well a canned answer fits a ticket, for the reply box's suggestions: the share of the answer's title words
/// (CJK character bigrams and Latin words, as search cuts them) found in the ticket's subject and last customer
/// message, with the body's words counting a third as much, plus a bonus when the answer is for the ticket's category.
/// 0 means nothing in common and another category. Placeholders are not words.
/// </summary>
public static class AnswerMatch
{
    public const double CategoryBonus = 0.5;

    public static double Score(string ticketText, TicketCategory ticketCategory, string title, string body, TicketCategory? answerCategory)
    {
        var words = Words(ticketText);
        var score = (Overlap(words, Words(title)) + (Overlap(words, Words(body)) / 3)) / (1 + (1.0 / 3));
        return score + (answerCategory == ticketCategory ? CategoryBonus : 0);
    }

    /// <summary>CJK bigrams (a lone CJK character on its own) and lower-case Latin/digit words; placeholders left out.</summary>
    public static HashSet<string> Words(string? text)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        var clean = System.Text.RegularExpressions.Regex.Replace(text ?? string.Empty, @"\{[\p{L}_]+\}", " ");
        var run = new System.Text.StringBuilder();
        var latin = new System.Text.StringBuilder();
        void FlushCjk()
        {
            if (run.Length == 1)
            {
                set.Add(run.ToString());
            }

            for (var i = 0; i + 1 < run.Length; i++)
            {
                set.Add(run.ToString(i, 2));
            }

            run.Clear();
        }

        void FlushLatin()
        {
            if (latin.Length > 1)
            {
                set.Add(latin.ToString());
            }

            latin.Clear();
        }

        foreach (var c in clean)
        {
            if (IsCjk(c))
            {
                FlushLatin();
                run.Append(c);
            }
            else if (char.IsLetterOrDigit(c))
            {
                FlushCjk();
                latin.Append(char.ToLowerInvariant(c));
            }
            else
            {
                FlushCjk();
                FlushLatin();
            }
        }

        FlushCjk();
        FlushLatin();
        return set;
    }

    private static double Overlap(HashSet<string> ticket, HashSet<string> answer) =>
        answer.Count == 0 ? 0 : (double)answer.Count(ticket.Contains) / answer.Count;

    private static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf';
}

/// <summary>Which help-centre section a ticket's category belongs in (a reply turned into an article starts there).</summary>
public static class ArticleSections
{
    public static string SlugFor(TicketCategory category) => category switch
    {
        TicketCategory.Logistics => "delivery",
        TicketCategory.AfterSales => "returns",
        TicketCategory.AccountPayment => "payment",
        TicketCategory.ProductConsultation => "products",
        TicketCategory.SpecialServices => "account",
        _ => "faq",
    };
}
