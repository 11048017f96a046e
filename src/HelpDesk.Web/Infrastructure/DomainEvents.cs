using System.Collections.Concurrent;
using HelpDesk.Domain.Common;

namespace HelpDesk.Web.Infrastructure;

/// <summary>
/// Reacts to one kind of domain event inside the unit of work that raised it (one concern each: audit, promises,
/// SLA clocks, notifications, live updates). It may change tracked entities and add new ones; the context saves
/// them with the same transaction. It never calls SaveChanges itself.
/// </summary>
public interface IDomainEventHandler<in TEvent>
    where TEvent : IDomainEvent
{
    Task HandleAsync(TEvent domainEvent, CancellationToken cancellationToken);
}

/// <summary>
/// A domain event handler that looks up in one query, before a round of events is handled one by one, what each
/// event would look up alone (a checklist raises tens of thousands of task events, the SLA monitor a thousand
/// escalations).
/// </summary>
public interface IPrepareForEvents
{
    Task PrepareAsync(IReadOnlyList<IDomainEvent> round, CancellationToken cancellationToken);
}

/// <summary>
/// Hands each event to every handler of its type, of its base types and of its interfaces (a handler of
/// <see cref="ITicketActivity"/> sees every event on a ticket), in registration order; a round of events (what one
/// save raised) first to the handlers that prepare for it (<see cref="IPrepareForEvents"/>).
/// </summary>
public sealed class DomainEventDispatcher(IServiceProvider services)
{
    private static readonly ConcurrentDictionary<Type, Type[]> HandlerTypes = new();
    private HashSet<Type>? _only;

    public async Task DispatchAsync(IReadOnlyList<IDomainEvent> round, CancellationToken cancellationToken)
    {
        foreach (var handler in round.Select(e => e.GetType()).Distinct().SelectMany(HandlersOf).Select(h => h.Handler).OfType<IPrepareForEvents>().Distinct())
        {
            await handler.PrepareAsync(round, cancellationToken);
        }

        foreach (var domainEvent in round)
        {
            foreach (var (handlerType, handler) in HandlersOf(domainEvent.GetType()))
            {
                await ((Task)handlerType.GetMethod(nameof(IDomainEventHandler<IDomainEvent>.HandleAsync))!.Invoke(handler, [domainEvent, cancellationToken])!);
            }
        }
    }

    private IEnumerable<(Type HandlerType, object Handler)> HandlersOf(Type eventType) =>
        from handlerType in HandlerTypes.GetOrAdd(eventType, HandlerTypesOf)
        from handler in services.GetServices(handlerType)
        where handler is not null && (_only is null || _only.Contains(handler.GetType()))
        select (handlerType, handler!);

    /// <summary>Until disposed, only these handlers run (the demo data computes its clocks and audit trail, and mails nobody).</summary>
    public IDisposable Only(params Type[] handlers)
    {
        _only = [.. handlers];
        return new Restore(() => _only = null);
    }

    private static Type[] HandlerTypesOf(Type eventType)
    {
        var types = new List<Type>();
        for (var t = eventType; t is not null && typeof(IDomainEvent).IsAssignableFrom(t); t = t.BaseType)
        {
            types.Add(t);
        }

        types.AddRange(eventType.GetInterfaces().Where(i => typeof(IDomainEvent).IsAssignableFrom(i)));
        return [.. types.Select(t => typeof(IDomainEventHandler<>).MakeGenericType(t))];
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}

/// <summary>Work that must wait until the command's transaction has committed (telling live screens): run by <see cref="TransactionBehavior{TRequest,TResponse}"/>.</summary>
public sealed class AfterCommit
{
    private readonly List<Func<CancellationToken, Task>> _actions = [];

    public void Add(Func<CancellationToken, Task> action) => _actions.Add(action);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var actions = _actions.ToList();
        _actions.Clear();
        foreach (var action in actions)
        {
            await action(cancellationToken);
        }
    }

    public void Discard() => _actions.Clear();
}
