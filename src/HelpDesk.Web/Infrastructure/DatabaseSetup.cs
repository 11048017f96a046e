using HelpDesk.Web.Data;
using HelpDesk.Web.Data.Seed;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace HelpDesk.Web.Infrastructure;

/// <summary>
/// PostgreSQL is the only store (design.md §5). With <c>ConnectionStrings:HelpDesk</c> empty, outside Production,
/// the app starts its embedded cluster in <c>.data/postgres</c> and stops it with the app.
/// </summary>
public static class DatabaseSetup
{
    public const string ConnectionStringName = "HelpDesk";
    private const string DatabaseName = "helpdesk";

    /// <summary>Key of the session-level advisory lock that serializes migrations and seeding across instances.</summary>
    private const long MigrationLockKey = 0x4844_4D49_4752; // "HDMIGR"

    public static WebApplicationBuilder AddHelpDeskDatabase(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ConnectionStringName)))
        {
            if (builder.Environment.IsProduction())
            {
                throw new DatabaseSetupException(
                    "ConnectionStrings:HelpDesk is not set. In Production the app needs a PostgreSQL server: "
                    + "set ConnectionStrings__HelpDesk, e.g. 'Host=db;Database=helpdesk;Username=helpdesk;Password=...'.");
            }

            var cluster = EmbeddedPostgres.Start(EmbeddedDataDirectory(builder), binDirectory: builder.Configuration["EmbeddedPostgres:BinDirectory"]);
            cluster.EnsureDatabase(DatabaseName);
            builder.Configuration[$"ConnectionStrings:{ConnectionStringName}"] = cluster.ConnectionString(DatabaseName);
            builder.Services.AddSingleton(cluster);
            builder.Services.AddHostedService<EmbeddedPostgresLifetime>();
        }

        var connectionString = WithoutJit(builder.Configuration.GetConnectionString(ConnectionStringName)!, builder.Configuration);
        builder.Configuration[$"ConnectionStrings:{ConnectionStringName}"] = connectionString;
        builder.Services.AddDbContext<HelpDeskDbContext>(options => options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history")));
        builder.Services.AddHealthChecks().AddDbContextCheck<HelpDeskDbContext>("database", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// PostgreSQL's JIT compiles the queue's counts for ~20 ms a page and never pays back on these short OLTP
    /// queries (issue 14): every connection starts with <c>jit=off</c>, whatever server it reaches, unless
    /// <c>Database:Jit</c> is true or the connection string's Options already say something about jit.
    /// </summary>
    public static string WithoutJit(string connectionString, IConfiguration configuration)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        if (configuration.GetValue("Database:Jit", false) || (csb.Options ?? string.Empty).Contains("jit", StringComparison.OrdinalIgnoreCase))
        {
            return connectionString;
        }

        csb.Options = string.IsNullOrWhiteSpace(csb.Options) ? "-c jit=off" : csb.Options + " -c jit=off";
        return csb.ConnectionString;
    }

    /// <summary>Applies pending migrations and (when configured) the demo data, one instance at a time.</summary>
    public static async Task UseHelpDeskDatabaseAsync(this WebApplication app)
    {
        var configuration = app.Configuration;
        if (!configuration.GetValue("Database:MigrateOnStartup", true))
        {
            return;
        }

        await using var lockConnection = new NpgsqlConnection(configuration.GetConnectionString(ConnectionStringName));
        await lockConnection.OpenAsync();
        // No command timeout: replicas started together wait here while the first migrates and seeds (that can take
        // longer than the default 30 s), instead of failing their start.
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", lockConnection) { CommandTimeout = 0 })
        {
            await take.ExecuteNonQueryAsync();
        }

        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HelpDeskDbContext>();
            // Creating the history table first spares a new database EF's logged "relation does not exist" error.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync();
            await db.Database.MigrateAsync();
            // The triggers that date UnitsSold facts read the business time zone from the database (SalesFacts).
            var zone = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<HelpDeskOptions>>().Value.TimeZone;
            await db.Database.ExecuteSqlRawAsync(SalesFacts.SyncTimeZone, new NpgsqlParameter("zone", zone));
            if (configuration.GetValue("Seed:DemoData", false))
            {
                await ActivatorUtilities.CreateInstance<DemoSeeder>(scope.ServiceProvider).SeedAsync();
            }
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLockKey})", lockConnection);
            await release.ExecuteNonQueryAsync();
        }
    }

    /// <summary><c>EmbeddedPostgres:DataDirectory</c>, or <c>.data/postgres</c> beside HelpDesk.sln (the content root when there is none).</summary>
    private static string EmbeddedDataDirectory(WebApplicationBuilder builder)
    {
        if (builder.Configuration["EmbeddedPostgres:DataDirectory"] is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured, builder.Environment.ContentRootPath);
        }

        var directory = new DirectoryInfo(builder.Environment.ContentRootPath);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "HelpDesk.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine((directory ?? new DirectoryInfo(builder.Environment.ContentRootPath)).FullName, ".data", "postgres");
    }

    /// <summary>Stops the embedded cluster when the host stops (also on Ctrl+C); registered first, so it stops last.</summary>
    private sealed class EmbeddedPostgresLifetime(EmbeddedPostgres cluster, ILogger<EmbeddedPostgresLifetime> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogInformation("Embedded PostgreSQL on 127.0.0.1:{Port}, data in {DataDirectory}", cluster.Port, cluster.DataDirectory);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            cluster.Dispose();
            return Task.CompletedTask;
        }
    }
}
