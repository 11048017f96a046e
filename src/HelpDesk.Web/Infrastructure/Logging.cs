using Serilog;

namespace HelpDesk.Web.Infrastructure;

/// <summary>Serilog from the "Serilog" section of appsettings (console and a rolling file by default).</summary>
public static class Logging
{
    public static WebApplicationBuilder AddHelpDeskLogging(this WebApplicationBuilder builder)
    {
        var logger = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .CreateLogger();
        builder.Logging.ClearProviders().AddSerilog(logger, dispose: true);
        return builder;
    }
}
