namespace HelpDesk.Domain.Common;

/// <summary>
/// A business rule refused an action. <see cref="Key"/> is a localization key (e.g. "ticket.status.transition");
/// <see cref="Arguments"/> fill its placeholders. The message shown to a user is always localized by the web layer.
/// </summary>
public sealed class DomainException : Exception
{
    public DomainException(string key, params object[] arguments)
        : base(key)
    {
        Key = key;
        Arguments = arguments;
    }

    public string Key { get; }

    public IReadOnlyList<object> Arguments { get; }
}
