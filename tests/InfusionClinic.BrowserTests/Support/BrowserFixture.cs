using Microsoft.Playwright;

namespace InfusionClinic.BrowserTests.Support;

/// <summary>One app and one Chromium per test class; each test opens its own context (its own cookies).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium (<c>apt-get install -y chromium</c>); a browser is never downloaded.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Without the background-networking flags Chromium floods the closed network (DEPENDENCIES.md).</summary>
    public static readonly string[] ChromiumFlags =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private IPlaywright? _playwright;

    public BrowserApp App { get; } = new();

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Console messages, page errors and refused requests of every page, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Log { get; } = new();

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: apt-get install -y chromium (.ci/run does it).");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumFlags,
        });
    }

    /// <summary>A fresh browser context (no cookies) with a page at the app's address; a page waits at most 20 s for a
    /// condition (the first load compiles nothing, but a busy build machine is slow).</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl,
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            Locale = "en-GB",
            // The browser's own zone differs from the site's on purpose: every time on screen must be the site's.
            TimezoneId = "America/New_York",
            // The app drops its transitions for reduced motion, so axe never measures a colour half-way through a
            // fade (a button turning from filled to outlined once failed colour contrast mid-transition).
            ReducedMotion = ReducedMotion.Reduce,
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        // What the browser said, for a failing test's output (see Log).
        page.Console += (_, m) => Log.Enqueue($"console {m.Type}: {m.Text}");
        page.PageError += (_, e) => Log.Enqueue($"page error: {e}");
        page.Response += (_, r) =>
        {
            if (r.Status >= 400)
            {
                Log.Enqueue($"{r.Request.Method} {r.Url} → {r.Status}");
            }
        };
        return page;
    }

    /// <summary>Runs a test's steps on a new page; when a step fails, the page's text and a screenshot go to the temp
    /// folder (infusionclinic-browsertests.log / -failure-{name}.png) before the failure is rethrown.</summary>
    public async Task OnNewPageAsync(Func<IPage, Task> steps, [System.Runtime.CompilerServices.CallerMemberName] string name = "")
    {
        ArgumentNullException.ThrowIfNull(steps);
        var page = await NewPageAsync();
        try
        {
            await steps(page);
        }
        catch (Exception)
        {
            Log.Enqueue($"--- {name} failed at {page.Url}:");
            Log.Enqueue(await page.InnerTextAsync("body"));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), $"infusionclinic-failure-{name}.png"), FullPage = true });
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    public async Task DisposeAsync()
    {
        await File.WriteAllLinesAsync(Path.Combine(Path.GetTempPath(), "infusionclinic-browsertests.log"), Log);
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}
