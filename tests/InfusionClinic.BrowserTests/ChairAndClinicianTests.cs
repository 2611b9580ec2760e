using System.Text.Json;
using System.Text.RegularExpressions;
using InfusionClinic.BrowserTests.Support;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.Playwright;

namespace InfusionClinic.BrowserTests;

/// <summary>
/// The clinician's and the nurse's screens in a real browser, at a tablet's viewport, each role signed in in its own
/// browser context. The fake clock of the app moves the day on (a decision is signed at the consultation, the recovery
/// time elapses); the browser waits on what the screen shows, never on a fixed delay.
/// </summary>
public sealed partial class ChairAndClinicianTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private BrowserApp App => browser.App;

    [Fact]
    public async Task Journey_ClinicianDecidesAndPlans_DeskBooksAndChecksIn_NurseRunsTheDayToCheckOut()
    {
        // Front desk: a registered patient's consultation booked on the consultations screen at a free time (the slot,
        // ten minutes ahead on the app's clock; London in winter: local = UTC); then the clock moves to the consultation.
        var slot = App.PastSlot();
        App.Clock.Set(slot.AddMinutes(-10));
        var patientId = await App.NewPatient();
        var slotText = slot.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        await browser.OnNewPageAsync(async page =>
        {
            await page.SignInAsync("frontdesk", $"/consultations?patientId={patientId}");
            await page.GetByRole(AriaRole.Heading, new() { Name = "Book a consultation" }).WaitForAsync();
            await page.PickAsync("Clinician", "Demo Clinician");
            await page.PickAsync("Consult room", "Consult room A");
            await page.EnterStartDateAsync(slotText[..10]);
            await page.GetByLabel("Start time (Europe/London)").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = slotText[11..], Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Book consultation" }).ClickAsync();
            await page.GetByText("Consultation booked for").WaitForAsync();
        });
        var booked = await (await (await App.ClientAs("frontdesk")).GetAsync($"/api/v1/consultations?patientId={patientId}")).ShouldBeOk<JsonElement>();
        var consultationId = booked.GetProperty("items").EnumerateArray().Should().ContainSingle().Subject.GetProperty("id").GetGuid();
        App.Clock.Set(slot.AddMinutes(5));

        // Clinician: screening, consent, decision.
        Guid planId = default;
        await browser.OnNewPageAsync(async page =>
        {
            await Tablet(page);
            await page.SignInAsync("clinician", $"/consultations/{consultationId}/record");
            await page.GetByRole(AriaRole.Heading, new() { Name = "Consultation record" }).WaitForAsync();
            await page.GetByLabel("History notes").FillAsync("CRPS of the left foot for 3 years.");
            foreach (var item in await page.Locator("fieldset.screening-item").AllAsync())
            {
                await item.GetByText("No", new() { Exact = true }).ClickAsync();
            }

            await page.GetByRole(AriaRole.Button, new() { Name = "Save screening" }).ClickAsync();
            await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Screening saved." }).WaitForAsync();

            await page.GetByLabel("Consent form version").FillAsync("KET-CONSENT-v3");
            await page.GetByLabel("Signed at (site time)").FillAsync(slot.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
            await page.GetByRole(AriaRole.Button, new() { Name = "Record consent" }).ClickAsync();
            await page.GetByTestId("consent").Filter(new() { HasText = "in force" }).WaitForAsync();

            await ChooseAsync(page, "decision", "Eligible");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign the decision" }).ClickAsync();
            await page.GetByTestId("decision-versions").GetByText("Eligible").WaitForAsync();
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
            await page.ScreenshotAsync("consultation-record");
            await UprightAsync(page, "consultation-record-portrait");

        });

        // The plan, a year on (a new sign-in: the first one has expired by then), every value typed by the clinician; the dose keeps its "0.50".
        App.Clock.Set(FakeClock.DefaultStart);
        await browser.OnNewPageAsync(async page =>
        {
            await Tablet(page);
            await page.SignInAsync("clinician", $"/consultations/{consultationId}/record");
            await page.GetByRole(AriaRole.Link, new() { Name = "Enter a treatment plan" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "New treatment plan" }).WaitForAsync();
            await ChooseAsync(page, "plan-indication", "CRPS");
            await ChooseAsync(page, "plan-setting", "Outpatient");
            await page.GetByLabel("Sessions").FillAsync("3");
            await page.GetByLabel("Every N days").FillAsync("7");
            await page.GetByLabel("Window from (HH:mm)").FillAsync("08:00");
            await page.GetByLabel("Window to (HH:mm)").FillAsync("16:00");
            await page.GetByLabel("Preparation (min)").FillAsync("15");
            await page.GetByLabel("Infusion (min)").FillAsync("40");
            await page.GetByLabel("Recovery (min)").FillAsync("30");
            await page.GetByLabel("Fasting (hours)").FillAsync("6.0");
            await ChooseAsync(page, "plan-escort", "Yes");
            await page.GetByLabel("Valid until").FillAsync("2027-12-31");
            await page.GetByLabel("Drug").FillAsync("Ketamine");
            await page.GetByLabel("Dose", new() { Exact = true }).FillAsync("0.50");
            await ChooseAsync(page, "plan-dose-unit-0", "mg/kg");
            await page.GetByLabel("Rate", new() { Exact = true }).FillAsync("0.25");
            await ChooseAsync(page, "plan-rate-unit-0", "mg/kg/h");
            await ChooseAsync(page, "plan-route-0", "IV");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save the plan" }).ClickAsync();
            // The app moves to the saved plan in the page (no load event): wait on what it shows.
            var versions = page.GetByTestId("plan-versions");
            await versions.WaitForAsync();
            await Assertions.Expect(page).ToHaveURLAsync(PlanUrl());
            await versions.GetByText("Ketamine 0.50 mg/kg at 0.25 mg/kg/h IV").WaitForAsync();
            (await versions.InnerTextAsync()).Should().Contain("fasting 6.0 h");
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
            await page.ScreenshotAsync("plan");
            await UprightAsync(page, "plan-portrait");
            planId = Guid.Parse(PlanUrl().Match(page.Url).Groups["id"].Value);
        });

        // Front desk books the series on its booking screen, the morning of the first session, then checks the patient in
        // at the desk (the clock is set before signing in: a later jump of a day would end the sign-in).
        var day = new DateOnly(2026, 11, 24);
        var site = await App.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [day, day.AddDays(7), day.AddDays(14)] });
        var room = await App.AddConsultRoom(site.Id);
        App.Clock.Set(new DateTimeOffset(2026, 11, 24, 7, 0, 0, TimeSpan.Zero));
        Guid sessionId = default;
        await browser.OnNewPageAsync(async page =>
        {
            await page.SignInAsync("frontdesk", $"/series/book?planId={planId}&site={site.Id}");
            var firstDate = page.GetByLabel("First date");
            await firstDate.FillAsync("2026-11-24");
            await firstDate.PressAsync("Enter");
            await page.GetByRole(AriaRole.Button, new() { Name = "Search availability" }).ClickAsync();
            await page.GetByText("How the plan fits").WaitForAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Book 3 sessions" }).ClickAsync();
            await page.GetByTestId("series-booked").WaitForAsync();
            await page.GetByText("Session 1:").ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "At the desk" }).WaitForAsync();
            sessionId = Guid.Parse(SessionUrl().Match(page.Url).Groups["id"].Value);
            await page.GetByRole(AriaRole.Button, new() { Name = "Check in", Exact = true }).ClickAsync();
            await page.GetByText("Checked in.", new() { Exact = true }).WaitForAsync();
        });
        var session = await App.GetSession(sessionId);
        session.GetProperty("localStart").GetDateTime().Date.Should().Be(new DateTime(2026, 11, 24));

        // Nurse at the chair: the tablet's clock is the clinic's day; My chairs today lists the session, a tap opens it.
        await browser.OnNewPageAsync(async page =>
        {
            await page.Clock.InstallAsync(new() { TimeDate = App.Clock.GetUtcNow().UtcDateTime });
            await Tablet(page);
            await page.SignInAsync("nurse", $"/chairs?site={site.Id}");
            var mine = page.GetByTestId("chair-session").Filter(new() { HasText = "CheckedIn" });
            await mine.WaitForAsync();
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
            await page.ScreenshotAsync("my-chairs");
            await UprightAsync(page, "my-chairs-portrait", touchTargets: true);
            await mine.ClickAsync();
            await page.WaitForURLAsync($"**/chair/sessions/{sessionId}");
            await page.GetByTestId("session-status").Filter(new() { HasText = "CheckedIn" }).WaitForAsync();

            // The start, too early: refused with exactly the steps the API names.
            await page.GetByRole(AriaRole.Button, new() { Name = "Infusion start" }).ClickAsync();
            await Assertions.Expect(page.GetByLabel("Dose", new() { Exact = true })).ToHaveValueAsync("0.50");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save infusion start" }).ClickAsync();
            var refusal = page.GetByTestId("gate-refusal");
            await refusal.WaitForAsync();
            (await refusal.Locator("li").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.step)"))
                .Should().Equal("PreInfusionVitals", "FastingConfirmed", "EscortConfirmed");
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
            await page.ScreenshotAsync("chair-session-refused-start");
            await UprightAsync(page, "chair-session-refused-start-portrait", touchTargets: true);

            await page.RecordCheckpointAsync("Pre-infusion vitals", ("Systolic (mmHg)", "182"), ("Diastolic (mmHg)", "82"), ("Heart rate (bpm)", "74"),
                ("SpO₂ (%)", "98"), ("Temperature (°C)", "36.60"), ("Pain score", "6"));
            await page.RecordCheckpointAsync("Fasting confirmed", ("Last food (site time)", "2026-11-23T22:00"), ("Last drink (site time)", "2026-11-24T06:30"));
            await page.RecordCheckpointAsync("Escort confirmed", ("Escort name", "Sam Example"), ("Escort phone", "07700 900123"), ("Relation to the patient", "Partner"));

            // A correction, shown beside what it supersedes.
            await page.GetByRole(AriaRole.Button, new() { Name = "Correct this entry: Pre-infusion vitals" }).ClickAsync();
            await page.GetByLabel("Systolic (mmHg)").FillAsync("128");
            await page.GetByLabel("Reason for the correction").FillAsync("Typed 182 for 128");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save the correction" }).ClickAsync();
            await page.GetByText("correction: Typed 182 for 128").WaitForAsync();
            await Assertions.Expect(page.Locator("li.superseded[data-kind=Vitals]")).ToHaveCountAsync(1);
            await page.GetByTestId("gate-infusion-clear").WaitForAsync();

            App.Clock.Set(session.GetProperty("infusionStartsAt").GetDateTimeOffset());
            await page.GetByRole(AriaRole.Button, new() { Name = "Infusion start" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Save infusion start" }).ClickAsync();
            await page.GetByTestId("session-status").Filter(new() { HasText = "Infusing" }).WaitForAsync();
            await page.Locator("li[data-kind=InfusionStarted]").GetByText("dose: 0.50").WaitForAsync();

            App.Clock.Set(session.GetProperty("infusionEndsAt").GetDateTimeOffset());
            await page.RecordCheckpointAsync("Infusion end", ("Total dose given", "35.50"), ("Unit", "mg"));
            await page.Locator("li[data-kind=InfusionEnded]").GetByText("totalDose: 35.50").WaitForAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "Move to recovery" }).First.ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Move to recovery" }).Last.ClickAsync();
            await page.GetByTestId("session-status").Filter(new() { HasText = "InRecovery" }).WaitForAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "Discharge checklist" }).ClickAsync();
            foreach (var box in await page.Locator("fieldset.checklist input[type=checkbox]").AllAsync())
            {
                await box.CheckAsync();
            }

            await page.PortraitAsync();
            (await page.SmallTouchTargetsAsync()).Should().BeEmpty("the checklist is ticked with a finger");
            await page.LandscapeAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "Save discharge checklist" }).ClickAsync();
            await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Discharge checklist saved." }).WaitForAsync();
            // The recovery time is not over yet: the gate panel says so, from the recovery board's answer.
            await page.GetByTestId("gate-panel").GetByText("RecoveryTimeElapsed").WaitForAsync();
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
            await page.ScreenshotAsync("chair-session");
            await UprightAsync(page, "chair-session-portrait", touchTargets: true);

            await page.GotoAsync($"/recovery?site={site.Id}");
            await page.GetByTestId("recovery-row").GetByText("7 of 7").WaitForAsync();
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
            await page.ScreenshotAsync("recovery-board");
            await UprightAsync(page, "recovery-board-portrait", touchTargets: true);

            App.Clock.Set(session.GetProperty("infusionEndsAt").GetDateTimeOffset().AddMinutes(31));
            await page.GotoAsync($"/chair/sessions/{sessionId}");
            await page.GetByTestId("gate-checkout-clear").WaitForAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Check out" }).ClickAsync();
            await page.GetByTestId("session-status").Filter(new() { HasText = "Discharged" }).WaitForAsync();
        });

        // The follow-up after this session, booked through the API (the consultation booking screen is the desk's), that
        // afternoon; the clinician assesses it on the follow-up screen, decides Booster and signs the booster plan.
        var me = await (await (await App.ClientAs("clinician")).GetAsync("/api/v1/auth/me")).ShouldBeOk<JsonElement>();
        var followUp = await (await (await App.ClientAs("frontdesk")).PostJson("/api/v1/follow-ups", new
        {
            seriesId = session.GetProperty("seriesId").GetGuid(),
            afterSessionId = sessionId,
            clinicianId = me.GetProperty("id").GetGuid(),
            consultRoomId = room,
            localStart = "2026-11-24T14:00",
            durationMinutes = 30,
        })).ShouldBeOk<JsonElement>(System.Net.HttpStatusCode.Created);
        App.Clock.Set(followUp.GetProperty("startsAt").GetDateTimeOffset().AddMinutes(5));
        await browser.OnNewPageAsync(async page =>
        {
            await Tablet(page);
            await page.SignInAsync("clinician", $"/follow-ups/{ClinicalPath.IdOf(followUp)}");
            await page.GetByRole(AriaRole.Heading, new() { Name = "Follow-up assessment" }).WaitForAsync();
            await page.GetByLabel("Pain before (0–10)").FillAsync("8");
            await page.GetByLabel("Pain after (0–10)").FillAsync("3");
            await ChooseAsync(page, "follow-up-opioid", "Reduced");
            await page.GetByLabel("Side effects").FillAsync("Mild dizziness in recovery");
            await ChooseAsync(page, "follow-up-decision", "Booster");
            await page.GetByLabel("Booster sessions").FillAsync("2");
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
            await page.ScreenshotAsync("follow-up-assessment");
            await UprightAsync(page, "follow-up-assessment-portrait", touchTargets: true);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign the assessment" }).ClickAsync();
            await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "a booster plan was drafted" }).WaitForAsync();
            (await page.GetByTestId("assessment-versions").InnerTextAsync()).Should().Contain("decision: Booster").And.Contain("signed by Demo Clinician");

            await page.GetByRole(AriaRole.Link, new() { Name = "open it to review and sign" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign this plan" }).ClickAsync();
            await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Plan signed." }).WaitForAsync();
            await page.GetByText("signed · bookable").WaitForAsync();
            (await page.GetByTestId("plan-versions").InnerTextAsync()).Should().Contain("2 sessions").And.Contain("Ketamine 0.50 mg/kg");
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
            await page.ScreenshotAsync("booster-plan");
        });
    }

    private static Task Tablet(IPage page) => page.LandscapeAsync();

    /// <summary>The same screen on the tablet held upright (768×1024): axe, its screenshot, and (when asked) every target
    /// at least 44 px; then sideways again.</summary>
    private static async Task UprightAsync(IPage page, string screenshot, bool touchTargets = false)
    {
        await page.PortraitAsync();
        if (touchTargets)
        {
            (await page.SmallTouchTargetsAsync()).Should().BeEmpty($"{screenshot} is used with a finger");
        }

        await page.ShouldHaveNoSeriousAxeViolationsAsync();
        // From the top: a full-page screenshot of a scrolled page draws the fixed app bar half-way down.
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(screenshot);
        await page.LandscapeAsync();
    }


    /// <summary>Opens a MudSelect (by its test id) and picks an option by its text.</summary>
    private static async Task ChooseAsync(IPage page, string testId, string option)
    {
        await page.GetByTestId(testId).ClickAsync();
        await page.Locator(".mud-popover-open").GetByText(option, new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
    }

    private static Regex PlanUrl() => PlanPath();

    [GeneratedRegex("/plans/(?<id>[0-9a-f-]{36})$")]
    private static partial Regex PlanPath();

    private static Regex SessionUrl() => SessionPath();

    [GeneratedRegex("/sessions/(?<id>[0-9a-f-]{36})$")]
    private static partial Regex SessionPath();
}
