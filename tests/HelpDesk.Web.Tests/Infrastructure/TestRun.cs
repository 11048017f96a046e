using System.Diagnostics;
using System.Globalization;
using HelpDesk.Web.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace HelpDesk.Web.Tests.Infrastructure;

/// <summary>
/// What a test run leaves in the temp folder, and its removal. Every folder the tests make there is named
/// <c>helpdesk-{kind}-{process id}-{guid}</c> and deleted by its owner (the mail folder when its app is disposed, the
/// local cluster when the run ends). A run that was killed cannot do that: the next run removes the folders of
/// processes that are gone (stopping a cluster still running there first).
/// </summary>
public static class TestRun
{
    private const string Prefix = "helpdesk-";

    /// <summary>xunit's diagnostic messages (set by <see cref="TestRunFramework"/>): the one channel `dotnet test` shows.</summary>
    public static IMessageSink? Diagnostics { get; set; }

    /// <summary>One line for whoever runs the tests: on `dotnet test`'s output (xunit.runner.json: diagnosticMessages) and stderr.</summary>
    public static void Report(string line)
    {
        Diagnostics?.OnMessage(new DiagnosticMessage(line));
        Console.Error.WriteLine(line);
    }

    /// <summary>A new path in the temp folder for this process: <c>helpdesk-{kind}-{pid}-{guid}</c> (not created).</summary>
    public static string TempPath(string kind) =>
        Path.Combine(Path.GetTempPath(), $"{Prefix}{kind}-{Environment.ProcessId}-{Guid.NewGuid():N}");

    /// <summary>True when process <paramref name="pid"/> runs and was started before <paramref name="createdAt"/>.</summary>
    public static bool IsAlive(int pid, DateTimeOffset createdAt)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.StartTime.ToUniversalTime() <= createdAt.UtcDateTime.AddSeconds(1);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Removes the temp folders (and local clusters) of earlier runs whose process is gone.</summary>
    public static void RemoveLeftovers()
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(Path.GetTempPath(), Prefix + "*"))
        {
            // helpdesk-{kind}-{pid}-{guid}[.password]
            var parts = Path.GetFileName(path).Split('-');
            if (parts.Length != 4 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || pid == Environment.ProcessId || IsAlive(pid, Directory.GetLastWriteTimeUtc(path)))
            {
                continue;
            }

            if (File.Exists(Path.Combine(path, "postmaster.pid")))
            {
                StopCluster(path);
            }

            if (File.Exists(Path.Combine(path, "redis.pid")) || File.Exists(Path.Combine(path, "nginx.pid")))
            {
                TestRedis.StopLeftover(path);
            }

            Delete(path);
        }
    }

    /// <summary>Deletes a file or a folder with everything in it, if it is there.</summary>
    public static void Delete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
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

    /// <summary>A cluster left running by a killed run: adopted (its pid file names the port) and stopped.</summary>
    private static void StopCluster(string dataDirectory)
    {
        try
        {
            EmbeddedPostgres.Start(dataDirectory, ephemeral: true).Dispose();
        }
        catch (DatabaseSetupException)
        {
        }
        catch (IOException)
        {
        }
    }
}
