using System.Text;

namespace HelpDesk.Domain.Common;

/// <summary>Text from outside made safe to use where one line is expected (a subject, a header, a name).</summary>
public static class Text
{
    /// <summary>
    /// Text a person could have typed: no control characters but line breaks and tabs (never NUL), no direction
    /// overrides or isolates (they make "exe.pdf" look like "fdp.exe"), no broken surrogate pairs.
    /// </summary>
    public static bool IsClean(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if ((char.IsControl(c) && c is not ('\n' or '\r' or '\t')) || char.IsSurrogate(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Line breaks, tabs and other control characters become spaces, runs of white space one, ends trimmed.</summary>
    public static string SingleLine(string value)
    {
        var builder = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
