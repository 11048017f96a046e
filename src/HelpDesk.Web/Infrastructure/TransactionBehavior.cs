using HelpDesk.Web.Data;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Infrastructure;

/// <summary>
/// Runs a command as one unit of work, in one transaction through the execution strategy: whatever the handler left
/// unsaved is saved (with its domain events' effects), everything is committed together — or, on any exception,
/// nothing is. Only then does the work that waits for the commit run (<see cref="AfterCommit"/>). Queries pass straight through.
/// </summary>
public sealed class TransactionBehavior<TRequest, TResponse>(HelpDeskDbContext db, AfterCommit afterCommit) : IPipelineBehavior<TRequest, TResponse>
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
        var response = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                var response = await next();
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return response;
            }
            catch
            {
                db.ChangeTracker.Clear();
                afterCommit.Discard();
                throw;
            }
        });
        await afterCommit.RunAsync(cancellationToken);
        return response;
    }
}
