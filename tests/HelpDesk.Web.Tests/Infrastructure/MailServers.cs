using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HelpDesk.Web.Tests.Infrastructure;

/// <summary>
/// Real mail servers for the channel tests, each in a temp folder of its own (removed on dispose): Debian's Dovecot
/// (IMAP, plain login on loopback, Maildir, one user) and aiosmtpd (SMTP into a Maildir). Installed by .ci/run.
/// </summary>
public sealed class MailServers : IAsyncLifetime
{
    public const string User = "service";
    public const string Password = "imap-secret-for-tests";

    private readonly string _folder = TestRun.TempPath("mailservers");
    private Process? _dovecot;
    private Process? _smtp;

    public int ImapPort { get; private set; }

    public int SmtpPort { get; private set; }

    /// <summary>Where aiosmtpd writes what it receives (Maildir: new/).</summary>
    public string SmtpMaildir => Path.Combine(_folder, "smtp");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        ImapPort = FreePort();
        SmtpPort = FreePort();
        var (uid, gid) = (Id("-u", "dovecot"), Id("-g", "dovecot"));
        foreach (var sub in new[] { "run", "state", "mail" })
        {
            Directory.CreateDirectory(Path.Combine(_folder, sub));
        }

        Run("chown", $"-R dovecot:dovecot {Path.Combine(_folder, "mail")}");
        File.WriteAllText(Path.Combine(_folder, "users"), $"{User}:{{PLAIN}}{Password}\n");
        File.WriteAllText(Path.Combine(_folder, "dovecot.conf"), $$"""
            base_dir = {{_folder}}/run
            state_dir = {{_folder}}/state
            log_path = {{_folder}}/dovecot.log
            protocols = imap
            listen = 127.0.0.1
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            mail_location = maildir:{{_folder}}/mail/%u
            first_valid_uid = {{uid}}
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{_folder}}/users
            }
            userdb {
              driver = static
              args = uid={{uid}} gid={{gid}} home={{_folder}}/mail/%u
            }
            service imap-login {
              chroot =
              inet_listener imap {
                address = 127.0.0.1
                port = {{ImapPort}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            service anvil {
              chroot =
            }
            """);
        _dovecot = Start("/usr/sbin/dovecot", $"-F -c {_folder}/dovecot.conf");
        _smtp = Start("/usr/bin/python3", $"-m aiosmtpd -n -l 127.0.0.1:{SmtpPort} -c aiosmtpd.handlers.Mailbox {SmtpMaildir}");
        await WaitAsync(ImapPort, _dovecot);
        await WaitAsync(SmtpPort, _smtp);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in new[] { _dovecot, _smtp })
        {
            if (process is { HasExited: false })
            {
                Run("kill", $"-TERM {process.Id}");
                if (!process.WaitForExit(5000))
                {
                    process.Kill(entireProcessTree: true);
                }
            }

            process?.Dispose();
        }

        await Task.Delay(200);
        TestRun.Delete(_folder);
    }

    /// <summary>The mails aiosmtpd received so far, raw.</summary>
    public IReadOnlyList<byte[]> Received() =>
        Directory.Exists(Path.Combine(SmtpMaildir, "new")) ? Directory.GetFiles(Path.Combine(SmtpMaildir, "new")).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList() : [];

    private static Process Start(string file, string arguments) =>
        Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })
        ?? throw new InvalidOperationException($"{file} did not start");

    /// <summary>Waits until <paramref name="process"/> answers on <paramref name="port"/> (and fails with its error output if it exits).</summary>
    internal static async Task WaitAsync(int port, Process process)
    {
        for (var i = 0; i < 100; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.StartInfo.FileName} exited: {await process.StandardError.ReadToEndAsync()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"nothing answers on port {port}");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Id(string flag, string user) => Run("id", $"{flag} {user}").Trim();

    private static string Run(string file, string arguments)
    {
        using var process = Start(file, arguments);
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{file} {arguments}: {process.StandardError.ReadToEnd()}");
    }
}
