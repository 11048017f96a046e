using System.Diagnostics;

namespace HelpDesk.Web.Infrastructure;

/// <summary>Security headers (design.md §7) and one log line per request.</summary>
public static class WebPipeline
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        await next();
    });

    /// <summary>
    /// "HTTP GET agent/tickets/{number} 200 in 12.3 ms": the route pattern, not the path, so ticket tokens and
    /// other personal data in URLs never reach the log.
    /// </summary>
    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var started = Stopwatch.GetTimestamp();
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("HelpDesk.Request");
        try
        {
            await next();
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } pattern ? "/" + pattern.TrimStart('/') : null;
            route ??= context.Response.StatusCode == StatusCodes.Status404NotFound ? "(not found)" : context.Request.Path.Value;
            logger.LogInformation(
                "HTTP {Method} {Route} responded {StatusCode} in {ElapsedMs:0.0} ms",
                context.Request.Method,
                route,
                context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    });
}
