using System.Collections.Concurrent;
using System.Globalization;
using DotNet.Testcontainers.Configurations;
using HelpDesk.Web.Infrastructure;
using Npgsql;
using Testcontainers.PostgreSql;

namespace HelpDesk.Web.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL for the whole test run, with durability off (its data dies with the run): a container from
/// Testcontainers; where no Docker engine answers, a throwaway cluster made with the local PostgreSQL binaries; or
/// the server named by HELPDESK_TEST_CONNECTION (a role that may create databases). A template database is migrated
/// and seeded with the demo data once, by starting the real app against it; every test class then gets its own
/// database cloned from the template, so classes run in parallel and never see each other's rows.
/// <see cref="TestRunFramework"/> calls <see cref="StopAsync"/> when the last test is done.
/// </summary>
public static class TestCluster
{
    public const string ConnectionVariable = "HELPDESK_TEST_CONNECTION";

    /// <summary>The image of the test container; by default the official one, else the one built here.</summary>
    public const string ImageVariable = "HELPDESK_TEST_PG_IMAGE";

    public const string OfficialImage = "postgres:15";

    /// <summary>Built without a registry by docker/build-images.sh, with the official image's contract.</summary>
    public const string LocalImage = "helpdesk/postgres:15";

    /// <summary>Every test container carries it, with the host and process that started it (to remove it if that run was killed).</summary>
    public const string ContainerLabel = "helpdesk.tests";

    private const string RyukImage = "testcontainers/ryuk:0.14.0";

    /// <summary>
    /// fsync and friends off, as design.md §5 says for tests. A run holds up to ~100 connections at once (measured 96:
    /// every test class's app keeps its pool open), PostgreSQL's default limit; the local cluster had 200.
    /// </summary>
    private static readonly Dictionary<string, string> Settings = new(StringComparer.Ordinal)
    {
        ["fsync"] = "off",
        ["synchronous_commit"] = "off",
        ["full_page_writes"] = "off",
        ["shared_buffers"] = "256MB",
        ["max_connections"] = "300",
    };

    private static readonly Lazy<Task<(string Admin, string Template)>> Template = new(CreateTemplateAsync);
    private static readonly ConcurrentBag<string> Databases = [];
    private static readonly SemaphoreSlim Stopping = new(1, 1);
    private static PostgreSqlContainer? _container;
    private static EmbeddedPostgres? _cluster;
    private static bool _external;
    private static int _databases;

    /// <summary>A fresh database with the schema and the demo data; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var (admin, template) = await Template.Value;
        var name = $"test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await ExecuteAsync(admin, $"CREATE DATABASE {name} TEMPLATE {template}");
        Databases.Add(name);
        return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Connection string for a database that exists on the server but is empty (no schema).</summary>
    public static async Task<string> CreateEmptyDatabaseAsync()
    {
        var (admin, _) = await Template.Value;
        var name = $"empty_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await ExecuteAsync(admin, $"CREATE DATABASE {name}");
        Databases.Add(name);
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// The end of the run: removes the container or the local cluster (its folder too); on a server of your own, drops
    /// the databases the run made. Safe to call more than once.
    /// </summary>
    public static async Task StopAsync()
    {
        await Stopping.WaitAsync();
        try
        {
            NpgsqlConnection.ClearAllPools();
            if (_container is not null)
            {
                await _container.DisposeAsync();
                _container = null;
            }

            _cluster?.Dispose();
            _cluster = null;
            if (_external && Template.IsValueCreated && Template.Value.IsCompletedSuccessfully)
            {
                _external = false;
                var (admin, template) = Template.Value.Result;
                foreach (var database in Databases.Append(template))
                {
                    await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
                }
            }
        }
        finally
        {
            Stopping.Release();
        }
    }

    private static async Task<(string Admin, string Template)> CreateTemplateAsync()
    {
        var admin = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            // A backstop for runners that do not use TestRunFramework; a killed run is cleaned up by the next one.
            AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAsync().Wait(TimeSpan.FromSeconds(20));
            TestRun.RemoveLeftovers();
            admin = await StartContainerAsync() ?? StartLocalCluster();
        }
        else
        {
            _external = true;
            var server = new NpgsqlConnectionStringBuilder(admin);
            TestRun.Report($"Tests use the PostgreSQL server of {ConnectionVariable} ({server.Host}:{server.Port}).");
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

    /// <summary>The run's PostgreSQL in a container; null (after one line saying why) when there is no engine or no image.</summary>
    private static async Task<string?> StartContainerAsync()
    {
        using var docker = DockerEngine.FromEnvironment();
        var apiVersion = await docker.ApiVersionAsync();
        if (apiVersion is null)
        {
            TestRun.Report($"No Docker engine: tests use the local PostgreSQL binaries (nothing answers at {docker.Endpoint}).");
            return null;
        }

        var (image, why) = await ChooseImageAsync(docker);
        if (image is null)
        {
            TestRun.Report($"No PostgreSQL image for Docker ({why}): tests use the local PostgreSQL binaries.");
            return null;
        }

        await RemoveContainersOfKilledRunsAsync(docker);
        await ConfigureTestcontainersAsync(docker, apiVersion);
        TestRun.Report($"Tests use PostgreSQL in a container of {image} ({why}; {ImageVariable} names another).");

        var builder = new PostgreSqlBuilder(image)
            .WithPassword(Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)))
            .WithLabel(ContainerLabel, "true")
            .WithLabel(ContainerLabel + ".host", Environment.MachineName)
            .WithLabel(ContainerLabel + ".pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
            // Parallel queries use /dev/shm, which Docker keeps at 64 MB.
            .WithCreateParameterModifier(parameters => (parameters.HostConfig ??= new()).ShmSize = 256L * 1024 * 1024);
        foreach (var (key, value) in Settings)
        {
            builder = builder.WithCommand("-c", $"{key}={value}");
        }

        _container = builder.Build();
        await _container.StartAsync();
        return _container.GetConnectionString();
    }

    /// <summary>
    /// HELPDESK_TEST_PG_IMAGE if set; else the official postgres:15 if it is here or can be pulled; else the image
    /// built here (docker/build-images.sh). Returns the image and why it was chosen, or null and why none was.
    /// </summary>
    private static async Task<(string? Image, string Why)> ChooseImageAsync(DockerEngine docker)
    {
        if (Environment.GetEnvironmentVariable(ImageVariable) is { Length: > 0 } configured)
        {
            return (configured, ImageVariable);
        }

        if (await docker.HasImageAsync(OfficialImage))
        {
            return (OfficialImage, "the official image");
        }

        var pullError = await docker.PullAsync(OfficialImage, TimeSpan.FromMinutes(5));
        if (pullError is null)
        {
            return (OfficialImage, "the official image, pulled");
        }

        var reason = $"{OfficialImage} is not here and cannot be pulled: {pullError.Split('\n')[0].Trim()}";
        return await docker.HasImageAsync(LocalImage)
            ? (LocalImage, reason)
            : (null, $"{reason}; nor is {LocalImage} here, built by docker/build-images.sh postgres");
    }

    /// <summary>
    /// Testcontainers asks for Docker API 1.44; an older engine (Debian's 20.10 speaks 1.41) refuses that unless
    /// DOCKER_API_VERSION names its version. Ryuk, Testcontainers' reaper, comes from a registry: without its image
    /// here it is off, and this class removes its container itself (and the next run those of a killed run).
    /// </summary>
    private static async Task ConfigureTestcontainersAsync(DockerEngine docker, string apiVersion)
    {
        if (Environment.GetEnvironmentVariable("DOCKER_API_VERSION") is not { Length: > 0 }
            && Version.TryParse(apiVersion, out var engine) && engine < new Version(1, 44))
        {
            Environment.SetEnvironmentVariable("DOCKER_API_VERSION", apiVersion);
        }

        if (Environment.GetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED") is not { Length: > 0 }
            && !await docker.HasImageAsync(TestcontainersSettings.ResourceReaperImage?.FullName ?? RyukImage))
        {
            TestcontainersSettings.ResourceReaperEnabled = false;
        }
    }

    /// <summary>Test containers of this host whose run is gone (killed before it could remove them).</summary>
    private static async Task RemoveContainersOfKilledRunsAsync(DockerEngine docker)
    {
        foreach (var (id, labels, created) in await docker.ContainersAsync(ContainerLabel))
        {
            var ours = labels.GetValueOrDefault(ContainerLabel + ".host") == Environment.MachineName;
            var running = int.TryParse(labels.GetValueOrDefault(ContainerLabel + ".pid"), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && TestRun.IsAlive(pid, created);
            if (ours && !running)
            {
                await docker.RemoveContainerAsync(id);
            }
        }
    }

    private static string StartLocalCluster()
    {
        _cluster = EmbeddedPostgres.Start(
            TestRun.TempPath("tests"),
            ephemeral: true,
            settings: Settings.ToDictionary(s => s.Key, s => s.Key == "shared_buffers" ? $"'{s.Value}'" : s.Value));
        return _cluster.ConnectionString("postgres");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
