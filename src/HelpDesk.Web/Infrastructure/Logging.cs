using Serilog;
using Serilog.Events;

namespace HelpDesk.Web.Infrastructure;

/// <summary>
/// Serilog from the "Serilog" section of appsettings (console and a rolling file by default), and one line per
/// request: "HTTP GET /agent/tickets/{number} responded 200 in 12.3 ms" — the route pattern, never the raw path,
/// so magic-link tokens and other personal data in URLs never reach the log.
/// </summary>
public static class Logging
{
    private const string RouteKey = "helpdesk.route";

    public static WebApplicationBuilder AddHelpDeskLogging(this WebApplicationBuilder builder)
    {
        // Serilog is the only logger; other providers (the tests' own) still receive every event.
        builder.Logging.ClearProviders();
        // Each host has its own logger (tests run several in one process): the static Log is left alone.
        builder.Services.AddSerilog(
            (services, logger) => logger.ReadFrom.Configuration(builder.Configuration).ReadFrom.Services(services).Enrich.FromLogContext(),
            preserveStaticLogger: true,
            writeToProviders: true);
        return builder;
    }

    /// <summary>Outermost, so the line carries the status the client really got (after error pages and problem handlers).</summary>
    public static IApplicationBuilder UseHelpDeskRequestLogging(this IApplicationBuilder app) => app.UseSerilogRequestLogging(options =>
    {
        options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
        options.MessageTemplate = "HTTP {RequestMethod} {Route} responded {StatusCode} in {Elapsed:0.0} ms";
        options.GetMessageTemplateProperties = (context, _, elapsed, status) =>
        [
            new LogEventProperty("RequestMethod", new ScalarValue(context.Request.Method)),
            new LogEventProperty("Route", new ScalarValue(context.Items[RouteKey] as string ?? context.Request.Path.Value)),
            new LogEventProperty("StatusCode", new ScalarValue(status)),
            new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
        ];
    });

    /// <summary>
    /// Right after routing: remembers the first route the request matched ("(no endpoint)" when none did), so an
    /// error page re-executed for it does not replace it. Requests served before routing (static files) log their path.
    /// </summary>
    public static IApplicationBuilder UseRouteForLogging(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Items.TryAdd(RouteKey, (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } pattern ? "/" + pattern.TrimStart('/') : "(no endpoint)");
        return next(context);
    });
}
