using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HelpDesk.Web.Tests.Infrastructure;

/// <summary>
/// A real redis-server (Debian's package) for one test class: its own loopback port and temp folder
/// (<c>helpdesk-redis-…</c>, with a pid file so a killed run's server is stopped by the next run), no persistence,
/// killed and removed at the end. <see cref="StopAsync"/> and <see cref="StartAsync"/> restart it on the same port.
/// </summary>
public sealed class TestRedis : IAsyncLifetime
{
    private Process? _process;

    public string Directory { get; } = TestRun.TempPath("redis");

    public int Port { get; } = FreePort();

    /// <summary>The app's <c>Redis:Configuration</c>.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public Task InitializeAsync() => StartAsync();

    public async Task StartAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var executable = File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server" : "redis-server";
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        foreach (var argument in new[]
                 {
                     "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", Directory,
                     "--pidfile", Path.Combine(Directory, "redis.pid"), "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            _process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("redis-server is not installed: apt-get install redis-server", ex);
        }

        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await AnswersAsync())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"redis-server did not start on port {Port} (exit {(_process.HasExited ? _process.ExitCode : -1)})");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Kills the server at once (as a crash would: no goodbye to its clients) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        TestRun.Delete(Directory);
    }

    /// <summary>Stops a server left by a killed run (its folder's pid file), if it is still a redis-server or nginx (<see cref="TestNginx"/>).</summary>
    public static void StopLeftover(string directory)
    {
        try
        {
            var file = new[] { "redis.pid", "nginx.pid" }.Select(f => Path.Combine(directory, f)).First(File.Exists);
            var pid = int.Parse(File.ReadAllText(file).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            using var process = Process.GetProcessById(pid);
            if (process.ProcessName.StartsWith("redis", StringComparison.Ordinal) || process.ProcessName.StartsWith("nginx", StringComparison.Ordinal))
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception ex) when (ex is IOException or FormatException or ArgumentException or InvalidOperationException or UnauthorizedAccessException)
        {
        }
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(2));
            return System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
