using System.Net;
using System.Text.Json;
using InfusionClinic.BrowserTests.Support;
using InfusionClinic.IntegrationTests.Reminders;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InfusionClinic.BrowserTests;

/// <summary>
/// The desk's worklists, the day board's own refresh, a refused check-out and a series booked with the keyboard alone, in
/// a real browser. Same fixture as the other browser tests (one app, one Chromium); the app's fake clock sets the day,
/// Playwright's clock moves the browser's timers; every wait is on what the screen shows.
/// </summary>
public sealed class DeskWorklistsAndKeyboardTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private BrowserApp App => browser.App;

    [Fact]
    public async Task FrontDesk_Worklists_CallsTheMissingEscortRetriesTheFailedReminderBooksTheFollowUpAndExports()
    {
        // Monday 23 November, 09:00 in London.
        App.Clock.Set(FakeClock.DefaultStart);
        DateOnly[] days = [new(2026, 11, 24), new(2026, 11, 25), new(2026, 11, 27)];
        var site = await App.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 2, Bays = 2, ShiftDates = days });
        var room = await App.AddConsultRoom(site.Id);
        var roomName = await NameOf($"/api/v1/sites/{site.Id}/consult-rooms/{room}");
        var clinician = await NewClinician("Dr Wendy Worklist");

        // A finished course (one session, discharged on the 24th; follow-up one day later): due, not booked.
        var finished = await App.BookedCourse(site, room, clinician, [days[0]], plan => plan["followUpDays"] = 1,
            patientId: await NewPatient("Fola", "Finished", "07700 900701"));
        await App.Discharge(finished.Sessions[0], new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero));
        // The 25th at 10:00 (49 h ahead): escort required and not confirmed.
        var soon = await App.BookedCourse(site, room, clinician, [days[1]], plan => plan["escortRequired"] = true,
            patientId: await NewPatient("Wren", "Escortless", "07700 900777"));
        // The 27th (97 h ahead): beyond the escort worklist's 72 hours.
        await App.BookedCourse(site, room, clinician, [days[2]], plan => plan["escortRequired"] = true,
            patientId: await NewPatient("Faye", "Farahead", "07700 900788"));

        // The gateway refuses every message (4xx: failed at once) in a round on the 24th at 10:00, when the 25th's
        // transport and appointment reminders are due.
        App.Gateway.Respond = _ => 422;
        try
        {
            await App.At(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero), () => RemindersApiFactory.DrainAsync(App.Dispatcher));
        }
        finally
        {
            App.Gateway.Respond = _ => 200;
        }

        await browser.OnNewPageAsync(async page =>
        {
            // The board chooses the site (the address names it); every screen of the session keeps it.
            await page.SignInAsync("frontdesk", $"/?site={site.Id}&date=2026-11-23");
            await page.GetByText("times in Europe/London").First.WaitForAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Worklists" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "Worklists" }).WaitForAsync();

            // Escort missing: the 25th's session with its patient's number as a tel: link; the 27th is beyond 72 h.
            var escorts = Table(page, "Escort missing");
            var wren = escorts.GetByRole(AriaRole.Row).Filter(new() { HasText = "Wren Escortless" });
            await wren.WaitForAsync();
            (await wren.InnerTextAsync()).Should().Contain("25 Nov").And.Contain("10:00");
            var call = wren.GetByRole(AriaRole.Link, new() { Name = "+447700900777" });
            (await call.GetAttributeAsync("href")).Should().Be("tel:+447700900777");
            await Assertions.Expect(escorts.GetByText("Faye Farahead")).ToHaveCountAsync(0);
            await Assertions.Expect(escorts.GetByText("Fola Finished")).ToHaveCountAsync(0);
            await page.GetByRole(AriaRole.Tab, new() { Name = "Escort missing (1)" }).WaitForAsync();
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
            await page.ScreenshotAsync("worklists");

            // Failed reminders: the gateway's refusal shown, a retry plans the message again and takes the row off.
            await page.GetByRole(AriaRole.Tab, new() { Name = "Failed reminders" }).ClickAsync();
            var failed = Table(page, "Failed reminders").GetByRole(AriaRole.Row).Filter(new() { HasText = "Wren Escortless" });
            await failed.First.WaitForAsync();
            var before = await failed.CountAsync();
            (await failed.First.InnerTextAsync()).Should().Contain("gateway.http_422");
            (await failed.First.GetByRole(AriaRole.Link, new() { Name = "+447700900777" }).GetAttributeAsync("href")).Should().Be("tel:+447700900777");
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
            await failed.First.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Retry the .* reminder of Wren Escortless$") }).ClickAsync();
            await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "reminder of Wren Escortless will be sent again" }).WaitForAsync();
            await Assertions.Expect(failed).ToHaveCountAsync(before - 1);
            (await App.RemindersOf(soon.Sessions[0])).Should().Contain(r => r.State() == "Planned" && r.GetProperty("attempts").GetInt32() == 0);

            // Follow-ups due: the finished course, booked from the row with a clinician, a room and a time on the grid.
            await page.GetByRole(AriaRole.Tab, new() { Name = "Follow-ups due" }).ClickAsync();
            var due = Table(page, "Follow-ups due").GetByRole(AriaRole.Row).Filter(new() { HasText = "Fola Finished" });
            (await due.InnerTextAsync()).Should().Contain("Wed 25 Nov 2026");
            await due.GetByRole(AriaRole.Button, new() { Name = "Book follow-up for Fola Finished" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "Book the follow-up of Fola Finished" }).WaitForAsync();
            await page.GetByLabel("Clinician").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "Dr Wendy Worklist" }).ClickAsync();
            await page.GetByLabel("Consult room").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = roomName }).ClickAsync();
            var date = page.GetByRole(AriaRole.Textbox, new() { Name = "Follow-up date" });
            await date.FillAsync("2026-11-26");
            await date.PressAsync("Enter");
            await date.PressAsync("Tab");
            await page.GetByLabel("Follow-up time (Europe/London)").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "11:00", Exact = true }).ClickAsync();
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Book follow-up", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Follow-up of Fola Finished booked for" }).WaitForAsync();
            await Assertions.Expect(due).ToHaveCountAsync(0);
            var booked = await App.WithDb(db => db.FollowUps.AsNoTracking().Where(f => f.SeriesId == finished.SeriesId)
                .Select(f => new { f.ClinicianId, f.ConsultRoomId, f.LocalStart, f.DurationMinutes }).SingleAsync());
            booked.Should().Be(new { ClinicianId = clinician, ConsultRoomId = room, LocalStart = new DateTime(2026, 11, 26, 11, 0, 0), DurationMinutes = 30 });

            // Export: the sessions of a date range as a CSV download, with its header line and the booked sessions.
            await page.GetByRole(AriaRole.Tab, new() { Name = "Export" }).ClickAsync();
            foreach (var (label, value) in new[] { ("From", "2026-11-23"), ("To", "2026-11-30") })
            {
                var field = page.GetByRole(AriaRole.Textbox, new() { Name = label, Exact = true });
                await field.FillAsync(value);
                await field.PressAsync("Tab");
            }

            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download CSV" }).ClickAsync());
            download.SuggestedFilename.Should().Be("sessions-2026-11-23-2026-11-30.csv");
            var lines = (await File.ReadAllTextAsync(await download.PathAsync())).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            lines[0].Should().StartWith("SiteName,TimeZone,SessionId,SeriesId,Sequence,PatientId,PatientFamilyName,PatientGivenName");
            lines.Should().Contain(l => l.Contains(soon.Sessions[0].ToString(), StringComparison.Ordinal) && l.Contains("Escortless", StringComparison.Ordinal));
            lines.Should().Contain(l => l.Contains(finished.Sessions[0].ToString(), StringComparison.Ordinal));
            await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "The CSV file is downloaded." }).WaitForAsync();
        });
    }

    [Fact]
    public async Task DayBoard_SessionBookedAfterItLoaded_AppearsAtTheNextRefreshWithTheUsersPlaceKept()
    {
        App.Clock.Set(FakeClock.DefaultStart);
        var day = new DateOnly(2026, 11, 23);
        // Enough chairs and bays for the board to be taller than the window.
        var site = await App.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 12, Bays = 12, Nurses = 2, ShiftDates = [day] });
        var first = await BookOn(site, day, "10:00");

        await browser.OnNewPageAsync(async page =>
        {
            // The browser's timers are Playwright's from the first page on: the board's 30 s refresh is fast-forwarded.
            await page.Clock.InstallAsync();
            await page.SignInAsync("frontdesk", $"/?site={site.Id}&date=2026-11-23");
            var firstBlock = page.Locator($"a[data-session='{first}']");
            await firstBlock.WaitForAsync();

            // The user's place: a session block focused (as by Tab), the page scrolled down, this site and date.
            await firstBlock.FocusAsync();
            (await page.EvaluateAsync<bool>("() => document.documentElement.scrollHeight > window.innerHeight + 300")).Should().BeTrue();
            await page.EvaluateAsync("() => window.scrollTo(0, 300)");
            await page.WaitForFunctionAsync("() => window.scrollY === 300");

            // Another clerk books a session; the board shows it at its next refresh (the browser's clock jumps 31 s; it
            // also flows on its own, so on a slow machine the refresh may come sooner: either way it is the timer's).
            var second = await BookOn(site, day, "13:00");
            var secondBlock = page.Locator($"a[data-session='{second}']");
            await page.Clock.FastForwardAsync("00:31");
            await secondBlock.WaitForAsync();
            (await secondBlock.InnerTextAsync()).Should().Contain("13:00");

            (await page.EvaluateAsync<double>("() => window.scrollY")).Should().Be(300);
            (await page.EvaluateAsync<string?>("() => document.activeElement?.getAttribute('data-session')")).Should().Be(first.ToString());
            page.Url.Should().Contain($"site={site.Id}").And.Contain("date=2026-11-23");
            await page.GetByText("Monday 23 November 2026 at").WaitForAsync();
        });
    }

    [Fact]
    public async Task FrontDesk_ChecksOutBeforeTheChecklistAndRecoveryTime_SeesEveryMissingStepInPlainWords()
    {
        var day = new DateOnly(2026, 11, 26);
        App.Clock.Set(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
        var (_, sessionId) = await App.BookOne(day, at: "10:00");
        var session = await App.GetSession(sessionId);
        App.Clock.Set(session.GetProperty("startsAt").GetDateTimeOffset().AddMinutes(-10));

        await browser.OnNewPageAsync(async page =>
        {
            await page.SignInAsync("frontdesk", $"/sessions/{sessionId}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Check in" }).ClickAsync();
            await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Checked in." }).WaitForAsync();

            // The nurse takes the session to recovery (through the API: the chair's screens have their own tests); the
            // discharge checklist is not done and the recovery time has not passed.
            var nurse = await App.ClientAs("nurse");
            await nurse.Record(sessionId, SessionDay.Vitals());
            await nurse.Record(sessionId, SessionDay.Fasting(SchedulingSites.Local(day.AddDays(-1), "22:00"), SchedulingSites.Local(day, "06:30")));
            await nurse.Record(sessionId, SessionDay.Escort());
            await nurse.Record(sessionId, SessionDay.IvPlaced());
            App.Clock.Set(session.GetProperty("infusionStartsAt").GetDateTimeOffset());
            await (await App.ClientAs("nurse")).Record(sessionId, SessionDay.Start());
            App.Clock.Set(session.GetProperty("infusionEndsAt").GetDateTimeOffset());
            nurse = await App.ClientAs("nurse");
            await nurse.Record(sessionId, SessionDay.End());
            await (await nurse.PostJson(SessionDay.Url(sessionId, "recovery"), new { })).ShouldBeOk<JsonElement>();

            await page.ReloadAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Check out" }).ClickAsync();
            var answer = await page.RunAndWaitForResponseAsync(
                () => page.GetByRole(AriaRole.Button, new() { Name = "Check the patient out" }).ClickAsync(),
                r => r.Request.Method == "POST" && r.Url.EndsWith($"/sessions/{sessionId}/checkout", StringComparison.Ordinal));
            answer.Status.Should().Be(409);
            var problem = (await answer.JsonAsync())!.Value;
            problem.GetProperty("code").GetString().Should().Be("session.check_out_blocked");
            var missing = problem.GetProperty("missing").EnumerateArray().Select(m => m.GetString()!).ToList();
            missing.Should().BeEquivalentTo(SessionDay.AllDischargeItems.Select(i => $"DischargeChecklist.{i}").Append("RecoveryTimeElapsed"));

            // Every step the API named, each once, in words with its code; none left as a bare code.
            var alert = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "session.check_out_blocked" });
            await alert.WaitForAsync();
            var steps = alert.GetByTestId("missing-steps").GetByRole(AriaRole.Listitem);
            await Assertions.Expect(steps).ToHaveCountAsync(missing.Count);
            var shown = await steps.AllInnerTextsAsync();
            for (var i = 0; i < missing.Count; i++)
            {
                shown[i].Should().EndWith($"({missing[i]})");
                shown[i][..^(missing[i].Length + 2)].Trim().Should().NotBeEmpty().And.NotContain(missing[i]);
            }

            shown.Should().Contain(s => s.StartsWith("Discharge checklist: escort present to take the patient home.", StringComparison.Ordinal));
            shown.Should().Contain(s => s.StartsWith("Wait until the plan's recovery time is over", StringComparison.Ordinal));
            (await App.GetSession(sessionId)).GetProperty("status").GetString().Should().Be("InRecovery");
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
        });
    }

    [Fact]
    public async Task FrontDesk_BooksSeriesForSignedPlanWithTheKeyboardAlone()
    {
        var first = new DateOnly(2026, 12, 2);
        App.Clock.Set(FakeClock.DefaultStart);
        var site = await App.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [first, first.AddDays(7)] });
        var plan = await App.SchedulingPlan(preparation: 15, infusion: 40, recovery: 30, sessionCount: 2, spacingDays: 7);
        var planId = ClinicalPath.IdOf(plan);

        await browser.OnNewPageAsync(async page =>
        {
            await page.SignInAsync("frontdesk", $"/series/book?planId={planId}&site={site.Id}");
            await page.GetByRole(AriaRole.Heading, new() { Name = "2. When" }).WaitForAsync();
            var keyboard = page.Keyboard;

            // From here on only keys: Tab and Shift+Tab to move, typing, arrows, Enter and Space.
            await TabToAsync(page, page.GetByRole(AriaRole.Textbox, new() { Name = "First date" }));
            await keyboard.PressAsync("Control+A");
            await keyboard.TypeAsync("2026-12-02");
            await keyboard.PressAsync("Enter");

            // The earliest start, from the plan's 08:00 down the list to 09:00 (15-minute grid), chosen with the arrows.
            var earliest = page.GetByLabel("Earliest start (Europe/London)");
            await TabToAsync(page, earliest);
            await keyboard.PressAsync("Enter");
            await page.GetByRole(AriaRole.Listbox).WaitForAsync();
            for (var i = 0; i < 4; i++)
            {
                await keyboard.PressAsync("ArrowDown");
            }

            await keyboard.PressAsync("Enter");
            await Assertions.Expect(page.GetByRole(AriaRole.Listbox)).ToHaveCountAsync(0);
            await Assertions.Expect(earliest).ToHaveValueAsync("09:00");

            // Back to the date (Shift+Tab) and forward again: the typed date was kept.
            await TabToAsync(page, page.GetByRole(AriaRole.Textbox, new() { Name = "First date" }), backwards: true);
            await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "First date" })).ToHaveValueAsync("2026-12-02");

            await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Search availability" }));
            await keyboard.PressAsync("Enter");
            await page.GetByText("How the plan fits").WaitForAsync();
            var occurrences = Table(page, "Occurrences");
            await occurrences.GetByRole(AriaRole.Cell, new() { Name = "Wed 2 Dec 2026" }).WaitForAsync();
            await occurrences.GetByRole(AriaRole.Cell, new() { Name = "Wed 9 Dec 2026" }).WaitForAsync();
            await Assertions.Expect(occurrences.GetByRole(AriaRole.Cell, new() { Name = "09:00", Exact = true })).ToHaveCountAsync(2);

            await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Book 2 sessions" }));
            await keyboard.PressAsync(" ");
            await page.GetByTestId("series-booked").Filter(new() { HasText = "Booked 2 sessions" }).WaitForAsync();

            // The booked session opens from its link with Enter.
            await TabToAsync(page, page.Locator("a[href^='/sessions/']", new() { HasText = "Session 1:" }));
            await keyboard.PressAsync("Enter");
            await page.GetByRole(AriaRole.Heading, new() { Name = "At the desk" }).WaitForAsync();
        });

        var starts = await App.WithDb(db => db.Sessions.AsNoTracking().Where(s => s.PlanId == planId).Select(s => s.LocalStart).ToListAsync());
        starts.Should().BeEquivalentTo([new DateTime(2026, 12, 2, 9, 0, 0), new DateTime(2026, 12, 9, 9, 0, 0)]);
    }

    /// <summary>A MudTable by its label (MudTable puts the label on its root element, around the table).</summary>
    private static ILocator Table(IPage page, string label) => page.Locator($"[aria-label='{label}']");

    [Fact]
    public async Task FrontDesk_BooksThePartOfASeriesThatFitsWithTheKeyboardAlone()
    {
        var first = new DateOnly(2026, 12, 3);
        App.Clock.Set(FakeClock.DefaultStart);
        // No nurse on the second date: that occurrence does not fit.
        var site = await App.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [first] });
        var plan = await App.SchedulingPlan(preparation: 15, infusion: 40, recovery: 30, sessionCount: 2, spacingDays: 7);
        var planId = ClinicalPath.IdOf(plan);

        await browser.OnNewPageAsync(async page =>
        {
            await page.SignInAsync("frontdesk", $"/series/book?planId={planId}&site={site.Id}");
            await page.GetByRole(AriaRole.Heading, new() { Name = "2. When" }).WaitForAsync();
            var keyboard = page.Keyboard;

            await TabToAsync(page, page.GetByRole(AriaRole.Textbox, new() { Name = "First date" }));
            await keyboard.PressAsync("Control+A");
            await keyboard.TypeAsync("2026-12-03");
            await keyboard.PressAsync("Enter");
            await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Search availability" }));
            await keyboard.PressAsync("Enter");
            await page.GetByText("Does not fit:").WaitForAsync();

            // All or nothing is the default; the arrow moves to partial, and the button says what will be booked.
            var allOrNothing = page.GetByRole(AriaRole.Radio, new() { Name = "All or nothing (book only if every session fits)" });
            var partial = page.GetByRole(AriaRole.Radio, new() { Name = "Book the sessions that fit and leave the others (partial)" });
            await Assertions.Expect(allOrNothing).ToBeCheckedAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Book 2 sessions" }).WaitForAsync();
            await TabToAsync(page, allOrNothing);
            await keyboard.PressAsync("ArrowDown");
            await Assertions.Expect(partial).ToBeCheckedAsync();
            await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Book 1 sessions" }));
            await keyboard.PressAsync("Enter");
            await page.GetByTestId("series-booked").Filter(new() { HasText = "Booked 1 sessions" }).WaitForAsync();
            await page.GetByText("Not booked: #2 2026-12-10").WaitForAsync();
            await page.ShouldHaveNoSeriousAxeViolationsAsync();
        });

        (await App.WithDb(db => db.Sessions.AsNoTracking().Where(s => s.PlanId == planId).Select(s => s.LocalStart.Date).ToListAsync()))
            .Should().Equal(new DateTime(2026, 12, 3));
    }

    /// <summary>Presses Tab (or Shift+Tab) until <paramref name="target"/> has the focus; fails when it is not reached
    /// within <paramref name="max"/> presses, naming the elements the focus went through.</summary>
    private static async Task TabToAsync(IPage page, ILocator target, bool backwards = false, int max = 60)
    {
        await target.WaitForAsync();
        var path = new List<string>();
        for (var i = 0; i <= max; i++)
        {
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement || e.contains(document.activeElement)"))
            {
                return;
            }

            path.Add(await page.EvaluateAsync<string>(
                "() => { const e = document.activeElement; return e ? `${e.tagName} ${e.getAttribute('aria-label') ?? ''} ${(e.innerText ?? '').replace(/\\s+/g, ' ').slice(0, 30)}` : 'none'; }"));
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
        }

        var html = await target.EvaluateAsync<string>("e => (e.parentElement?.parentElement ?? e).outerHTML.slice(0, 600)");
        throw new Xunit.Sdk.XunitException($"Not reached with {(backwards ? "Shift+Tab" : "Tab")}: {html}. Focus went through: {string.Join(" → ", path)}");
    }

    private async Task<Guid> NewPatient(string given, string family, string phone)
    {
        var body = Demo.PatientBody(await App.SiteId());
        body["givenName"] = given;
        body["familyName"] = family;
        body["phone"] = phone;
        var response = await (await App.ClientAs("frontdesk")).PostJson("/api/v1/patients", body);
        return (await response.ShouldBeOk<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private async Task<Guid> NewClinician(string name)
    {
        var response = await (await App.ClientAs("admin")).PostJson("/api/v1/staff",
            new { email = $"clinician-{Guid.NewGuid():N}@demo.clinic", displayName = name, roles = new[] { "Clinician" }, password = "Long-enough-pass1" });
        return (await response.ShouldBeOk<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    /// <summary>A new patient's plan (outpatient, escort required) booked at <paramref name="at"/> on one day at the site; its session.</summary>
    private async Task<Guid> BookOn(SchedulingSite site, DateOnly day, string at)
    {
        var plan = await App.SchedulingPlan(preparation: 15, infusion: 40, recovery: 30);
        return ClinicalPath.IdOf((await App.BookSeries(ClinicalPath.IdOf(plan), site.Id, [day], at, at)).Sessions()[0]);
    }

    private async Task<string> NameOf(string url) =>
        (await (await (await App.ClientAs("admin")).GetAsync(url)).ShouldBeOk<JsonElement>()).GetProperty("name").GetString()!;
}
