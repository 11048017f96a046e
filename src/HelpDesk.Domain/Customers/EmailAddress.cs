using System.Text.RegularExpressions;

namespace HelpDesk.Domain.Customers;

/// <summary>
/// An address mail can really be sent to, as every edge (forms, API, imports, admin) checks it: <c>local@domain</c>
/// in ASCII, no display name, no spaces, quotes or angle brackets, at most 64 characters before the @ and
/// <see cref="MaxLength"/> in all, a domain of dot-separated labels ending in a letter label ("qq.com", "mail.jd.com").
/// </summary>
public static partial class EmailAddress
{
    public const int MaxLength = 200;

    public static bool IsValid(string? value) =>
        value is { Length: > 0 and <= MaxLength } && value.IndexOf('@', StringComparison.Ordinal) is > 0 and <= 64 && Shape().IsMatch(value);

    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
