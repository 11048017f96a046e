using System.Globalization;
using System.Text;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Features.Reports;

namespace HelpDesk.Web.Features.Analytics;

/// <summary>
/// The shared drill-down contract (issue 16 item 2): which tickets stand behind an analytics number.
/// <c>/analytics/tickets?kind=&amp;from=&amp;to=[&amp;team=][&amp;agent=][&amp;channel=][&amp;category=][&amp;product=][&amp;supplier=][&amp;term=][&amp;after=]</c>:
/// the distinct tickets having a report fact of that kind with its business date in [from, to] and the given
/// dimensions; with <c>term</c>, the tickets whose inbound text contained that topic term in the range
/// (<c>ticket_terms</c>, <see cref="RecordTerms"/>). <c>kind</c> may be left out when <c>term</c> is given.
/// </summary>
public static class DrillDown
{
    /// <summary>The longest range a drill-down or a hotspots page reads.</summary>
    public const int MaxDays = 366;

    public sealed record Selection(
        FactKind? Kind,
        DateOnly From,
        DateOnly To,
        int? Team = null,
        Guid? Agent = null,
        Channel? Channel = null,
        TicketCategory? Category = null,
        long? Product = null,
        string? Supplier = null,
        string? Term = null)
    {
        /// <summary>The query string of this selection (without the cursor), parameters in the contract's order.</summary>
        public string QueryString()
        {
            var q = new StringBuilder();
            void Add(string name, string? value)
            {
                if (value is not null)
                {
                    q.Append(q.Length == 0 ? "" : "&").Append(name).Append('=').Append(Uri.EscapeDataString(value));
                }
            }

            Add("kind", Kind?.ToString());
            Add("from", From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Add("to", To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Add("team", Team?.ToString(CultureInfo.InvariantCulture));
            Add("agent", Agent?.ToString());
            Add("channel", Channel?.ToString());
            Add("category", Category?.ToString());
            Add("product", Product?.ToString(CultureInfo.InvariantCulture));
            Add("supplier", Supplier);
            Add("term", Term);
            return q.ToString();
        }

        public string Href() => "/analytics/tickets?" + QueryString();
    }

    /// <summary>The drill-down address of a report's number; a team of 0 or the empty agent (the rollup's "none") is left out.</summary>
    public static string Tickets(FactKind kind, Domain.Analytics.ReportPeriod period, int? team = null, Guid? agent = null, long? product = null, string? supplier = null) =>
        new Selection(kind, period.From, period.To, team is > 0 ? team : null, agent == Guid.Empty ? null : agent, Product: product, Supplier: string.IsNullOrEmpty(supplier) ? null : supplier).Href();

    /// <summary>
    /// Reads a selection from the query string. Returns null and the string-table keys of what is wrong (never throws):
    /// an unknown kind, channel or category, a missing or malformed date, to before from, a range over <see cref="MaxDays"/>,
    /// a team/product that is not a number, an agent that is not a uuid, a term or supplier too long.
    /// </summary>
    public static Selection? Parse(IQueryCollection query, List<string> errors)
    {
        string? Get(string name) => query.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;

        FactKind? kind = null;
        if (Get("kind") is { } k)
        {
            if (Enum.TryParse<FactKind>(k, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(k, out _))
            {
                kind = parsed;
            }
            else
            {
                errors.Add("drill.error.kind");
            }
        }

        var term = Get("term");
        if (term is not null && (term.Length > TermExtractor.MaxTermLength))
        {
            errors.Add("drill.error.term");
        }

        if (kind is null && term is null && !errors.Contains("drill.error.kind"))
        {
            errors.Add("drill.error.kind_or_term");
        }

        DateOnly? Date(string name)
        {
            var text = Get(name);
            if (text is null || !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                errors.Add($"drill.error.{name}");
                return null;
            }

            return d;
        }

        var from = Date("from");
        var to = Date("to");
        if (from is { } f && to is { } t)
        {
            if (t < f)
            {
                errors.Add("drill.error.order");
            }
            else if (t.DayNumber - f.DayNumber + 1 > MaxDays)
            {
                errors.Add("drill.error.range");
            }
        }

        T? Parsed<T>(string name, Func<string, (bool, T)> parse)
            where T : struct
        {
            if (Get(name) is not { } text)
            {
                return null;
            }

            var (ok, value) = parse(text);
            if (!ok)
            {
                errors.Add($"drill.error.{name}");
                return null;
            }

            return value;
        }

        var team = Parsed("team", s => (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v), v));
        var agent = Parsed("agent", s => (Guid.TryParse(s, out var v), v));
        var channel = Parsed("channel", s => (Enum.TryParse<Channel>(s, true, out var v) && Enum.IsDefined(v) && !int.TryParse(s, out _), v));
        var category = Parsed("category", s => (Enum.TryParse<TicketCategory>(s, true, out var v) && Enum.IsDefined(v) && !int.TryParse(s, out _), v));
        var product = Parsed("product", s => (long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v), v));
        var supplier = Get("supplier");
        if (supplier is { Length: > 200 })
        {
            errors.Add("drill.error.supplier");
        }

        return errors.Count > 0 ? null : new Selection(kind, from!.Value, to!.Value, team, agent, channel, category, product, supplier, term?.ToLowerInvariant());
    }

    /// <summary>The keyset cursor: the id of the last ticket shown (newest first, so the next page has smaller ids).</summary>
    public static long? ParseCursor(string? after, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(after))
        {
            return null;
        }

        if (long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            return id;
        }

        errors.Add("drill.error.after");
        return null;
    }
}
