namespace HelpDesk.Domain.Common;

/// <summary>Money is a decimal amount with an ISO 4217 currency code; CNY is the shop's default.</summary>
public static class Currency
{
    public const string Default = "CNY";
}
