using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using InfusionClinic.BrowserTests.Support;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.Playwright;

namespace InfusionClinic.BrowserTests;

/// <summary>
/// The front desk's first screens in a real browser against the real app: sign-in, the day board, the session, patients.
/// Elements are found by role and label, as a screen reader finds them; each screen is checked with axe and saved as a
/// screenshot in docs/screenshots. One app and one Chromium for the class; each test has its own browser context.
/// </summary>
public sealed partial class FrontDeskTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private BrowserApp App => browser.App;

    [Fact]
    public async Task FrontDesk_SignsIn_SeesSessionBookedThroughTheApiOnTheBoardAndOpensIt()
    {
        var day = new DateOnly(2026, 11, 24);
        var (site, sessionId) = await App.BookOne(day, at: "10:00");
        await browser.OnNewPageAsync(async page =>
        {
            await page.GotoAsync("/");
            await page.WaitForURLAsync(SignInUrl());
            await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }).WaitForAsync();
            // The context asks for reduced motion: the app's buttons then have no transition to catch half-way.
            (await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })
                .EvaluateAsync<double[]>("b => getComputedStyle(b).transitionDuration.split(',').map(d => parseFloat(d))")).Should().OnlyContain(d => d < 0.001);
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
            await page.ScreenshotAsync("sign-in");

            await page.SignInAsync("frontdesk", $"/?site={site.Id}&date=2026-11-24");
            var block = page.Locator($"a[data-session='{sessionId}']");
            await block.WaitForAsync();
            (await block.InnerTextAsync()).Should().Contain("10:00").And.Contain("Scheduled").And.Contain("Escort missing");
            // The site's zone is named on screen; the browser's (New York) is not used.
            await page.GetByText("times in Europe/London").First.WaitForAsync();
            await page.GetByRole(AriaRole.Group, new() { Name = "Recovery Bay 01" }).WaitForAsync();
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
            await page.ScreenshotAsync("day-board");

            await block.ClickAsync();
            await page.WaitForURLAsync($"**/sessions/{sessionId}");
            await page.GetByRole(AriaRole.Heading, new() { Name = "Session" }).First.WaitForAsync();
            await page.GetByText("Required, not confirmed").WaitForAsync();
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
            await page.ScreenshotAsync("session");
        });
    }

    [Fact]
    public async Task FrontDesk_RegistersPatient_SeesTheRecordAndFindsItBySearch()
    {
        await browser.OnNewPageAsync(async page =>
        {
            await page.SignInAsync("frontdesk", "/patients");

            await page.GetByRole(AriaRole.Link, new() { Name = "Register a patient" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "Register a patient" }).WaitForAsync();
            await page.GetByLabel("Given name").FillAsync("Ada");
            await page.GetByLabel("Family name").FillAsync("Browserford");
            await page.GetByLabel("Date of birth").FillAsync("1975-06-01");
            await page.GetByLabel("Phone", new() { Exact = true }).FillAsync("07700 900321");
            await page.GetByLabel("Identifier").FillAsync("WEB-0001");
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
            await page.ScreenshotAsync("patient-register");
            await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();

            await page.GetByRole(AriaRole.Heading, new() { Name = "Ada Browserford" }).WaitForAsync();
            await page.GetByText("+447700900321").WaitForAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "Timeline" }).WaitForAsync();
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
            await page.ScreenshotAsync("patient");

            await page.GetByRole(AriaRole.Link, new() { Name = "Patients" }).ClickAsync();
            await page.GetByLabel("Name").FillAsync("Browserford");
            await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Browserford, Ada" }).WaitForAsync();
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
            await page.ScreenshotAsync("patients");
        });
    }

    [Fact]
    public async Task FrontDesk_SavesPatientSomeoneElseChanged_IsToldAndReloadsTheirVersion()
    {
        var patientId = await App.NewPatient();
        await browser.OnNewPageAsync(async page =>
        {
            await page.SignInAsync("frontdesk", $"/patients/{patientId}/edit");
            var phone = page.GetByLabel("Phone", new() { Exact = true });
            await phone.WaitForAsync();

            // Another clerk saves the record after this page read it.
            var other = await App.ClientAs("frontdesk");
            var url = $"/api/v1/patients/{patientId}";
            var current = await (await other.GetAsync(url)).ShouldBeOk<JsonElement>();
            var body = Demo.PatientBody(await App.SiteId());
            body.Remove("externalIds");
            body["familyName"] = "Changed-Elsewhere";
            (await other.PutJson(url, body, current.VersionTag())).StatusCode.Should().Be(HttpStatusCode.OK);

            await phone.FillAsync("07700 900999");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
            var alert = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Someone else changed this record" });
            await alert.WaitForAsync();
            (await alert.InnerTextAsync()).Should().Contain("precondition_failed");
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
            await page.ScreenshotAsync("patient-edit-conflict");

            await page.GetByRole(AriaRole.Button, new() { Name = "Reload the latest version" }).ClickAsync();
            await Assertions.Expect(page.GetByLabel("Family name")).ToHaveValueAsync("Changed-Elsewhere");
            await Assertions.Expect(alert).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task FrontDesk_OpensPageSignedOut_SignsInReturnsThereAndSignsOut()
    {
        await browser.OnNewPageAsync(async page =>
        {
            await page.GotoAsync("/patients");
            await page.WaitForURLAsync(SignInUrl());
            page.Url.Should().Contain("returnUrl=patients");
            await page.GetByLabel("Email").FillAsync("frontdesk@demo.clinic");
            await page.GetByLabel("Password").FillAsync("not-the-password");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "auth." }).WaitForAsync();

            await page.GetByLabel("Password").FillAsync(ApiFactory.DemoPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync("**/patients");
            await page.GetByRole(AriaRole.Heading, new() { Name = "Patients" }).WaitForAsync();
            // Front desk sees its menu; not the admin's.
            await page.GetByRole(AriaRole.Link, new() { Name = "Day board" }).WaitForAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await page.WaitForURLAsync(SignInUrl());
            await page.GotoAsync("/");
            await page.WaitForURLAsync(SignInUrl());
            (await page.Context.CookiesAsync()).Should().NotContain(c => c.Name == "clinic.auth");
        });
    }

    private static Regex SignInUrl() => SignInPath();

    [GeneratedRegex("/signin")]
    private static partial Regex SignInPath();
}
