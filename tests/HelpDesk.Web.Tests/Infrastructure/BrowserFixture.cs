using HelpDesk.Web.Data.Seed;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace HelpDesk.Web.Tests.Infrastructure;

/// <summary>
/// The app on a real Kestrel port with its own database, and Debian's Chromium driven by Playwright (headless,
/// no sandbox, no background networking: this machine has no network). Set HELPDESK_SCREENSHOTS to a folder to
/// keep a screenshot of each step.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public HelpDeskFactory Factory { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Factory = new HelpDeskFactory(await TestCluster.CreateDatabaseAsync(), services: ConfigureServices);
        Factory.UseKestrel(0);
        Factory.StartServer();
        BaseUrl = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>Service overrides for the app under test (a test clock, say).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await Factory.DisposeAsync();
    }

    /// <summary>
    /// A fresh browser context (own cookies) in zh-CN, failing the test on any script or CSP error. The CSP is bypassed
    /// only to inject a test tool (axe-core) into the page; the app's own pages never need it.
    /// </summary>
    public async Task<(IPage Page, List<string> Errors)> NewPageAsync(string locale = "zh-CN", ViewportSize? viewport = null, bool bypassCsp = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = locale,
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 800 },
            BypassCSP = bypassCsp,
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return (page, errors);
    }

    public static async Task SignInAsync(IPage page, string email, string password = DemoSeeder.Password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", password);
        await page.ClickAsync("#login-submit");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        // The test output (bin/.../screenshots) unless HELPDESK_SCREENSHOTS names another folder: every run leaves them to look at.
        var folder = Environment.GetEnvironmentVariable("HELPDESK_SCREENSHOTS") is { Length: > 0 } chosen ? chosen : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}

/// <summary>The browser fixture on a test clock: Monday 23 November 2026, 16:00 in Shanghai.</summary>
public sealed class ClockedBrowserFixture : BrowserFixture
{
    public FakeTimeProvider Clock { get; } = TestClock.At(new DateTimeOffset(2026, 11, 23, 16, 0, 0, TimeSpan.FromHours(8)));

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}
