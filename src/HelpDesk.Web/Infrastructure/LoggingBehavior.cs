using System.Diagnostics;
using MediatR;

namespace HelpDesk.Web.Infrastructure;

/// <summary>One structured event per request with its outcome and elapsed milliseconds. Never logs the request's fields.</summary>
public sealed class LoggingBehavior<TRequest, TResponse>(ILogger<LoggingBehavior<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var name = SliceNames.Of(typeof(TRequest));
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next();
            logger.LogInformation("Slice {Slice} handled in {ElapsedMs:0.0} ms", name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception ex)
        {
            logger.LogWarning("Slice {Slice} failed with {Error} in {ElapsedMs:0.0} ms", name, ex.GetType().Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }
}

public static class SliceNames
{
    /// <summary>"Agent.Tickets.Queue.Query" rather than the full namespace.</summary>
    public static string Of(Type type)
    {
        var full = type.FullName ?? type.Name;
        const string prefix = "HelpDesk.Web.Features.";
        return (full.StartsWith(prefix, StringComparison.Ordinal) ? full[prefix.Length..] : full).Replace('+', '.');
    }
}
