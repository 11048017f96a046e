using System.Reflection;
using FluentValidation;
using MediatR;

namespace HelpDesk.Web.Infrastructure;

/// <summary>A request that changes state: it runs inside one database transaction (see <see cref="TransactionBehavior{TRequest,TResponse}"/>).</summary>
public interface ICommand<out TResponse> : IRequest<TResponse>
{
}

/// <summary>A request that only reads.</summary>
public interface IQuery<out TResponse> : IRequest<TResponse>
{
}

/// <summary>
/// Registers MediatR 5.1.0 by hand (its DI package does not restore here): the mediator, every handler and
/// FluentValidation validator and domain-event handler in the web assembly, and the pipeline
/// log → the features' behaviours (authorize) → validate → transaction (unit of work, domain events, after-commit
/// work) → handler.
/// </summary>
public static class Slices
{
    /// <param name="services">The app's services.</param>
    /// <param name="assembly">Where the slices are (the features).</param>
    /// <param name="behaviors">The features' own behaviours (authorization), run after logging, before validation.</param>
    public static IServiceCollection AddHelpDeskSlices(this IServiceCollection services, Assembly assembly, params Type[] behaviors)
    {
        services.AddScoped<ServiceFactory>(sp => sp.GetService!);
        services.AddScoped<IMediator, Mediator>();

        var handlerInterfaces = new[] { typeof(IRequestHandler<,>), typeof(INotificationHandler<>) };
        foreach (var type in assembly.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && handlerInterfaces.Contains(i.GetGenericTypeDefinition())))
            {
                services.AddTransient(contract, type);
            }

            // Event handlers live as long as the unit of work: they may keep what they looked up for the next event.
            var eventContracts = type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDomainEventHandler<>)).ToList();
            if (eventContracts.Count > 0)
            {
                services.AddScoped(type);
                foreach (var contract in eventContracts)
                {
                    services.AddScoped(contract, sp => sp.GetRequiredService(type));
                }
            }
        }

        services.AddScoped<DomainEventDispatcher>();
        services.AddScoped<AfterCommit>();

        foreach (var result in AssemblyScanner.FindValidatorsInAssembly(assembly))
        {
            services.AddScoped(result.InterfaceType, result.ValidatorType);
        }

        // Outermost first.
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehavior<,>));
        foreach (var behavior in behaviors)
        {
            services.AddScoped(typeof(IPipelineBehavior<,>), behavior);
        }

        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(TransactionBehavior<,>));
        return services;
    }
}
