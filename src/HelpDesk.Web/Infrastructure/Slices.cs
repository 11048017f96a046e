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
/// FluentValidation validator in the web assembly, and the pipeline log → validate → transaction → handler.
/// </summary>
public static class Slices
{
    public static IServiceCollection AddHelpDeskSlices(this IServiceCollection services, Assembly? assembly = null)
    {
        assembly ??= typeof(Slices).Assembly;
        services.AddScoped<ServiceFactory>(sp => sp.GetService!);
        services.AddScoped<IMediator, Mediator>();

        var handlerInterfaces = new[] { typeof(IRequestHandler<,>), typeof(INotificationHandler<>) };
        foreach (var type in assembly.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && handlerInterfaces.Contains(i.GetGenericTypeDefinition())))
            {
                services.AddTransient(contract, type);
            }
        }

        foreach (var result in AssemblyScanner.FindValidatorsInAssembly(assembly))
        {
            services.AddScoped(result.InterfaceType, result.ValidatorType);
        }

        // Outermost first: announcing comes after the transaction has committed.
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(Features.Live.AnnounceChangesBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(TransactionBehavior<,>));
        return services;
    }
}
