using HelpDesk.Web.Infrastructure;
using Npgsql;

namespace HelpDesk.Web.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL for the whole test run: a throwaway local cluster (fsync off — its data dies with the run), or
/// the server named by HELPDESK_TEST_CONNECTION (a role that may create databases). A template database is
/// migrated and seeded with the demo data once, by starting the real app against it; every test class then gets
/// its own database cloned from the template, so classes run in parallel and never see each other's rows.
/// </summary>
public static class TestCluster
{
    public const string ConnectionVariable = "HELPDESK_TEST_CONNECTION";

    private static readonly Lazy<Task<(string Admin, string Template)>> Template = new(CreateTemplateAsync);
    private static EmbeddedPostgres? _cluster;
    private static int _databases;

    /// <summary>A fresh database with the schema and the demo data; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var (admin, template) = await Template.Value;
        var name = $"test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await ExecuteAsync(admin, $"CREATE DATABASE {name} TEMPLATE {template}");
        return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Connection string for a database that exists on the server but is empty (no schema).</summary>
    public static async Task<string> CreateEmptyDatabaseAsync()
    {
        var (admin, _) = await Template.Value;
        var name = $"empty_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await ExecuteAsync(admin, $"CREATE DATABASE {name}");
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    private static async Task<(string Admin, string Template)> CreateTemplateAsync()
    {
        var admin = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            _cluster = EmbeddedPostgres.Start(
                Path.Combine(Path.GetTempPath(), $"helpdesk-tests-{Environment.ProcessId}-{Guid.NewGuid():N}"),
                ephemeral: true,
                settings: new Dictionary<string, string>
                {
                    ["fsync"] = "off",
                    ["synchronous_commit"] = "off",
                    ["full_page_writes"] = "off",
                    ["shared_buffers"] = "'256MB'",
                });
            admin = _cluster.ConnectionString("postgres");
        }

        var template = $"template_{Environment.ProcessId}";
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {template}");
        await ExecuteAsync(admin, $"CREATE DATABASE {template}");
        var templateConnection = new NpgsqlConnectionStringBuilder(admin) { Database = template }.ConnectionString;

        // The app itself migrates and seeds, exactly as it does on a developer's first run.
        using (var app = new HelpDeskFactory(templateConnection, seedDemoData: true))
        {
            _ = app.Services;
        }

        NpgsqlConnection.ClearAllPools();
        return (admin, template);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
