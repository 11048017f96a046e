using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HelpDesk.Web.Tests.Infrastructure;

/// <summary>Counts the SQL commands EF sends while <see cref="Counting"/> is on (per async flow): the N+1 guard.</summary>
public sealed class SqlCounter : DbCommandInterceptor
{
    private static readonly AsyncLocal<StrongBox?> Current = new();

    public static IDisposable Counting(out StrongBox box)
    {
        box = new StrongBox();
        Current.Value = box;
        return new Reset();
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count();
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count();
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    private static void Count()
    {
        if (Current.Value is { } box)
        {
            box.Increment();
        }
    }

    public sealed class StrongBox
    {
        private int _value;

        public int Value => _value;

        public void Increment() => Interlocked.Increment(ref _value);
    }

    private sealed class Reset : IDisposable
    {
        public void Dispose() => Current.Value = null;
    }
}
