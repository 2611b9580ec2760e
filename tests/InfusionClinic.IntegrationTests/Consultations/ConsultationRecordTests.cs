using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Consultations;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using static InfusionClinic.IntegrationTests.Support.ClinicalPath;

namespace InfusionClinic.IntegrationTests.Consultations;

/// <summary>
/// The clinical record of a consultation: screening, consent, the signed decision and what signing freezes.
/// Each test books its own consultation in a fresh slot (<see cref="ClinicalPath.NextSlot"/>).
/// </summary>
public sealed class ConsultationRecordTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static string Url(Guid id, string action = "") => $"{ConsultationsUrl}/{id}{action}";

    private Task<Consultation> Stored(Guid id) =>
        api.WithDb(db => db.Consultations.AsNoTracking().Include(c => c.Decisions).Include(c => c.Changes).SingleAsync(c => c.Id == id));

    private static object Answer(ScreeningItem item, string answer, string? note = null) => new { item = item.ToString(), answer, note };

    private static object[] AllNoExcept(ScreeningItem item, string answer) =>
        Enum.GetValues<ScreeningItem>().Select(i => Answer(i, i == item ? answer : "No")).ToArray();

    /// <summary>Posts a decision at the consultation's start (a decision is not signed before the consultation).</summary>
    private Task<HttpResponseMessage> PostDecision(Guid id, object body, string account = "clinician") =>
        api.AtConsultationStart(id, async () => await (await api.ClientAs(account)).PostJson(Url(id, "/decision"), body));

    private static object ConsentBody(DateTimeOffset signedAt) => new { formVersion = "KET-CONSENT-v3", signedAt = Instant(signedAt) };

    // ---- screening ----

    [Fact]
    public async Task Screening_PartialAnswers_AreSavedAndOutstandingListsTheRest()
    {
        var id = await api.BookedConsultation();
        var clinician = await api.ClientAs("clinician");

        var first = await (await clinician.PutJson(Url(id, "/screening"), new
        {
            answers = new[]
            {
                Answer(ScreeningItem.UncontrolledHypertension, "No"),
                Answer(ScreeningItem.Epilepsy, "Unknown", "Patient unsure, GP letter requested"),
                Answer(ScreeningItem.LiverDisease, "Yes", "Mild fatty liver, LFTs normal"),
            },
            historyNotes = "CRPS type 1, right hand, since 2023.",
        }, await clinician.ETagOf(Url(id, "")))).ShouldBeOk<JsonElement>();

        first.GetProperty("screening").GetArrayLength().Should().Be(3);
        first.GetProperty("historyNotes").GetString().Should().Be("CRPS type 1, right hand, since 2023.");
        var epilepsy = first.GetProperty("screening").EnumerateArray().Single(a => a.GetProperty("item").GetString() == "Epilepsy");
        epilepsy.GetProperty("answer").GetString().Should().Be("Unknown");
        epilepsy.GetProperty("note").GetString().Should().Be("Patient unsure, GP letter requested");
        first.GetProperty("screeningOutstanding").Strings().Should().BeEquivalentTo(Enum.GetNames<ScreeningItem>()
            .Except(["UncontrolledHypertension", "LiverDisease"], StringComparer.Ordinal), "Unknown is not an answer that settles an item");

        var second = await (await clinician.PutJson(Url(id, "/screening"), new
        {
            answers = new[] { Answer(ScreeningItem.Epilepsy, "No", "GP confirmed none"), Answer(ScreeningItem.RespiratoryDisease, "No") },
        }, await clinician.ETagOf(Url(id, "")))).ShouldBeOk<JsonElement>();

        second.GetProperty("screening").GetArrayLength().Should().Be(4, "later answers replace earlier ones per item, the rest stay");
        second.GetProperty("historyNotes").GetString().Should().Be("CRPS type 1, right hand, since 2023.", "omitted notes are kept");
        var stored = await Stored(id);
        stored.Screening.Should().BeEquivalentTo(new[]
        {
            new ScreeningAnswer(ScreeningItem.UncontrolledHypertension, ScreeningAnswerValue.No, null),
            new ScreeningAnswer(ScreeningItem.Epilepsy, ScreeningAnswerValue.No, "GP confirmed none"),
            new ScreeningAnswer(ScreeningItem.LiverDisease, ScreeningAnswerValue.Yes, "Mild fatty liver, LFTs normal"),
            new ScreeningAnswer(ScreeningItem.RespiratoryDisease, ScreeningAnswerValue.No, null),
        });
        second.GetProperty("screeningOutstanding").GetArrayLength().Should().Be(6);
    }

    [Fact]
    public async Task Screening_AllTenItems_LeavesNothingOutstanding()
    {
        var id = await api.BookedConsultation();

        var c = await api.Screen(id, AllItems("No"));

        c.GetProperty("screening").EnumerateArray().Select(a => a.GetProperty("item").GetString()).Should().Equal(Enum.GetNames<ScreeningItem>());
        c.GetProperty("screeningOutstanding").GetArrayLength().Should().Be(0);
    }

    [Theory]
    [InlineData("nurse")]
    [InlineData("frontdesk")]
    [InlineData("admin")]
    public async Task Screening_AsNonClinician_Returns403AndStoresNothing(string account)
    {
        var id = await api.BookedConsultation();

        var response = await (await api.ClientAs(account)).PutJson(Url(id, "/screening"), new { answers = AllItems("No"), historyNotes = "x" });

        await response.ShouldBeProblem(HttpStatusCode.Forbidden, "auth.forbidden");
        var stored = await Stored(id);
        stored.Screening.Should().BeEmpty();
        stored.HistoryNotes.Should().BeNull();
    }

    [Fact]
    public async Task Screening_UnknownItemOrAnswerOrDuplicate_Returns400()
    {
        var id = await api.BookedConsultation();
        var clinician = await api.ClientAs("clinician");
        var etag = await clinician.ETagOf(Url(id, ""));

        await (await clinician.PutJson(Url(id, "/screening"), new { answers = new[] { new { item = "Headache", answer = "No" } } }, etag))
            .ShouldBeValidationProblem("answers[0].item");
        await (await clinician.PutJson(Url(id, "/screening"), new { answers = new[] { new { item = "Epilepsy", answer = "Maybe" } } }, etag))
            .ShouldBeValidationProblem("answers[0].answer");
        await (await clinician.PutJson(Url(id, "/screening"), new { answers = new[] { Answer(ScreeningItem.Epilepsy, "No"), Answer(ScreeningItem.Epilepsy, "Yes") } }, etag))
            .ShouldBeValidationProblem("answers");

        (await Stored(id)).Screening.Should().BeEmpty();
    }

    [Fact]
    public async Task Screening_UnknownConsultation_Returns404()
    {
        var response = await (await api.ClientAs("clinician")).PutJson(Url(Guid.NewGuid(), "/screening"), new { answers = AllItems("No") }, "\"0\"");

        await response.ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Screening_OfCancelledConsultation_Returns409Cancelled()
    {
        var id = await api.BookedConsultation();
        (await (await api.ClientAs("frontdesk")).PostJson(Url(id, "/cancel"), new { reason = "Moved away" })).StatusCode.Should().Be(HttpStatusCode.OK);

        var clinician = await api.ClientAs("clinician");
        var response = await clinician.PutJson(Url(id, "/screening"), new { answers = AllItems("No") }, await clinician.ETagOf(Url(id, "")));

        await response.ShouldBeProblem(HttpStatusCode.Conflict, "consultation.cancelled");
    }

    // ---- consent ----

    [Theory]
    [InlineData("clinician")]
    [InlineData("frontdesk")]
    public async Task Consent_AsClinicianOrFrontDesk_IsRecordedAsSigned(string account)
    {
        var id = await api.BookedConsultation();
        var signedAt = api.Clock.GetUtcNow().AddHours(-2);

        var c = await (await (await api.ClientAs(account)).PostJson(Url(id, "/consent"), ConsentBody(signedAt))).ShouldBeOk<JsonElement>();

        var consent = c.GetProperty("consent");
        consent.GetProperty("formVersion").GetString().Should().Be("KET-CONSENT-v3");
        consent.GetProperty("signedAt").GetString().Should().Be(Instant(signedAt));
        consent.GetProperty("recordedBy").GetGuid().Should().Be(await api.StaffId(account));
        consent.GetProperty("inForce").GetBoolean().Should().BeTrue();
        var stored = await Stored(id);
        stored.ConsentSignedAt.Should().Be(signedAt);
        stored.HasConsent.Should().BeTrue();
    }

    [Theory]
    [InlineData("nurse")]
    [InlineData("admin")]
    public async Task Consent_AsNurseOrAdmin_Returns403(string account)
    {
        var id = await api.BookedConsultation();

        var response = await (await api.ClientAs(account)).PostJson(Url(id, "/consent"), ConsentBody(api.Clock.GetUtcNow().AddHours(-1)));

        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
        (await Stored(id)).ConsentSignedAt.Should().BeNull();
    }

    [Fact]
    public async Task Consent_SignedInTheFuture_Returns422InFuture()
    {
        var id = await api.BookedConsultation();

        var response = await (await api.ClientAs("frontdesk")).PostJson(Url(id, "/consent"), ConsentBody(api.Clock.GetUtcNow().AddMinutes(5)));

        await response.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "consent.in_future");
        (await Stored(id)).ConsentSignedAt.Should().BeNull();
    }

    [Fact]
    public async Task Consent_WithoutFormVersionOrOffset_Returns400()
    {
        var id = await api.BookedConsultation();
        var frontDesk = await api.ClientAs("frontdesk");

        await (await frontDesk.PostJson(Url(id, "/consent"), new { formVersion = "", signedAt = Instant(api.Clock.GetUtcNow()) }))
            .ShouldBeValidationProblem("formVersion");
        await (await frontDesk.PostJson(Url(id, "/consent"), new { formVersion = "v3", signedAt = "2026-11-23T08:00:00" }))
            .ShouldBeValidationProblem("signedAt");
    }

    [Fact]
    public async Task Consent_Twice_Returns409_ButAfterWithdrawalANewFormCanBeRecorded()
    {
        var id = await api.BookedConsultation();
        var frontDesk = await api.ClientAs("frontdesk");
        var now = api.Clock.GetUtcNow();
        (await frontDesk.PostJson(Url(id, "/consent"), ConsentBody(now.AddHours(-3)))).StatusCode.Should().Be(HttpStatusCode.OK);

        await (await frontDesk.PostJson(Url(id, "/consent"), ConsentBody(now.AddHours(-2)))).ShouldBeProblem(HttpStatusCode.Conflict, "consent.already_recorded");
        (await frontDesk.PostJson(Url(id, "/consent/withdraw"), new { withdrawnAt = Instant(now.AddHours(-2)), reason = "Wrong form version" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var again = await (await frontDesk.PostJson(Url(id, "/consent"), new { formVersion = "KET-CONSENT-v4", signedAt = Instant(now.AddHours(-1)) }))
            .ShouldBeOk<JsonElement>();

        again.GetProperty("consent").GetProperty("formVersion").GetString().Should().Be("KET-CONSENT-v4");
        again.GetProperty("consent").GetProperty("inForce").GetBoolean().Should().BeTrue();
        again.GetProperty("consent").GetProperty("withdrawnAt").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task WithdrawConsent_RecordsTimeAndReason_AndConsentIsNoLongerInForce()
    {
        var id = await api.BookedConsultation();
        await api.Consent(id);
        var frontDesk = await api.ClientAs("frontdesk");

        var c = await (await frontDesk.PostJson(Url(id, "/consent/withdraw"), new { reason = "Patient changed their mind" })).ShouldBeOk<JsonElement>();

        var consent = c.GetProperty("consent");
        consent.GetProperty("inForce").GetBoolean().Should().BeFalse();
        consent.GetProperty("withdrawnAt").GetString().Should().Be(Instant(api.Clock.GetUtcNow()), "withdrawnAt defaults to now");
        consent.GetProperty("withdrawalReason").GetString().Should().Be("Patient changed their mind");
        consent.GetProperty("formVersion").GetString().Should().Be("KET-CONSENT-v3", "the withdrawn form stays on record");
        await (await frontDesk.PostJson(Url(id, "/consent/withdraw"), new { reason = "again" })).ShouldBeProblem(HttpStatusCode.Conflict, "consent.not_recorded");
    }

    [Fact]
    public async Task WithdrawConsent_BeforeSignatureOrInFutureOrWithoutReason_IsRefused()
    {
        var id = await api.BookedConsultation();
        await api.Consent(id);
        var clinician = await api.ClientAs("clinician");
        var now = api.Clock.GetUtcNow();

        await (await clinician.PostJson(Url(id, "/consent/withdraw"), new { withdrawnAt = Instant(now.AddHours(-1)), reason = "x" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "consent.withdrawal_time_invalid");
        await (await clinician.PostJson(Url(id, "/consent/withdraw"), new { withdrawnAt = Instant(now.AddHours(1)), reason = "x" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "consent.withdrawal_time_invalid");
        await (await clinician.PostJson(Url(id, "/consent/withdraw"), new { reason = "" })).ShouldBeValidationProblem("reason");
        await (await (await api.ClientAs("nurse")).PostJson(Url(id, "/consent/withdraw"), new { reason = "x" })).ShouldBeProblem(HttpStatusCode.Forbidden);

        (await Stored(id)).HasConsent.Should().BeTrue();
    }

    // ---- decision ----

    [Fact]
    public async Task Decision_EligibleWithNothingRecorded_Returns422ListingEveryItemAndConsent()
    {
        var id = await api.BookedConsultation();

        var response = await PostDecision(id, new { decision = "Eligible" });

        var problem = await response.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "consultation.decision_incomplete");
        problem.GetProperty("missing").Strings().Should().BeEquivalentTo(Enum.GetNames<ScreeningItem>().Select(n => $"screening.{n}").Append("consent"));
        (await Stored(id)).Decisions.Should().BeEmpty();
    }

    [Theory]
    [InlineData("Eligible")]
    [InlineData("EligibleWithPrecautions")]
    public async Task Decision_EligibleWithAnUnknownAnswer_Returns422NamingThatItemOnly(string decision)
    {
        var id = await api.BookedConsultation();
        await api.Screen(id, AllNoExcept(ScreeningItem.Epilepsy, "Unknown"));
        await api.Consent(id);

        var response = await PostDecision(id, new { decision, precautions = "Monitor BP every 15 min" });

        var problem = await response.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "consultation.decision_incomplete");
        problem.GetProperty("missing").Strings().Should().Equal("screening.Epilepsy");
        (await Stored(id)).IsSigned.Should().BeFalse();
    }

    [Fact]
    public async Task Decision_EligibleWithScreeningButNoConsent_Returns422NamingConsent()
    {
        var id = await api.BookedConsultation();
        await api.Screen(id, AllItems("No"));

        var response = await PostDecision(id, new { decision = "Eligible" });

        var problem = await response.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "consultation.decision_incomplete");
        problem.GetProperty("missing").Strings().Should().Equal("consent");
    }

    [Fact]
    public async Task Decision_EligibleWithWithdrawnConsent_Returns422NamingConsent()
    {
        var id = await api.BookedConsultation();
        await api.Screen(id, AllItems("No"));
        await api.Consent(id);
        (await (await api.ClientAs("frontdesk")).PostJson(Url(id, "/consent/withdraw"), new { reason = "Changed mind" })).StatusCode.Should().Be(HttpStatusCode.OK);

        var response = await PostDecision(id, new { decision = "Eligible" });

        (await response.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "consultation.decision_incomplete"))
            .GetProperty("missing").Strings().Should().Equal("consent");
    }

    [Fact]
    public async Task Decision_EligibleWithPrecautionsWithoutPrecautions_Returns400Precautions()
    {
        var id = await api.BookedConsultation();
        await api.Screen(id, AllItems("No"));
        await api.Consent(id);

        var response = await PostDecision(id, new { decision = "EligibleWithPrecautions", precautions = " " });

        await response.ShouldBeValidationProblem("precautions");
        (await Stored(id)).IsSigned.Should().BeFalse();
    }

    [Theory]
    [InlineData("NotEligible")]
    [InlineData("Deferred")]
    public async Task Decision_NotEligibleOrDeferredWithoutReason_Returns400Reason(string decision)
    {
        var id = await api.BookedConsultation();

        var response = await PostDecision(id, new { decision });

        await response.ShouldBeValidationProblem("reason");
        (await Stored(id)).IsSigned.Should().BeFalse();
    }

    [Theory]
    [InlineData("NotEligible")]
    [InlineData("Deferred")]
    public async Task Decision_NotEligibleOrDeferredWithReason_IsSignedWithoutScreeningOrConsent(string decision)
    {
        var id = await api.BookedConsultation();

        var c = await api.Decide(id, decision, reason: "Uncontrolled hypertension at assessment");

        c.GetProperty("isSigned").GetBoolean().Should().BeTrue();
        c.GetProperty("decision").GetProperty("decision").GetString().Should().Be(decision);
        c.GetProperty("decision").GetProperty("reason").GetString().Should().Be("Uncontrolled hypertension at assessment");
    }

    [Fact]
    public async Task Decision_InvalidValue_Returns400Decision()
    {
        var id = await api.BookedConsultation();

        var response = await PostDecision(id, new { decision = "Probably" });

        await response.ShouldBeValidationProblem("decision");
    }

    [Theory]
    [InlineData("nurse")]
    [InlineData("frontdesk")]
    [InlineData("admin")]
    public async Task Decision_AsNonClinician_Returns403AndSignsNothing(string account)
    {
        var id = await api.BookedConsultation();
        await api.Screen(id, AllItems("No"));
        await api.Consent(id);

        var response = await PostDecision(id, new { decision = "Eligible" }, account);

        await response.ShouldBeProblem(HttpStatusCode.Forbidden, "auth.forbidden");
        (await Stored(id)).Decisions.Should().BeEmpty();
    }

    [Fact]
    public async Task Decision_BeforeTheConsultationStarts_Returns422NotStarted_AndSignsNothing()
    {
        var id = await api.BookedConsultation();
        await api.Screen(id, AllItems("No"));
        await api.Consent(id);
        var startsAt = (await Stored(id)).StartsAt;

        var early = await api.At(startsAt.AddMinutes(-1), async () =>
            await (await api.ClientAs("clinician")).PostJson(Url(id, "/decision"), new { decision = "Eligible" }));

        var problem = await early.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "consultation.not_started");
        problem.GetProperty("startsAt").GetDateTimeOffset().Should().Be(startsAt);
        (await Stored(id)).Decisions.Should().BeEmpty();
        var signed = await api.At(startsAt, async () =>
            await (await (await api.ClientAs("clinician")).PostJson(Url(id, "/decision"), new { decision = "Eligible" })).ShouldBeOk<JsonElement>());
        signed.GetProperty("isSigned").GetBoolean().Should().BeTrue("at the consultation's start the decision is signed");
    }

    [Fact]
    public async Task Decision_EligibleWhenComplete_IsSignedByTheClinicianNow()
    {
        var id = await api.BookedConsultation();
        await api.Screen(id, AllItems("No"));
        await api.Consent(id);

        var response = await PostDecision(id, new { decision = "EligibleWithPrecautions", precautions = "Monitor BP" });

        var c = await response.ShouldBeOk<JsonElement>();
        c.GetProperty("isSigned").GetBoolean().Should().BeTrue();
        var decision = c.GetProperty("decision");
        decision.GetProperty("decision").GetString().Should().Be("EligibleWithPrecautions");
        decision.GetProperty("precautions").GetString().Should().Be("Monitor BP");
        decision.GetProperty("signedBy").GetGuid().Should().Be(await api.StaffId("clinician"));
        decision.GetProperty("signedAt").GetString().Should().Be(Instant(c.GetProperty("startsAt").GetDateTimeOffset()), "signed at the consultation");
        decision.GetProperty("amendmentReason").ValueKind.Should().Be(JsonValueKind.Null);
        c.GetProperty("decisionHistory").GetArrayLength().Should().Be(1);
        var stored = await Stored(id);
        stored.CurrentDecision!.Decision.Should().Be(EligibilityDecision.EligibleWithPrecautions);
        stored.IsEligible.Should().BeTrue();
    }

    // ---- freeze and amend ----

    [Fact]
    public async Task Screening_AfterSigningWithoutAmendmentReason_Returns409SignedAndChangesNothing()
    {
        var id = await api.SignedEligibleConsultation();
        var clinician = await api.ClientAs("clinician");

        var response = await clinician.PutJson(Url(id, "/screening"), new { answers = new[] { Answer(ScreeningItem.Epilepsy, "Yes") }, historyNotes = "Rewritten" },
            await clinician.ETagOf(Url(id, "")));

        await response.ShouldBeProblem(HttpStatusCode.Conflict, "consultation.signed");
        var stored = await Stored(id);
        stored.Screening.Single(a => a.Item == ScreeningItem.Epilepsy).Answer.Should().Be(ScreeningAnswerValue.No);
        stored.HistoryNotes.Should().Be("Chronic CRPS of the left foot for 3 years.");
        stored.Changes.Should().BeEmpty();
    }

    [Fact]
    public async Task Screening_AfterSigningWithAmendmentReason_IsKeptAsAnAmendment()
    {
        var id = await api.SignedEligibleConsultation();

        var c = await api.Screen(id, [Answer(ScreeningItem.InteractingMedications, "Yes", "Started lamotrigine")],
            amendmentReason: "GP letter received after signing");

        c.GetProperty("screening").EnumerateArray().Single(a => a.GetProperty("item").GetString() == "InteractingMedications")
            .GetProperty("answer").GetString().Should().Be("Yes");
        var change = c.GetProperty("changes").EnumerateArray().Single();
        change.GetProperty("kind").GetString().Should().Be("ScreeningAmended");
        change.GetProperty("reason").GetString().Should().Be("GP letter received after signing");
        change.GetProperty("by").GetGuid().Should().Be(await api.StaffId("clinician"));
        c.GetProperty("decision").GetProperty("decision").GetString().Should().Be("Eligible", "amending the screening does not change the signed decision");
        var stored = await Stored(id);
        stored.Screening.Single(a => a.Item == ScreeningItem.InteractingMedications).Note.Should().Be("Started lamotrigine");
        stored.Changes.Should().ContainSingle(x => x.Kind == "ScreeningAmended");
    }

    [Fact]
    public async Task Decision_SecondWithoutAmendmentReason_Returns409AndKeepsTheFirst()
    {
        var id = await api.SignedEligibleConsultation();

        var response = await PostDecision(id, new { decision = "NotEligible", reason = "Second thoughts" });

        await response.ShouldBeProblem(HttpStatusCode.Conflict, "consultation.signed");
        var stored = await Stored(id);
        stored.Decisions.Should().ContainSingle().Which.Decision.Should().Be(EligibilityDecision.Eligible);
    }

    [Fact]
    public async Task Decision_SecondWithAmendmentReason_KeepsBothAndTheNewOneIsInForce()
    {
        var id = await api.SignedEligibleConsultation();

        var c = await api.Decide(id, "Deferred", reason: "Awaiting cardiology review", amendmentReason: "ECG showed new arrhythmia");

        c.GetProperty("decision").GetProperty("decision").GetString().Should().Be("Deferred");
        c.GetProperty("decision").GetProperty("amendmentReason").GetString().Should().Be("ECG showed new arrhythmia");
        var history = c.GetProperty("decisionHistory").EnumerateArray().ToList();
        history.Select(d => d.GetProperty("decision").GetString()).Should().Equal("Eligible", "Deferred");
        history[0].GetProperty("amendmentReason").ValueKind.Should().Be(JsonValueKind.Null);

        var read = await (await (await api.ClientAs("nurse")).GetAsync(Url(id))).ShouldBeOk<JsonElement>();
        read.GetProperty("decision").GetProperty("decision").GetString().Should().Be("Deferred", "the amendment is in force after a reload too");
        read.GetProperty("decisionHistory").GetArrayLength().Should().Be(2);
        var stored = await Stored(id);
        stored.Decisions.Should().HaveCount(2);
        stored.IsEligible.Should().BeFalse();
    }

    [Fact]
    public async Task SignedConsultation_CannotBeRescheduledOrCancelled()
    {
        var id = await api.SignedEligibleConsultation();
        var frontDesk = await api.ClientAs("frontdesk");

        await (await frontDesk.PostJson(Url(id, "/reschedule"), new { localStart = api.NextSlot(), reason = "x" }))
            .ShouldBeProblem(HttpStatusCode.Conflict, "consultation.signed");
        await (await frontDesk.PostJson(Url(id, "/cancel"), new { reason = "x" })).ShouldBeProblem(HttpStatusCode.Conflict, "consultation.signed");

        (await Stored(id)).Status.Should().Be(ConsultationStatus.Booked);
    }

    [Theory]
    [InlineData("nurse")]
    [InlineData("frontdesk")]
    [InlineData("clinician")]
    public async Task Get_ByCareTeam_ReturnsTheWholeRecord(string account)
    {
        var id = await api.SignedEligibleConsultation();

        var response = await (await api.ClientAs(account)).GetAsync(Url(id));

        var c = await response.ShouldBeOk<JsonElement>();
        response.Headers.ETag!.Tag.Should().Be($"\"{(await Stored(id)).Version}\"");
        c.GetProperty("screening").GetArrayLength().Should().Be(10);
        c.GetProperty("consent").GetProperty("inForce").GetBoolean().Should().BeTrue();
        c.GetProperty("decision").GetProperty("decision").GetString().Should().Be("Eligible");
    }

    [Fact]
    public async Task Get_UnknownOrAsAdmin_IsRefused()
    {
        var id = await api.BookedConsultation();

        await (await (await api.ClientAs("nurse")).GetAsync(Url(Guid.NewGuid()))).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await (await api.ClientAs("admin")).GetAsync(Url(id))).ShouldBeProblem(HttpStatusCode.Forbidden);
    }
}
