using HelpDesk.Web.Data;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Infrastructure;

/// <summary>
/// Runs a command in one transaction through the execution strategy: everything it wrote is committed together,
/// or — on any exception — nothing is. Queries pass straight through.
/// </summary>
public sealed class TransactionBehavior<TRequest, TResponse>(HelpDeskDbContext db) : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly bool IsCommand = typeof(TRequest).GetInterfaces()
        .Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommand<>));

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (!IsCommand || db.Database.CurrentTransaction is not null)
        {
            return await next();
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                var response = await next();
                await transaction.CommitAsync(cancellationToken);
                return response;
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        });
    }
}
