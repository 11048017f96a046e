namespace HelpDesk.Domain.Common;

/// <summary>
/// A business rule refused an action. <see cref="Key"/> is a localization key (e.g. "ticket.status.transition");
/// <see cref="Arguments"/> fill its placeholders. The message shown to a user is always localized by the web layer.
/// </summary>
public class DomainException : Exception
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

/// <summary>What was asked for does not exist, or the asker may not see it (the same answer, so nothing leaks): a 404.</summary>
public sealed class NotFoundException(string key, params object[] arguments) : DomainException(key, arguments);

/// <summary>The asker may not do this (a role the request requires): a 403.</summary>
public sealed class ForbiddenException(string key, params object[] arguments) : DomainException(key, arguments);
