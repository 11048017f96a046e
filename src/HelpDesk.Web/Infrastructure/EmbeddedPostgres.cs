using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace HelpDesk.Web.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of our own, made with the installed server binaries (initdb, pg_ctl): the app's embedded
/// default when no connection string is configured, and the throwaway cluster of a test run. It listens on a free
/// loopback port only (no Unix socket), uses password authentication, and is stopped when it is disposed.
/// As root the binaries run as the <c>postgres</c> user (initdb refuses root), through <c>runuser</c>.
/// </summary>
public sealed class EmbeddedPostgres : IDisposable
{
    public const string SuperUser = "helpdesk";

    private readonly string _dataDirectory;
    private readonly string _binDirectory;
    private readonly bool _ephemeral;
    private int _stopped;

    private EmbeddedPostgres(string dataDirectory, string binDirectory, bool ephemeral, int port, string password)
    {
        _dataDirectory = dataDirectory;
        _binDirectory = binDirectory;
        _ephemeral = ephemeral;
        Port = port;
        Password = password;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => Dispose();
    }

    public int Port { get; }

    private string Password { get; }

    public string DataDirectory => _dataDirectory;

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = database,
        Username = SuperUser,
        Password = Password,
    }.ConnectionString;

    /// <summary>
    /// Creates the cluster in <paramref name="dataDirectory"/> the first time, then starts it on a free port.
    /// A cluster that is already running there (left by a crash, or started by another instance of the app) is
    /// adopted: used on its port and stopped with this app.
    /// </summary>
    /// Extra <paramref name="settings"/> go into postgresql.conf when the cluster is created.
    public static EmbeddedPostgres Start(string dataDirectory, bool ephemeral = false, IReadOnlyDictionary<string, string>? settings = null, string? binDirectory = null)
    {
        var bin = FindBinaries(binDirectory);
        var asPostgres = Environment.IsPrivilegedProcess;
        dataDirectory = Path.GetFullPath(dataDirectory);
        var passwordFile = dataDirectory + ".password";

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            Initialize(bin, dataDirectory, passwordFile, asPostgres, settings ?? new Dictionary<string, string>());
        }

        var password = File.ReadAllText(passwordFile).Trim();
        if (RunningPort(dataDirectory) is { } runningPort && Run(bin, "pg_ctl", asPostgres, "status", "-D", dataDirectory).ExitCode == 0)
        {
            return new EmbeddedPostgres(dataDirectory, bin, ephemeral, runningPort, password);
        }

        var port = FreeLoopbackPort();
        var start = Run(bin, "pg_ctl", asPostgres, "start", "-w", "-t", "60", "-D", dataDirectory, "-l", Path.Combine(dataDirectory, "server.log"), "-o", $"-p {port}");
        if (start.ExitCode != 0)
        {
            throw new DatabaseSetupException($"PostgreSQL did not start in {dataDirectory}: {start.Output}. See {Path.Combine(dataDirectory, "server.log")}.");
        }

        return new EmbeddedPostgres(dataDirectory, bin, ephemeral, port, password);
    }

    /// <summary>Creates <paramref name="database"/> unless it exists.</summary>
    public void EnsureDatabase(string database)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (exists.ExecuteScalar() is null)
        {
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            create.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        Run(_binDirectory, "pg_ctl", Environment.IsPrivilegedProcess, "stop", "-w", "-m", "fast", "-D", _dataDirectory);
        if (_ephemeral)
        {
            TryDelete(_dataDirectory);
            TryDelete(_dataDirectory + ".password");
        }
    }

    /// <summary>
    /// The directory holding initdb and pg_ctl: the configured one, else on PATH or Debian's
    /// /usr/lib/postgresql/N/bin (newest first).
    /// </summary>
    public static string FindBinaries(string? configured = null)
    {
        var candidates = configured is { Length: > 0 } ? [configured] : (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(VersionOf).Select(d => Path.Combine(d, "bin"))
                : [])
            .Concat(["/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/local/bin"])
            .ToArray();
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new DatabaseSetupException(
                $"No PostgreSQL server binaries (initdb, pg_ctl) were found in {(configured is { Length: > 0 } ? configured : "PATH or /usr/lib/postgresql/*/bin")}. "
                + "Install them (Debian/Ubuntu: 'sudo apt-get install postgresql'), or point the app at a server instead: "
                + "set ConnectionStrings__HelpDesk, e.g. 'Host=localhost;Database=helpdesk;Username=helpdesk;Password=...'.");
    }

    private static void Initialize(string bin, string dataDirectory, string passwordFile, bool asPostgres, IReadOnlyDictionary<string, string> settings)
    {
        Directory.CreateDirectory(dataDirectory);
        File.WriteAllText(passwordFile, Convert.ToHexString(RandomNumberGenerator.GetBytes(24)));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        if (asPostgres)
        {
            GiveToPostgresUser(dataDirectory, passwordFile);
        }

        var init = Run(bin, "initdb", asPostgres, "-D", dataDirectory, "-U", SuperUser, "--pwfile", passwordFile, "--auth", "scram-sha-256", "-E", "UTF8", "--no-locale", "--no-instructions");
        if (init.ExitCode != 0)
        {
            throw new DatabaseSetupException($"initdb failed for {dataDirectory}: {init.Output}");
        }

        var conf = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["listen_addresses"] = "'127.0.0.1'",
            ["unix_socket_directories"] = "''",
            ["max_connections"] = "200",
            ["jit"] = "off", // short OLTP queries: compiling them costs more than it saves (issue 14)
        };
        foreach (var (key, value) in settings)
        {
            conf[key] = value;
        }

        File.AppendAllLines(Path.Combine(dataDirectory, "postgresql.conf"), conf.Select(kv => $"{kv.Key} = {kv.Value}"));
    }

    /// <summary>As root the cluster belongs to 'postgres', which must be able to reach the directory.</summary>
    private static void GiveToPostgresUser(string dataDirectory, string passwordFile)
    {
        var chown = Run(null, "chown", false, "postgres:postgres", dataDirectory, passwordFile);
        var reachable = chown.ExitCode == 0 && Run(null, "runuser", false, "-u", "postgres", "--", "test", "-w", dataDirectory).ExitCode == 0;
        if (!reachable)
        {
            throw new DatabaseSetupException(
                $"Running as root, the PostgreSQL binaries must run as the 'postgres' user, which cannot write to {dataDirectory} "
                + $"({chown.Output.Trim()}). Make the path reachable for 'postgres' (e.g. chmod o+x on its parent folders), set "
                + "EmbeddedPostgres__DataDirectory to a folder it can reach, or run the app as a normal user.");
        }
    }

    private static int? RunningPort(string dataDirectory)
    {
        // postmaster.pid: line 4 is the port.
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        try
        {
            var lines = File.Exists(pidFile) ? File.ReadAllLines(pidFile) : [];
            return lines.Length > 3 && int.TryParse(lines[3], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static (int ExitCode, string Output) Run(string? bin, string tool, bool asPostgres, params string[] arguments)
    {
        var path = bin is null ? tool : Path.Combine(bin, tool);
        var info = new ProcessStartInfo(asPostgres ? "runuser" : path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", path })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"{tool} timed out");
            }

            // pg_ctl's server keeps no handle on our pipes (its output goes to -l), but never wait forever for them.
            Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(5));
            return (process.ExitCode, (stdout.IsCompleted ? stdout.Result : string.Empty) + (stderr.IsCompleted ? stderr.Result : string.Empty));
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, $"{info.FileName}: {ex.Message}");
        }
    }

    private static Version VersionOf(string directory) =>
        Version.TryParse(Path.GetFileName(directory) + ".0", out var version) ? version : new Version(0, 0);

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>The app cannot get a database; its message says what to install or configure, and is all the user sees.</summary>
public sealed class DatabaseSetupException(string message) : Exception(message);
