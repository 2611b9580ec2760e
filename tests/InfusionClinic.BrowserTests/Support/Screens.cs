using Deque.AxeCore.Playwright;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.Playwright;

namespace InfusionClinic.BrowserTests.Support;

/// <summary>What every browser test does: sign in, check a screen with axe, save its screenshot.</summary>
public static class Screens
{
    /// <summary>Signs in through the sign-in page as a demo account (frontdesk, nurse, clinician, admin).</summary>
    public static async Task SignInAsync(this IPage page, string account, string path = "/")
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(path);
        await page.GetByLabel("Email").FillAsync($"{account}@demo.clinic");
        await page.GetByLabel("Password").FillAsync(ApiFactory.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).WaitForAsync();
    }

    /// <summary>axe-core on the page as it is: no serious or critical violation.</summary>
    public static async Task ShouldHaveNoSeriousAxeViolationsAsync(this IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")
            .ToList();
        serious.Should().BeEmpty();
    }

    /// <summary>On the session at the chair: opens a checkpoint's form, fills its fields by label, saves it and waits for
    /// the screen to say it is saved.</summary>
    public static async Task RecordCheckpointAsync(this IPage page, string form, params (string Label, string Value)[] fields)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(form);
        await page.GetByRole(AriaRole.Button, new() { Name = form, Exact = true }).ClickAsync();
        foreach (var (label, value) in fields)
        {
            await page.GetByLabel(label, new() { Exact = true }).FillAsync(value);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Save " + form.ToLowerInvariant() }).ClickAsync();
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = form + " saved." }).WaitForAsync();
    }

    /// <summary>Opens the select with this label and picks the option with this name.</summary>
    public static async Task PickAsync(this IPage page, string label, string option)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GetByLabel(label, new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
    }

    /// <summary>Types a date (yyyy-MM-dd) into the "Start date" picker and leaves it.</summary>
    public static async Task EnterStartDateAsync(this IPage page, string date)
    {
        ArgumentNullException.ThrowIfNull(page);
        var box = page.GetByRole(AriaRole.Textbox, new() { Name = "Start date" });
        await box.FillAsync(date);
        await box.PressAsync("Enter");
        await box.PressAsync("Tab");
    }

    /// <summary>Writes <c>docs/screenshots/{screen}.png</c> (the README shows them).</summary>
    public static async Task ScreenshotAsync(this IPage page, string screen)
    {
        ArgumentNullException.ThrowIfNull(page);
        var dir = Path.Combine(RepoRoot(), "docs", "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, screen + ".png"), FullPage = true });
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "InfusionClinic.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("InfusionClinic.sln not found above the test folder");
    }

}
