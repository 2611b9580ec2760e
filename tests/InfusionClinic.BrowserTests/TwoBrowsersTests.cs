using System.Net;
using InfusionClinic.BrowserTests.Support;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.Playwright;

namespace InfusionClinic.BrowserTests;

/// <summary>
/// Two nurses at one chair and the desk watching the boards, each in its own browser context (own sign-in): what one
/// saves reaches the others — the other nurse's screen after its save, the day board and the recovery board within their
/// refresh interval. The boards' browser runs on Playwright's clock, fast-forwarded past the interval instead of waiting.
/// </summary>
public sealed class TwoBrowsersTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>Past the boards' 30-second refresh.</summary>
    private const string RefreshInterval = "00:31";

    /// <summary>How long an assertion waits for the screen (as the fixture's pages do: a busy build machine is slow).</summary>
    private const float Wait = 20_000;

    private static readonly DateOnly Day = new(2026, 11, 24);

    private BrowserApp App => browser.App;

    [Fact]
    public async Task CheckpointSavedAtTheChair_ReachesTheOtherNurseAndBothBoards_StaleSaveExplainsReloadsAndKeepsBothEntries()
    {
        // Through the API: a session checked in with its vitals, fasting and IV recorded; the escort is still to confirm.
        var (site, sessionId) = await App.BookOne(Day, at: "10:00");
        var session = await App.GetSession(sessionId);
        App.Clock.Set(session.GetProperty("startsAt").GetDateTimeOffset().AddMinutes(-10));
        (await (await App.ClientAs("frontdesk")).PostAsync(SessionDay.Url(sessionId, "check-in"), null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var nurse = await App.ClientAs("nurse");
        await nurse.Record(sessionId, SessionDay.Vitals());
        await nurse.Record(sessionId, SessionDay.Fasting(SchedulingSites.Local(Day.AddDays(-1), "22:00"), SchedulingSites.Local(Day, "06:30")));
        await nurse.Record(sessionId, SessionDay.IvPlaced());
        var chair = $"/chair/sessions/{sessionId}";

        await WithPagesAsync(3, async pages =>
        {
            var (a, b, desk) = (pages[0], pages[1], pages[2]);

            // The desk's browser: the day board and the recovery board, on a clock the test moves.
            await desk.Clock.InstallAsync();
            await desk.SignInAsync("frontdesk", $"/?site={site.Id}&date={SchedulingSites.Date(Day)}");
            var block = desk.Locator($"a[data-session='{sessionId}']");
            await Assertions.Expect(block).ToContainTextAsync("Escort missing", new() { Timeout = Wait });
            var recovery = await desk.Context.NewPageAsync();
            await recovery.GotoAsync($"/recovery?site={site.Id}");
            await recovery.GetByText("Nobody is in recovery").WaitForAsync();

            // Nurse A at the chair (tablet sideways), nurse B on the same session (tablet upright); B starts typing vitals.
            await a.LandscapeAsync();
            await a.SignInAsync("nurse", chair);
            await a.GetByTestId("session-status").Filter(new() { HasText = "CheckedIn" }).WaitForAsync();
            await b.PortraitAsync();
            await b.SignInAsync("nurse2", chair);
            await b.GetByTestId("session-status").Filter(new() { HasText = "CheckedIn" }).WaitForAsync();
            await b.GetByRole(AriaRole.Button, new() { Name = "Pre-infusion vitals", Exact = true }).ClickAsync();
            await b.GetByLabel("Systolic (mmHg)", new() { Exact = true }).FillAsync("131");
            await b.GetByLabel("Heart rate (bpm)", new() { Exact = true }).FillAsync("77");
            await b.GetByLabel("Temperature (°C)", new() { Exact = true }).FillAsync("36.80");

            // A confirms the escort.
            await a.RecordCheckpointAsync("Escort confirmed", ("Escort name", "Sam Example"), ("Escort phone", "07700 900123"), ("Relation to the patient", "Partner"));
            await a.Locator("li[data-kind=EscortConfirmed]").GetByTestId("author").GetByText("you").WaitForAsync();

            // Past the day board's refresh interval (the desk's clock moved on, nobody reloads) it shows the escort confirmed.
            await desk.Clock.FastForwardAsync(RefreshInterval);
            await Assertions.Expect(block).Not.ToContainTextAsync("Escort missing", new() { Timeout = Wait });

            // B saves with the version read before A's entry: told, the screen reloaded with A's entry (by name), B's form as typed.
            await b.GetByRole(AriaRole.Button, new() { Name = "Save pre-infusion vitals" }).ClickAsync();
            await b.GetByTestId("stale").GetByText("Someone else saved an entry on this session").WaitForAsync();
            await b.Locator("li[data-kind=EscortConfirmed]").GetByTestId("author").GetByText("Demo Nurse").WaitForAsync();
            await Assertions.Expect(b.GetByLabel("Systolic (mmHg)", new() { Exact = true })).ToHaveValueAsync("131", new() { Timeout = Wait });
            await Assertions.Expect(b.GetByLabel("Temperature (°C)", new() { Exact = true })).ToHaveValueAsync("36.80", new() { Timeout = Wait });
            await b.ShouldHaveNoSeriousAxeViolationsAsync();
            await b.ScreenshotAsync("chair-session-stale-portrait");
            await b.GetByLabel("Diastolic (mmHg)", new() { Exact = true }).FillAsync("80");
            await b.GetByLabel("SpO₂ (%)", new() { Exact = true }).FillAsync("97");
            await b.GetByLabel("Pain score", new() { Exact = true }).FillAsync("5");
            await b.GetByRole(AriaRole.Button, new() { Name = "Save pre-infusion vitals" }).ClickAsync();
            await b.GetByRole(AriaRole.Status).Filter(new() { HasText = "Pre-infusion vitals saved." }).WaitForAsync();
            await Assertions.Expect(b.Locator("li[data-kind=EscortConfirmed]")).ToHaveCountAsync(1, new() { Timeout = Wait });
            await Assertions.Expect(b.Locator("li[data-kind=Vitals]")).ToHaveCountAsync(2, new() { Timeout = Wait });
            await b.Locator("li[data-kind=Vitals]").GetByText("systolicMmHg: 131").WaitForAsync();

            // A's screen shows B's entry once reloaded, by B's name; nothing lost.
            await a.ReloadAsync();
            await a.Locator("li[data-kind=Vitals]").Filter(new() { HasText = "systolicMmHg: 131" }).GetByTestId("author").GetByText("Demo Nurse Two").WaitForAsync();
            await Assertions.Expect(a.Locator("li[data-kind=EscortConfirmed]")).ToHaveCountAsync(1, new() { Timeout = Wait });

            // A starts the infusion: the day board shows it infusing after its next refresh.
            App.Clock.Set(session.GetProperty("infusionStartsAt").GetDateTimeOffset());
            await a.GetByRole(AriaRole.Button, new() { Name = "Infusion start" }).ClickAsync();
            await a.GetByRole(AriaRole.Button, new() { Name = "Save infusion start" }).ClickAsync();
            await a.GetByTestId("session-status").Filter(new() { HasText = "Infusing" }).WaitForAsync();
            await desk.Clock.FastForwardAsync(RefreshInterval);
            await Assertions.Expect(block).ToContainTextAsync("Infusing", new() { Timeout = Wait });

            // A ends it and moves the patient to recovery; then the checklist (three of seven) reaches the recovery board.
            App.Clock.Set(session.GetProperty("infusionEndsAt").GetDateTimeOffset());
            await a.RecordCheckpointAsync("Infusion end", ("Total dose given", "35.50"), ("Unit", "mg"));
            await a.GetByRole(AriaRole.Button, new() { Name = "Move to recovery" }).First.ClickAsync();
            await a.GetByRole(AriaRole.Button, new() { Name = "Move to recovery" }).Last.ClickAsync();
            await a.GetByTestId("session-status").Filter(new() { HasText = "InRecovery" }).WaitForAsync();
            await recovery.Clock.FastForwardAsync(RefreshInterval);
            var row = recovery.GetByTestId("recovery-row");
            await Assertions.Expect(row).ToContainTextAsync("0 of 7", new() { Timeout = Wait });

            await a.GetByRole(AriaRole.Button, new() { Name = "Discharge checklist" }).ClickAsync();
            foreach (var box in (await a.Locator("fieldset.checklist input[type=checkbox]").AllAsync()).Take(3))
            {
                await box.CheckAsync();
            }

            await a.GetByRole(AriaRole.Button, new() { Name = "Save discharge checklist" }).ClickAsync();
            await a.GetByRole(AriaRole.Status).Filter(new() { HasText = "Discharge checklist saved." }).WaitForAsync();
            await recovery.Clock.FastForwardAsync(RefreshInterval);
            await Assertions.Expect(row).ToContainTextAsync("3 of 7", new() { Timeout = Wait });
            await Assertions.Expect(block).ToContainTextAsync("In recovery", new() { Timeout = Wait });
        });
    }


    /// <summary>Several browser contexts at once; on a failure every page's text and a screenshot go to the temp folder.</summary>
    private async Task WithPagesAsync(int count, Func<IReadOnlyList<IPage>, Task> steps)
    {
        var pages = new List<IPage>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                pages.Add(await browser.NewPageAsync());
            }

            await steps(pages);
        }
        catch (Exception)
        {
            foreach (var (page, i) in pages.SelectMany(p => p.Context.Pages).Select((p, i) => (p, i)))
            {
                browser.Log.Enqueue($"--- {nameof(TwoBrowsersTests)} page {i} failed at {page.Url}:");
                browser.Log.Enqueue(await page.InnerTextAsync("body"));
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), $"infusionclinic-failure-two-browsers-{i}.png"), FullPage = true });
            }

            throw;
        }
        finally
        {
            foreach (var page in pages)
            {
                await page.Context.CloseAsync();
            }
        }
    }
}
