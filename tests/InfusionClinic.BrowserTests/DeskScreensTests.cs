using InfusionClinic.BrowserTests.Support;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.Playwright;

namespace InfusionClinic.BrowserTests;

/// <summary>
/// The desk's booking screens in a real browser: a series booked from a plan signed through the API, then the session at
/// the desk (a refused time offers alternatives, one is chosen; check-in). Same fixture as the other browser tests.
/// </summary>
public sealed class DeskScreensTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private BrowserApp App => browser.App;

    [Fact]
    public async Task FrontDesk_BooksSeriesForSignedPlan_ChoosesAnAlternativeAndChecksIn()
    {
        var first = new DateOnly(2026, 11, 24);
        // The morning of the first session (check-in takes the session's day); set before signing in, since a later jump
        // of the clock would end the sign-in.
        App.Clock.Set(new DateTimeOffset(2026, 11, 24, 7, 0, 0, TimeSpan.Zero));
        var site = await App.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [first, first.AddDays(7)] });
        var plan = await App.SchedulingPlan(preparation: 15, infusion: 40, recovery: 30, sessionCount: 2, spacingDays: 7);

        await browser.OnNewPageAsync(async page =>
        {
            await page.SignInAsync("frontdesk", $"/series/book?planId={ClinicalPath.IdOf(plan)}&site={site.Id}");
            var firstDate = page.GetByLabel("First date");
            await firstDate.FillAsync("2026-11-24");
            await firstDate.PressAsync("Enter");
            await page.GetByRole(AriaRole.Button, new() { Name = "Search availability" }).ClickAsync();
            await page.GetByText("How the plan fits").WaitForAsync();
            await page.GetByRole(AriaRole.Cell, new() { Name = "Tue 1 Dec 2026" }).WaitForAsync();
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
            await page.ScreenshotAsync("series-booking");

            await page.GetByRole(AriaRole.Button, new() { Name = "Book 2 sessions" }).ClickAsync();
            await page.GetByTestId("series-booked").WaitForAsync();
            await page.ScreenshotAsync("series-booked");

            await page.GetByText("Session 1:").ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "At the desk" }).WaitForAsync();

            // A time the session does not fit (the last start of the day): the 409's alternatives are offered; one is taken.
            await page.GetByRole(AriaRole.Button, new() { Name = "Reschedule", Exact = true }).ClickAsync();
            var newDate = page.GetByRole(AriaRole.Textbox, new() { Name = "New start date" });
            await newDate.FillAsync("2026-11-24");
            await newDate.PressAsync("Enter");
            await newDate.PressAsync("Tab");
            await page.GetByLabel("New start time (Europe/London)").ClickAsync();
            await page.GetByRole(AriaRole.Option).Last.ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Move the session" }).ClickAsync();
            await page.GetByText("Choose an alternative").WaitForAsync();
            await page.GetByText("session.does_not_fit").WaitForAsync();
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
            await page.ScreenshotAsync("session-reschedule-alternatives");
            await page.GetByText("Move to ").First.ClickAsync();
            await page.GetByText("Moved to ").WaitForAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "Check in" }).ClickAsync();
            await page.GetByText("Checked in.").WaitForAsync();
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
            await page.ScreenshotAsync("session-desk");
        });
    }
}
