using System.Globalization;

namespace HelpDesk.Web.Infrastructure;

/// <summary>Amounts as agents read them: "¥1,299.00" for yuan, "USD 12.50" otherwise.</summary>
public static class MoneyText
{
    public static string Format(decimal amount, string currency = "CNY") =>
        (currency == "CNY" ? "¥" : currency + " ") + amount.ToString("N2", CultureInfo.InvariantCulture);
}
