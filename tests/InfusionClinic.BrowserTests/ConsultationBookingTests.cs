using System.Globalization;
using System.Net;
using System.Text.Json;
using InfusionClinic.BrowserTests.Support;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.Playwright;

namespace InfusionClinic.BrowserTests;

/// <summary>
/// The consultations screen in a real browser: the desk books a consultation at a free time (a taken time is not offered;
/// a time taken meanwhile is a 409 in plain words), reschedules it and cancels it with a reason.
/// </summary>
public sealed class ConsultationBookingTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private BrowserApp App => browser.App;

    [Fact]
    public async Task FrontDesk_BooksAFreeTime_ReschedulesAndCancelsWithAReason()
    {
        // The screen lists the next 14 days from the browser's today: book on a weekday two days or more ahead of it (ahead
        // of the app's clock too, which stands earlier).
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        var saturday = day.AddDays(((int)DayOfWeek.Saturday - (int)day.DayOfWeek + 7) % 7);
        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var clinician = await App.StaffId("clinician");
        var roomA = await App.ConsultRoomId();
        var roomB = await App.ConsultRoomId("Consult room B");
        // The demo clinician is already seeing someone at 10:00 (in room B).
        await App.Book(await App.NewPatient(), $"{date}T10:00", 30, roomB, clinician);
        var patient = await NewPatient("Ada", "Booker");

        await browser.OnNewPageAsync(async page =>
        {
            await page.SignInAsync("frontdesk", $"/consultations?patientId={patient}");
            await page.GetByRole(AriaRole.Heading, new() { Name = "Book a consultation" }).WaitForAsync();
            await page.PickAsync("Clinician", "Demo Clinician");
            await page.PickAsync("Consult room", "Consult room A");

            // A day the site does not open: no time, and what to do instead.
            await page.EnterStartDateAsync(saturday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await page.GetByText("No free time. The site is not open on Saturdays. Choose another date.").WaitForAsync();

            await page.EnterStartDateAsync(date);
            await page.GetByLabel("Start time (Europe/London)").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "10:30", Exact = true }).WaitForAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = "10:00", Exact = true })).ToHaveCountAsync(0); // the clinician is seeing someone at 10:00
            await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = "09:45", Exact = true })).ToHaveCountAsync(0); // 30 minutes from 09:45 would reach 10:00
            await page.GetByRole(AriaRole.Option, new() { Name = "11:00", Exact = true }).ClickAsync();
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
            await page.ScreenshotAsync("consultations");

            // Someone else books the clinician at 11:00 first: the 409 is said in plain words and 11:00 is no longer offered.
            await App.Book(await App.NewPatient(), $"{date}T11:00", 30, roomB, clinician);
            await page.GetByRole(AriaRole.Button, new() { Name = "Book consultation" }).ClickAsync();
            await page.GetByText("clinician.slot_taken").WaitForAsync();
            await page.GetByText("The clinician is already booked at that time.").WaitForAsync();
            await page.GetByText("Someone booked that time first. The free times are updated: choose another.").WaitForAsync();
            await page.GetByLabel("Start time (Europe/London)").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "11:30", Exact = true }).WaitForAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = "11:00", Exact = true })).ToHaveCountAsync(0);
            await page.GetByRole(AriaRole.Option, new() { Name = "11:30", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Book consultation" }).ClickAsync();
            await page.GetByText("Consultation booked for").WaitForAsync();
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Ada Booker" });
            await row.GetByText("11:30").WaitForAsync();

            // Reschedule to the afternoon with a reason; its own time stays on offer.
            await row.GetByRole(AriaRole.Button, new() { Name = "Reschedule" }).ClickAsync();
            var form = page.Locator(".mud-paper").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Reschedule the consultation" }) });
            await form.WaitForAsync();
            await page.GetByLabel("Start time (Europe/London)").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "11:30", Exact = true }).WaitForAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "14:00", Exact = true }).ClickAsync();
            await page.GetByLabel("Reason (optional)").FillAsync("Patient asked for the afternoon");
            await form.GetByRole(AriaRole.Button, new() { Name = "Reschedule", Exact = true }).ClickAsync();
            await page.GetByText("Consultation moved to").WaitForAsync();
            await row.GetByText("14:00").WaitForAsync();

            // Cancel with a reason.
            await row.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
            await page.GetByRole(AriaRole.Textbox, new() { Name = "Reason" }).FillAsync("Patient unwell");
            await page.GetByRole(AriaRole.Button, new() { Name = "Cancel consultation" }).ClickAsync();
            await page.GetByText("The consultation is cancelled.").WaitForAsync();
            await row.GetByText("Cancelled").WaitForAsync();
        });

        var frontdesk = await App.ClientAs("frontdesk");
        var page = await (await frontdesk.GetAsync($"/api/v1/consultations?patientId={patient}")).ShouldBeOk<JsonElement>();
        var booked = page.GetProperty("items").EnumerateArray().Should().ContainSingle().Subject;
        booked.GetProperty("status").GetString().Should().Be("Cancelled");
        booked.GetProperty("localStart").GetString().Should().Be($"{date}T14:00");
        booked.GetProperty("changes").ToString().Should().Contain("Patient asked for the afternoon").And.Contain("Patient unwell");
    }

    private async Task<Guid> NewPatient(string given, string family)
    {
        var body = Demo.PatientBody(await App.SiteId());
        body["givenName"] = given;
        body["familyName"] = family;
        var response = await (await App.ClientAs("frontdesk")).PostJson("/api/v1/patients", body);
        return ClinicalPath.IdOf(await response.ShouldBeOk<JsonElement>(HttpStatusCode.Created));
    }

}
