using System.Globalization;
using System.Text;

namespace HelpDesk.Web.Data;

/// <summary>
/// Full-text search that works for Chinese. PostgreSQL's parsers see a run of Chinese characters as one word, and
/// pg_trgm needs three characters while many Chinese words have two (退款, 物流). So text is indexed as tokens:
/// every overlapping pair of CJK characters, plus whole Latin/number words, in a 'simple' tsvector with a GIN
/// index (generated columns <c>search_vector</c> on tickets, ticket_messages and customers). A query is tokenized
/// the same way (by the same SQL function) and all its tokens must match.
/// </summary>
public static class Search
{
    public const string VectorProperty = "SearchVector";
    public const string TokensFunction = "hd_search_tokens";

    /// <summary>The SQL function behind <see cref="Tokens"/>; created by the migration that adds the search columns.</summary>
    public const string CreateTokensFunction = """
        CREATE OR REPLACE FUNCTION hd_search_tokens(input text) RETURNS text
        LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT AS $$
        DECLARE
            result text := '';
            run text;
            i int;
        BEGIN
            FOR run IN SELECT m[1] FROM regexp_matches(lower(input), '([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9@._+-]+)', 'g') AS m LOOP
                IF run ~ '^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]' THEN
                    IF length(run) = 1 THEN
                        result := result || ' ' || run;
                    ELSE
                        FOR i IN 1 .. length(run) - 1 LOOP
                            result := result || ' ' || substr(run, i, 2);
                        END LOOP;
                    END IF;
                ELSE
                    result := result || ' ' || run;
                END IF;
            END LOOP;
            RETURN result;
        END $$;
        """;

    /// <summary>Mapped to the SQL function <c>hd_search_tokens</c>; only for use inside queries.</summary>
    public static string Tokens(string text) => throw new NotSupportedException("Only for use in LINQ to Entities queries.");

    /// <summary>PostgreSQL's <c>reverse(text)</c>: phone tails are looked up as prefixes of the reversed number (a btree index).</summary>
    public static string Reverse(string text) => throw new NotSupportedException("Only for use in LINQ to Entities queries.");

    /// <summary>A LIKE/ILIKE pattern matching text that contains <paramref name="text"/> literally (%, _ and \ escaped).</summary>
    public static string ContainsPattern(string text) =>
        "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    /// <summary>True when the term has something to search for (at least two CJK characters or one Latin/number word).</summary>
    public static bool IsSearchable(string? term)
    {
        if (string.IsNullOrWhiteSpace(term))
        {
            return false;
        }

        var cjk = 0;
        var word = false;
        foreach (var rune in term.EnumerateRunes())
        {
            if (IsCjk(rune))
            {
                cjk++;
            }
            else if (Rune.IsLetterOrDigit(rune))
            {
                word = true;
            }
        }

        return cjk >= 2 || word;
    }

    private static bool IsCjk(Rune rune) => rune.Value is (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF)
        || Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherLetter && rune.Value >= 0x3000;
}
