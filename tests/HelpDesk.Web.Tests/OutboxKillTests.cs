using System.Diagnostics;
using System.Text;
using HelpDesk.Web.Features.Mail;
using HelpDesk.Web.Infrastructure.Mail;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace HelpDesk.Web.Tests;

/// <summary>
/// The outbox when an instance dies: the app runs as a real process sending through a real SMTP server (aiosmtpd, slowed
/// down so a batch takes seconds) and is killed with SIGKILL in the middle of a batch. Nothing it sent is sent again,
/// nothing it held is lost: another instance leaves its leased e-mails alone until the lease ends, then sends them, and
/// the server has every e-mail exactly once.
/// </summary>
public sealed class OutboxKillTests : IAsyncLifetime
{
    private const int Mails = 12;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(12); // well past five sends of 0.3 s on a busy machine
    private readonly string _folder = TestRun.TempPath("slowsmtp");
    private readonly StringBuilder _appOutput = new();
    private HelpDeskFactory _survivor = null!;
    private Process? _smtp;
    private Process? _app;
    private int _smtpPort;

    public async Task InitializeAsync()
    {
        var database = await TestCluster.CreateDatabaseAsync();
        Directory.CreateDirectory(Path.Combine(_folder, "rcpt"));
        Directory.CreateDirectory(Path.Combine(_folder, "mail"));
        _smtpPort = MailServers.FreePort();
        File.WriteAllText(Path.Combine(_folder, "smtp.py"), """
            import asyncio, os, signal, sys, uuid
            from aiosmtpd.controller import Controller

            folder, port, delay = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])

            class Slow:
                # A slow recipient check: the client waits here, mid-transaction, so a kill lands before the server has the mail.
                async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                    open(os.path.join(folder, "rcpt", uuid.uuid4().hex), "w").close()
                    await asyncio.sleep(delay)
                    envelope.rcpt_tos.append(address)
                    return "250 OK"

                async def handle_DATA(self, server, session, envelope):
                    path = os.path.join(folder, "mail", uuid.uuid4().hex)
                    with open(path + ".tmp", "wb") as f:
                        f.write(envelope.original_content or envelope.content)
                    os.rename(path + ".tmp", path + ".eml")
                    return "250 Message accepted for delivery"

            controller = Controller(Slow(), hostname="127.0.0.1", port=port)
            controller.start()
            signal.sigwait({signal.SIGTERM, signal.SIGINT})
            controller.stop()
            """);
        _smtp = Process.Start(new ProcessStartInfo("/usr/bin/python3", [Path.Combine(_folder, "smtp.py"), _folder, _smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "0.3"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        await MailServers.WaitAsync(_smtpPort, _smtp);

        _survivor = new HelpDeskFactory(database, settings: new Dictionary<string, string>
        {
            ["Mail:Smtp:Host"] = "127.0.0.1",
            ["Mail:Smtp:Port"] = _smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await _survivor.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM outbox_messages");
            db.OutboxMessages.AddRange(Enumerable.Range(0, Mails).Select(i => new OutboxMessage($"kill{i}@demo.local", $"中途被杀 {i}", "正文", DateTimeOffset.UtcNow.AddMinutes(-1))));
            return await db.SaveChangesAsync();
        });

        var app = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "HelpDesk.Web.dll")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{MailServers.FreePort()}",
            ["ConnectionStrings__HelpDesk"] = database,
            ["Seed__DemoData"] = "false",
            ["Jobs__Enabled"] = "true",
            ["Jobs__Outbox__IntervalSeconds"] = "1",
            ["Jobs__Outbox__Parallelism"] = "1",
            ["Jobs__Outbox__LeaseSeconds"] = ((int)Lease.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Only the outbox: the other jobs would queue mails of their own (the checklist's summaries, in working hours).
            ["Jobs__SlaMonitor__Enabled"] = "false",
            ["Jobs__Checklist__Enabled"] = "false",
            ["Jobs__ReportRollup__Enabled"] = "false",
            ["Jobs__QualityCheck__Enabled"] = "false",
            ["Mail__Smtp__Host"] = "127.0.0.1",
            ["Mail__Smtp__Port"] = _smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            app.Environment[key] = value;
        }

        _app = Process.Start(app)!;
        _app.OutputDataReceived += (_, e) => Collect(e.Data);
        _app.ErrorDataReceived += (_, e) => Collect(e.Data);
        _app.BeginOutputReadLine();
        _app.BeginErrorReadLine();
    }

    public async Task DisposeAsync()
    {
        foreach (var process in new[] { _app, _smtp })
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process?.Dispose();
        }

        await _survivor.DisposeAsync();
        TestRun.Delete(_folder);
    }

    [Fact]
    public async Task An_instance_killed_mid_batch_loses_and_doubles_no_email()
    {
        // The app process claims the whole batch and sends one at a time; kill it while the fifth waits on the server.
        await WaitUntilAsync(() => Directory.GetFiles(Path.Combine(_folder, "rcpt")).Length >= 5, "the app to start sending");
        _app!.Kill(); // SIGKILL: no drain, no goodbye
        await _app.WaitForExitAsync();

        var received = Received();
        Assert.Equal(4, received.Count);
        var rows = await Rows();
        Assert.Equal(received.Order(), rows.Where(r => r.Status == OutboxStatus.Sent).Select(r => r.ToAddress).Order()); // what went out is recorded
        Assert.All(rows, r => Assert.Equal(1, r.Attempts)); // every e-mail was claimed once, before anything was sent
        var leased = rows.Where(r => r.Status == OutboxStatus.Pending).ToList();
        Assert.Equal(Mails - 4, leased.Count);
        Assert.All(leased, r => Assert.True(r.NextAttemptAt > DateTimeOffset.UtcNow)); // still leased to the dead instance

        // Another instance does not take a live lease …
        Assert.Equal(new DeliverOutbox.Result(0, 0), await _survivor.SendAsync(new DeliverOutbox.Command(Lease: Lease)));

        // … and sends the dead instance's e-mails once the lease has ended.
        var sent = 0;
        await WaitUntilAsync(async () => (sent += (await _survivor.SendAsync(new DeliverOutbox.Command(Lease: Lease))).Sent) == Mails - 4, "the lease to end");

        received = Received();
        Assert.Equal(Enumerable.Range(0, Mails).Select(i => $"kill{i}@demo.local").Order(), received.Order()); // every e-mail exactly once
        rows = await Rows();
        Assert.All(rows, r => Assert.Equal(OutboxStatus.Sent, r.Status));
        Assert.Equal(Mails - 4, rows.Count(r => r.Attempts == 2));
    }

    private List<string> Received() => Directory.GetFiles(Path.Combine(_folder, "mail"), "*.eml")
        .Select(path => MimeMessage.Load(path).To.Mailboxes.Single().Address)
        .ToList();

    private Task<List<OutboxMessage>> Rows() => _survivor.WithDbAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync());

    private Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (_app is { HasExited: true } && what == "the app to start sending")
            {
                Assert.Fail($"The app exited ({_app.ExitCode}):\n{Output()}");
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(90))
            {
                Assert.Fail($"Timed out waiting for {what}. App output:\n{Output()}");
            }

            await Task.Delay(50);
        }
    }

    private void Collect(string? line)
    {
        lock (_appOutput)
        {
            _appOutput.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_appOutput)
        {
            return _appOutput.ToString();
        }
    }
}
