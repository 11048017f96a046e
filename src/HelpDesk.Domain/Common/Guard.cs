namespace HelpDesk.Domain.Common;

internal static class Guard
{
    public static string NotBlank(string? value, string key, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new DomainException(key + ".required");
        }

        if (trimmed.Length > maxLength)
        {
            throw new DomainException(key + ".too_long", maxLength);
        }

        if (!Text.IsClean(trimmed))
        {
            throw new DomainException("text.invalid_characters");
        }

        return trimmed;
    }

    public static decimal NotNegative(decimal value, string key) =>
        value < 0 ? throw new DomainException(key + ".negative") : value;

    public static int Positive(int value, string key) =>
        value <= 0 ? throw new DomainException(key + ".not_positive") : value;
}
