using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HelpDesk.Web.Tests.Infrastructure;

/// <summary>
/// A real nginx (Debian's package) as the load balancer in front of app instances: round robin over their ports, the
/// live hub's WebSocket upgrade passed through, and the replica that answered in <c>X-HelpDesk-Upstream</c> (as
/// docker/nginx/nginx.conf does). Its own loopback port and temp folder (<c>helpdesk-nginx-…</c>), stopped and
/// removed at the end.
/// </summary>
public sealed class TestNginx : IAsyncDisposable
{
    private readonly Process _process;

    private TestNginx(string directory, int port, Process process) => (Directory, Port, _process) = (directory, port, process);

    public string Directory { get; }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public static async Task<TestNginx> StartAsync(IEnumerable<string> upstreams)
    {
        var directory = TestRun.TempPath("nginx");
        System.IO.Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0x1FF); // the workers run as another user: they write their temp files here
        }
        var port = FreePort();
        var servers = string.Join("\n", upstreams.Select(u => $"        server {new Uri(u).Authority};"));
        await File.WriteAllTextAsync(Path.Combine(directory, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{directory}}/body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                upstream web {
            {{servers}}
                }
                server {
                    listen 127.0.0.1:{{port}};
                    add_header X-HelpDesk-Upstream $upstream_addr always;
                    location / {
                        proxy_pass http://web;
                        proxy_http_version 1.1;
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header Connection "";
                    }
                    location /hubs/ {
                        proxy_pass http://web;
                        proxy_http_version 1.1;
                        proxy_set_header Host $http_host;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                        proxy_read_timeout 1h;
                    }
                }
            }
            """);
        var start = new ProcessStartInfo(File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx")
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in new[] { "-p", directory + "/", "-c", Path.Combine(directory, "nginx.conf"), "-e", Path.Combine(directory, "error.log") })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("nginx is not installed: apt-get install nginx", ex);
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var nginx = new TestNginx(directory, port, process);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await nginx.ListensAsync())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var log = File.Exists(Path.Combine(directory, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(directory, "error.log")) : string.Empty;
                await nginx.DisposeAsync();
                throw new InvalidOperationException($"nginx did not start on port {port}: {log}");
            }

            await Task.Delay(50);
        }

        return nginx;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        // The workers are the master's children: gone with it (entireProcessTree), or they exit when it does.
        _process.Dispose();
        TestRun.Delete(Directory);
    }

    private async Task<bool> ListensAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
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
