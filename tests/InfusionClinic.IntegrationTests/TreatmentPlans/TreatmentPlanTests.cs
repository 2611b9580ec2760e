using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Audit;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using static InfusionClinic.IntegrationTests.Support.ClinicalPath;

namespace InfusionClinic.IntegrationTests.TreatmentPlans;

/// <summary>
/// Treatment plans: the path from booking to plan, the gates a plan needs, data-entry validation, values kept exactly as
/// entered, versions, and the audit trail. Each test books its own consultation in a fresh slot.
/// </summary>
public sealed class TreatmentPlanTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private Task<int> PlansOf(Guid consultationId) => api.WithDb(db => db.TreatmentPlans.CountAsync(p => p.ConsultationId == consultationId));

    private async Task<JsonElement> GetPlan(Guid id, string account = "nurse") =>
        await (await (await api.ClientAs(account)).GetAsync($"{PlansUrl}/{id}")).ShouldBeOk<JsonElement>();

    [Fact]
    public async Task Journey_BookScreenConsentDecidePlan_GivesABookablePlan()
    {
        var frontDesk = await api.ClientAs("frontdesk");
        var clinician = await api.ClientAs("clinician");
        var patient = await api.NewPatient();

        // 1. Front desk books the consultation.
        var booked = await (await frontDesk.PostJson(ConsultationsUrl, await api.BookingBody(patient, api.NextSlot(), 45))).ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        var id = IdOf(booked);

        // 2. The clinician records history and screening.
        var screened = await (await clinician.PutJson($"{ConsultationsUrl}/{id}/screening",
            new { answers = AllItems("No"), historyNotes = "Neuropathic pain after chemotherapy; gabapentin ineffective." }, await clinician.ETagOf($"{ConsultationsUrl}/{id}"))).ShouldBeOk<JsonElement>();
        screened.GetProperty("screeningOutstanding").GetArrayLength().Should().Be(0);

        // 3. Front desk records the signed consent form.
        var consented = await (await frontDesk.PostJson($"{ConsultationsUrl}/{id}/consent",
            new { formVersion = "KET-CONSENT-v3", signedAt = Instant(api.Clock.GetUtcNow().AddMinutes(-10)) })).ShouldBeOk<JsonElement>();
        consented.GetProperty("consent").GetProperty("inForce").GetBoolean().Should().BeTrue();

        // 4. The clinician signs the decision at the consultation.
        var signed = await api.AtConsultationStart(id, async () => await (await (await api.ClientAs("clinician")).PostJson($"{ConsultationsUrl}/{id}/decision",
            new { decision = "EligibleWithPrecautions", precautions = "BP check every 15 min during infusion" })).ShouldBeOk<JsonElement>());
        signed.GetProperty("isSigned").GetBoolean().Should().BeTrue();

        // 5. The clinician enters the plan.
        var body = PlanBody(id);
        body["indication"] = "NeuropathicPain";
        var created = await clinician.PostJson(PlansUrl, body);

        var plan = await created.ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        created.Headers.Location!.OriginalString.Should().Be($"{PlansUrl}/{IdOf(plan)}");
        created.Headers.ETag!.Tag.Should().Be("\"0\"");
        plan.GetProperty("patientId").GetGuid().Should().Be(patient);
        plan.GetProperty("consultationId").GetGuid().Should().Be(id);
        plan.GetProperty("bookable").GetBoolean().Should().BeTrue();
        plan.GetProperty("bookingBlockers").GetArrayLength().Should().Be(0);
        var current = plan.GetProperty("current");
        current.GetProperty("number").GetInt32().Should().Be(1);
        current.GetProperty("indication").GetString().Should().Be("NeuropathicPain");
        current.GetProperty("sessionCount").GetInt32().Should().Be(5);
        current.GetProperty("createdBy").GetGuid().Should().Be(await api.StaffId("clinician"));
        plan.GetProperty("versions").GetArrayLength().Should().Be(1);

        var read = await GetPlan(IdOf(plan), "frontdesk");
        read.GetProperty("bookable").GetBoolean().Should().BeTrue();
        read.GetProperty("current").ShouldBeSameJsonAs(current, "what was entered is what is read back");
        var listed = await (await frontDesk.GetAsync($"{PlansUrl}?patientId={patient}")).ShouldBeOk<JsonElement>();
        listed.GetProperty("items").EnumerateArray().Select(IdOf).Should().Equal(IdOf(plan));
        var history = await (await frontDesk.GetAsync($"{ConsultationsUrl}?patientId={patient}")).ShouldBeOk<JsonElement>();
        history.GetProperty("items").EnumerateArray().Select(IdOf).Should().Equal(id);
    }

    [Fact]
    public async Task Create_FromUnsignedConsultation_Returns409NotSigned()
    {
        var id = await api.BookedConsultation();
        await api.Screen(id, AllItems("No"));
        await api.Consent(id);

        var response = await (await api.ClientAs("clinician")).PostJson(PlansUrl, PlanBody(id));

        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict, "plan.consultation_not_eligible");
        problem.GetProperty("missing").Strings().Should().Equal("consultation.not_signed");
        (await PlansOf(id)).Should().Be(0);
    }

    [Fact]
    public async Task Create_FromBareConsultation_Returns409ListingNotSignedAndNoConsent()
    {
        var id = await api.BookedConsultation();

        var response = await (await api.ClientAs("clinician")).PostJson(PlansUrl, PlanBody(id));

        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict, "plan.consultation_not_eligible");
        problem.GetProperty("missing").Strings().Should().BeEquivalentTo("consultation.not_signed", "consent.missing");
    }

    [Theory]
    [InlineData("NotEligible")]
    [InlineData("Deferred")]
    public async Task Create_FromConsultationSignedNotEligibleOrDeferred_Returns409NamingTheDecision(string decision)
    {
        var id = await api.BookedConsultation();
        await api.Screen(id, AllItems("No"));
        await api.Consent(id);
        await api.Decide(id, decision, reason: "Pregnancy planned within the year");

        var response = await (await api.ClientAs("clinician")).PostJson(PlansUrl, PlanBody(id));

        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict, "plan.consultation_not_eligible");
        problem.GetProperty("missing").Strings().Should().Equal($"consultation.decision_{decision}");
        (await PlansOf(id)).Should().Be(0);
    }

    [Fact]
    public async Task Create_AfterEligibleWasAmendedToNotEligible_Returns409()
    {
        var id = await api.SignedEligibleConsultation();
        await api.Decide(id, "NotEligible", reason: "Psychosis history disclosed", amendmentReason: "New history from family");

        var response = await (await api.ClientAs("clinician")).PostJson(PlansUrl, PlanBody(id));

        (await response.ShouldBeProblem(HttpStatusCode.Conflict, "plan.consultation_not_eligible"))
            .GetProperty("missing").Strings().Should().Contain("consultation.decision_NotEligible");
    }

    [Fact]
    public async Task Create_AfterConsentWasWithdrawn_Returns409ConsentWithdrawn()
    {
        var id = await api.SignedEligibleConsultation();
        (await (await api.ClientAs("frontdesk")).PostJson($"{ConsultationsUrl}/{id}/consent/withdraw", new { reason = "Declined" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        var response = await (await api.ClientAs("clinician")).PostJson(PlansUrl, PlanBody(id));

        (await response.ShouldBeProblem(HttpStatusCode.Conflict, "plan.consultation_not_eligible"))
            .GetProperty("missing").Strings().Should().Equal("consent.withdrawn");
        (await PlansOf(id)).Should().Be(0);
    }

    [Fact]
    public async Task Create_UnknownConsultation_Returns400ConsultationId()
    {
        var response = await (await api.ClientAs("clinician")).PostJson(PlansUrl, PlanBody(Guid.NewGuid()));

        await response.ShouldBeValidationProblem("consultationId");
    }

    [Theory]
    [InlineData("nurse")]
    [InlineData("frontdesk")]
    [InlineData("admin")]
    public async Task Create_AsNonClinician_Returns403(string account)
    {
        var id = await api.SignedEligibleConsultation();

        var response = await (await api.ClientAs(account)).PostJson(PlansUrl, PlanBody(id));

        await response.ShouldBeProblem(HttpStatusCode.Forbidden, "auth.forbidden");
        (await PlansOf(id)).Should().Be(0);
    }

    [Fact]
    public async Task ConsentWithdrawnAfterThePlanWasMade_PlanIsNoLongerBookable()
    {
        var id = await api.SignedEligibleConsultation();
        var (_, plan) = await api.CreatePlan(PlanBody(id));
        plan.GetProperty("bookable").GetBoolean().Should().BeTrue();

        (await (await api.ClientAs("frontdesk")).PostJson($"{ConsultationsUrl}/{id}/consent/withdraw", new { reason = "Patient withdrew" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        var read = await GetPlan(IdOf(plan));
        read.GetProperty("bookable").GetBoolean().Should().BeFalse();
        read.GetProperty("bookingBlockers").Strings().Should().Equal("consent.withdrawn");
        read.GetProperty("versions").GetArrayLength().Should().Be(1, "the plan itself is kept");
    }

    [Fact]
    public async Task Plan_PastItsValidUntil_IsNotBookableAndSaysExpired()
    {
        var id = await api.SignedEligibleConsultation();
        var today = DateOnly.FromDateTime(api.Clock.GetUtcNow().UtcDateTime);
        var body = PlanBody(id);
        body["validUntil"] = today.AddDays(1).ToString("yyyy-MM-dd");
        var (_, plan) = await api.CreatePlan(body);
        var start = api.Clock.GetUtcNow();

        try
        {
            api.Clock.Advance(TimeSpan.FromDays(1));
            var lastDay = await (await (await api.FreshClientAs("nurse")).GetAsync($"{PlansUrl}/{IdOf(plan)}")).ShouldBeOk<JsonElement>();
            lastDay.GetProperty("bookable").GetBoolean().Should().BeTrue("the plan is valid through its last day");

            api.Clock.Advance(TimeSpan.FromDays(1));
            var read = await (await (await api.FreshClientAs("nurse")).GetAsync($"{PlansUrl}/{IdOf(plan)}")).ShouldBeOk<JsonElement>();

            read.GetProperty("bookable").GetBoolean().Should().BeFalse();
            read.GetProperty("bookingBlockers").Strings().Should().Equal("plan.expired");
        }
        finally
        {
            api.Clock.Set(start);
        }
    }

    public static TheoryData<string> InvalidPlans => new(Invalid.Keys);

    /// <summary>One change to a valid body, and the field the 400 must name.</summary>
    private static readonly Dictionary<string, (Action<Dictionary<string, object?>> Change, string Field)> Invalid = new(StringComparer.Ordinal)
    {
        ["sessionCount 0"] = (b => b["sessionCount"] = 0, "sessionCount"),
        ["sessionCount 51"] = (b => b["sessionCount"] = 51, "sessionCount"),
        ["fastingHours 25"] = (b => b["fastingHours"] = 25m, "fastingHours"),
        ["fastingHours 1.234"] = (b => b["fastingHours"] = 1.234m, "fastingHours"),
        ["fastingHours -1"] = (b => b["fastingHours"] = -1m, "fastingHours"),
        ["doseUnit kg"] = (b => b["prescription"] = new[] { Line(doseUnit: "kg") }, "prescription[0].doseUnit"),
        ["route oral"] = (b => b["prescription"] = new[] { Line(route: "oral") }, "prescription[0].route"),
        ["rate without unit"] = (b => b["prescription"] = new[] { Line(rateValue: 0.15m, rateUnit: null) }, "prescription[0].rateUnit"),
        ["rateUnit not in list"] = (b => b["prescription"] = new[] { Line(rateUnit: "mg/kg/day") }, "prescription[0].rateUnit"),
        ["dose 0"] = (b => b["prescription"] = new[] { Line(doseValue: 0m) }, "prescription[0].doseValue"),
        ["dose 5 decimals"] = (b => b["prescription"] = new[] { Line(doseValue: 0.12345m) }, "prescription[0].doseValue"),
        ["second line bad"] = (b => b["prescription"] = new[] { Line(), Line(drug: "Midazolam", doseUnit: "tablet") }, "prescription[1].doseUnit"),
        ["no prescription"] = (b => b["prescription"] = Array.Empty<object>(), "prescription"),
        ["both spacings"] = (b => b["spacingWeekdays"] = new[] { "Monday", "Thursday" }, "spacingWeekdays"),
        ["no spacing"] = (b => b["spacingDays"] = null, "spacingDays"),
        ["Other without text"] = (b => b["indication"] = "Other", "indicationText"),
        ["window inverted"] = (b => b["preferredWindowEnd"] = "08:00", "preferredWindowEnd"),
        ["validUntil past"] = (b => b["validUntil"] = "2026-11-01", "validUntil"),
        ["setting unknown"] = (b => b["setting"] = "Home", "setting"),
    };

    [Theory]
    [MemberData(nameof(InvalidPlans))]
    public async Task Create_InvalidEntry_Returns400NamingTheFieldAndStoresNothing(string invalidCase)
    {
        var id = await api.SignedEligibleConsultation();
        var body = PlanBody(id);
        var (change, field) = Invalid[invalidCase];
        change(body);

        var response = await (await api.ClientAs("clinician")).PostJson(PlansUrl, body);

        await response.ShouldBeValidationProblem(field);
        (await PlansOf(id)).Should().Be(0);
    }

    [Theory]
    [InlineData("Outpatient", null, true)]
    [InlineData("Inpatient", null, false)]
    [InlineData("Outpatient", false, false)]
    [InlineData("Inpatient", true, true)]
    public async Task Create_EscortRequired_DefaultsBySettingWhenOmitted(string setting, bool? given, bool expected)
    {
        var id = await api.SignedEligibleConsultation();
        var body = PlanBody(id);
        body["setting"] = setting;
        if (given is { } g)
        {
            body["escortRequired"] = g;
        }

        var (_, plan) = await api.CreatePlan(body);

        plan.GetProperty("current").GetProperty("escortRequired").GetBoolean().Should().Be(expected);
        (await GetPlan(IdOf(plan))).GetProperty("current").GetProperty("escortRequired").GetBoolean().Should().Be(expected);
    }

    [Fact]
    public async Task Create_ClinicalValues_AreReadBackExactlyAsEntered()
    {
        var id = await api.SignedEligibleConsultation();
        var body = PlanBody(id);
        body["indication"] = "Other";
        body["indicationText"] = "Post-herpetic neuralgia";
        body["spacingDays"] = null;
        body["spacingWeekdays"] = new[] { "Thursday", "Monday" };
        body["preferredWindowStart"] = "08:30";
        body["preferredWindowEnd"] = "12:45";
        body["fastingHours"] = 6.5m;
        body["prescription"] = new[]
        {
            Line("Ketamine", 0.5m, "mg/kg", 0.15m, "mg/kg/h", "IV"),
            Line("Ondansetron", 12.3456m, "mg", null, null, "IV"),
            Line("Midazolam", 2m, "mg", 0.0001m, "mg/min", "SL"),
        };
        body["validUntil"] = "2027-05-31";

        var (_, created) = await api.CreatePlan(body);
        var read = await GetPlan(IdOf(created));

        foreach (var v in new[] { created.GetProperty("current"), read.GetProperty("current") })
        {
            v.GetProperty("indication").GetString().Should().Be("Other");
            v.GetProperty("indicationText").GetString().Should().Be("Post-herpetic neuralgia");
            v.GetProperty("spacingDays").ValueKind.Should().Be(JsonValueKind.Null);
            v.GetProperty("spacingWeekdays").Strings().Should().Equal("Monday", "Thursday");
            v.GetProperty("preferredWindowStart").GetString().Should().Be("08:30");
            v.GetProperty("preferredWindowEnd").GetString().Should().Be("12:45");
            v.GetProperty("preparationMinutes").GetInt32().Should().Be(30);
            v.GetProperty("infusionMinutes").GetInt32().Should().Be(240);
            v.GetProperty("recoveryMinutes").GetInt32().Should().Be(60);
            v.GetProperty("fastingHours").GetDecimal().Should().Be(6.5m);
            v.GetProperty("validUntil").GetString().Should().Be("2027-05-31");
            var lines = v.GetProperty("prescription").EnumerateArray().ToList();
            lines.Select(l => l.GetProperty("drug").GetString()).Should().Equal("Ketamine", "Ondansetron", "Midazolam");
            lines.Select(l => l.GetProperty("doseValue").GetDecimal()).Should().Equal(0.5m, 12.3456m, 2m);
            lines.Select(l => l.GetProperty("doseUnit").GetString()).Should().Equal("mg/kg", "mg", "mg");
            lines[0].GetProperty("rateValue").GetDecimal().Should().Be(0.15m);
            lines[0].GetProperty("rateUnit").GetString().Should().Be("mg/kg/h");
            lines[1].GetProperty("rateValue").ValueKind.Should().Be(JsonValueKind.Null);
            lines[1].GetProperty("rateUnit").ValueKind.Should().Be(JsonValueKind.Null);
            lines[2].GetProperty("rateValue").GetDecimal().Should().Be(0.0001m);
            lines.Select(l => l.GetProperty("route").GetString()).Should().Equal("IV", "IV", "SL");
        }

        var stored = await api.WithDb(db => db.TreatmentPlans.AsNoTracking().Include(p => p.Versions).SingleAsync(p => p.Id == IdOf(created)));
        var version = stored.Versions.Single();
        version.FastingHours.Should().Be(6.5m);
        version.Prescription.Select(l => l.DoseValue).Should().Equal(0.5m, 12.3456m, 2m);
        version.Prescription.Select(l => l.RateValue).Should().Equal(0.15m, null, 0.0001m);
    }

    [Fact]
    public async Task Amend_WithIfMatchAndReason_AddsVersion2AndKeepsVersion1Unchanged()
    {
        var id = await api.SignedEligibleConsultation();
        var (createdResponse, created) = await api.CreatePlan(PlanBody(id));
        var amended = PlanBody(id);
        amended.Remove("consultationId");
        amended["amendmentReason"] = "Nausea at session 1: lower rate";
        amended["sessionCount"] = 6;
        amended["prescription"] = new[] { Line(rateValue: 0.1m) };

        var response = await (await api.ClientAs("clinician")).PutJson($"{PlansUrl}/{IdOf(created)}", amended, createdResponse.Headers.ETag!.Tag);

        var plan = await response.ShouldBeOk<JsonElement>();
        response.Headers.ETag!.Tag.Should().Be("\"1\"");
        plan.GetProperty("version").GetInt32().Should().Be(1);
        var current = plan.GetProperty("current");
        current.GetProperty("number").GetInt32().Should().Be(2);
        current.GetProperty("sessionCount").GetInt32().Should().Be(6);
        current.GetProperty("prescription")[0].GetProperty("rateValue").GetDecimal().Should().Be(0.1m);
        current.GetProperty("amendmentReason").GetString().Should().Be("Nausea at session 1: lower rate");

        var read = await GetPlan(IdOf(created));
        var versions = read.GetProperty("versions").EnumerateArray().ToList();
        versions.Select(v => v.GetProperty("number").GetInt32()).Should().Equal(1, 2);
        versions[0].ShouldBeSameJsonAs(created.GetProperty("current"), "version 1 is kept exactly as it was");
        read.GetProperty("current").GetProperty("number").GetInt32().Should().Be(2);
        read.GetProperty("bookable").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Amend_WithStaleIfMatch_Returns412AndAddsNoVersion()
    {
        var id = await api.SignedEligibleConsultation();
        var (_, created) = await api.CreatePlan(PlanBody(id));
        var planId = IdOf(created);
        var clinician = await api.ClientAs("clinician");
        var amended = PlanBody(id);
        amended["amendmentReason"] = "More sessions";
        amended["sessionCount"] = 8;
        (await clinician.PutJson($"{PlansUrl}/{planId}", amended, "\"0\"")).StatusCode.Should().Be(HttpStatusCode.OK);

        amended["sessionCount"] = 9;
        var stale = await clinician.PutJson($"{PlansUrl}/{planId}", amended, "\"0\"");

        var problem = await stale.ShouldBeProblem(HttpStatusCode.PreconditionFailed, "precondition_failed");
        problem.GetProperty("currentVersion").GetInt32().Should().Be(1);
        var read = await GetPlan(planId);
        read.GetProperty("versions").GetArrayLength().Should().Be(2);
        read.GetProperty("current").GetProperty("sessionCount").GetInt32().Should().Be(8);
    }

    [Fact]
    public async Task Amend_WithoutReasonOrAsNonClinician_IsRefused()
    {
        var id = await api.SignedEligibleConsultation();
        var (_, created) = await api.CreatePlan(PlanBody(id));
        var url = $"{PlansUrl}/{IdOf(created)}";
        var amended = PlanBody(id);
        amended["amendmentReason"] = "";

        await (await (await api.ClientAs("clinician")).PutJson(url, amended, "\"0\"")).ShouldBeValidationProblem("amendmentReason");
        amended["amendmentReason"] = "Why not";
        await (await (await api.ClientAs("nurse")).PutJson(url, amended, "\"0\"")).ShouldBeProblem(HttpStatusCode.Forbidden);
        amended["fastingHours"] = 1.234m;
        await (await (await api.ClientAs("clinician")).PutJson(url, amended, "\"0\"")).ShouldBeValidationProblem("fastingHours");
        await (await (await api.ClientAs("clinician")).PutJson($"{PlansUrl}/{Guid.NewGuid()}", PlanBody(id).Also("amendmentReason", "x"), "\"0\""))
            .ShouldBeProblem(HttpStatusCode.NotFound);

        (await GetPlan(IdOf(created))).GetProperty("versions").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task List_ByPatient_ReturnsEveryPlanWithItsVersions()
    {
        var patient = await api.NewPatient();
        var first = await api.SignedEligibleConsultation(patient);
        var second = await api.SignedEligibleConsultation(patient);
        var (_, planA) = await api.CreatePlan(PlanBody(first));
        var amended = PlanBody(first).Also("amendmentReason", "Booster").Also("sessionCount", 2);
        (await (await api.ClientAs("clinician")).PutJson($"{PlansUrl}/{IdOf(planA)}", amended, "\"0\"")).StatusCode.Should().Be(HttpStatusCode.OK);
        var (_, planB) = await api.CreatePlan(PlanBody(second));
        await api.CreatePlan(PlanBody(await api.SignedEligibleConsultation()));

        var page = await (await (await api.ClientAs("nurse")).GetAsync($"{PlansUrl}?patientId={patient}")).ShouldBeOk<JsonElement>();

        var items = page.GetProperty("items").EnumerateArray().ToList();
        items.Select(IdOf).Should().BeEquivalentTo([IdOf(planA), IdOf(planB)]);
        items.Single(i => IdOf(i) == IdOf(planA)).GetProperty("versions").GetArrayLength().Should().Be(2);
        items.Should().OnlyContain(i => i.GetProperty("patientId").GetGuid() == patient);
    }

    [Fact]
    public async Task Path_IsAudited_BookingDecisionPlanAndReads()
    {
        var id = await api.SignedEligibleConsultation();
        var (_, plan) = await api.CreatePlan(PlanBody(id));
        var planId = IdOf(plan);
        (await (await api.ClientAs("nurse")).GetAsync($"{ConsultationsUrl}/{id}")).StatusCode.Should().Be(HttpStatusCode.OK);
        await GetPlan(planId);
        var clinician = await api.StaffId("clinician");
        var nurse = await api.StaffId("nurse");

        var entries = await api.WithDb(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityId == id.ToString() || e.EntityId == planId.ToString()).ToListAsync());

        entries.Should().Contain(e => e.Action == "BookConsultation" && e.EntityType == "Consultation" && e.Operation == AuditOperation.Created);
        var decision = entries.Should().ContainSingle(e => e.EntityType == "Consultation.DecisionRecord").Subject;
        decision.EntityId.Should().Be(id.ToString());
        decision.Action.Should().Be("DecideEligibility");
        decision.Operation.Should().Be(AuditOperation.Created);
        decision.ActorId.Should().Be(clinician);
        var signedValues = JsonDocument.Parse(decision.Changes!).RootElement;
        signedValues.GetProperty("signedBy").GetProperty("after").GetGuid().Should().Be(clinician);
        signedValues.TryGetProperty("decision", out _).Should().BeTrue("the audit entry carries the decision taken");
        entries.Should().Contain(e => e.EntityType == "Consultation.ScreeningAnswer" && e.Action == "RecordScreening");
        entries.Should().Contain(e => e.EntityType == "Consultation" && e.Action == "RecordConsent" && e.Operation == AuditOperation.Updated);
        var created = entries.Should().ContainSingle(e => e.EntityType == "TreatmentPlan" && e.Operation == AuditOperation.Created).Subject;
        created.Action.Should().Be("CreateTreatmentPlan");
        created.ActorId.Should().Be(clinician);
        entries.Should().Contain(e => e.EntityType == "TreatmentPlan.TreatmentPlanVersion" && e.Operation == AuditOperation.Created);
        entries.Should().ContainSingle(e => e.EntityType == "Consultation" && e.Operation == AuditOperation.Read && e.ActorId == nurse)
            .Which.Action.Should().Be("GetConsultation");
        entries.Should().ContainSingle(e => e.EntityType == "TreatmentPlan" && e.Operation == AuditOperation.Read && e.ActorId == nurse);
    }

    [Fact]
    public async Task PlanValues_ReadBackWithTheScaleTheyWereEnteredWith_InThePlanItsVersionsAndTheSessionDetail()
    {
        var id = await api.SignedEligibleConsultation();
        var body = PlanBody(id);
        body["fastingHours"] = 8.0m;
        body["prescription"] = new[] { Line(doseValue: 0.50m, rateValue: 0.150m) };
        var (createdResponse, created) = await api.CreatePlan(body);
        var planId = IdOf(created);

        static void ShouldHoldAsEntered(JsonElement version)
        {
            version.GetProperty("fastingHours").GetRawText().Should().Be("8.0");
            version.GetProperty("prescription")[0].GetProperty("doseValue").GetRawText().Should().Be("0.50");
            version.GetProperty("prescription")[0].GetProperty("rateValue").GetRawText().Should().Be("0.150");
        }

        ShouldHoldAsEntered(created.GetProperty("current"));
        ShouldHoldAsEntered((await GetPlan(planId)).GetProperty("current"));

        var amended = PlanBody(id);
        amended.Remove("consultationId");
        amended["amendmentReason"] = "Longer fast";
        amended["fastingHours"] = 10m;
        amended["prescription"] = new[] { Line(doseValue: 0.5000m, rateValue: null, rateUnit: null) };
        await (await (await api.ClientAs("clinician")).PutJson($"{PlansUrl}/{planId}", amended, createdResponse.Headers.ETag!.Tag)).ShouldBeOk<JsonElement>();
        var versions = (await GetPlan(planId)).GetProperty("versions").EnumerateArray().ToList();
        ShouldHoldAsEntered(versions[0]);
        versions[1].GetProperty("fastingHours").GetRawText().Should().Be("10");
        versions[1].GetProperty("prescription")[0].GetProperty("doseValue").GetRawText().Should().Be("0.5000");

        // A session booked under version 2 shows that version's prescription as entered.
        var day = new DateOnly(2027, 4, 6);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [day] });
        var series = await api.BookSeries(planId, site.Id, [day], "10:00", "10:00");
        var session = await api.GetSession(IdOf(series.Sessions()[0]));
        session.GetProperty("day").GetProperty("plannedPrescription")[0].GetProperty("doseValue").GetRawText().Should().Be("0.5000");
    }
}

internal static class BodyExtensions
{
    public static Dictionary<string, object?> Also(this Dictionary<string, object?> body, string key, object? value)
    {
        body[key] = value;
        return body;
    }
}
