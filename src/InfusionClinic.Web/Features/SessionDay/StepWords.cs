namespace InfusionClinic.Web.Features.SessionDay;

/// <summary>
/// The steps and blockers the API names (<c>missing</c> of a refused gate, a plan's <c>bookingBlockers</c>), in the desk's
/// words. The API decides what is missing; this only says it plainly. An unknown code is shown as it came.
/// </summary>
public static class StepWords
{
    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["CheckIn"] = "Check the patient in at the desk.",
        ["PreInfusionVitals"] = "Record the pre-infusion vitals.",
        ["FastingConfirmed"] = "Confirm fasting (with the last intake time).",
        ["EscortConfirmed"] = "Confirm the escort (name, phone, relation).",
        ["RecoveryTimeElapsed"] = "Wait until the plan's recovery time is over, or have a clinician override it with a reason.",
        ["DischargeChecklist.AlertAndOriented"] = "Discharge checklist: patient alert and oriented.",
        ["DischargeChecklist.VitalsAcceptable"] = "Discharge checklist: vitals acceptable.",
        ["DischargeChecklist.WalksUnaided"] = "Discharge checklist: walks unaided.",
        ["DischargeChecklist.NauseaControlled"] = "Discharge checklist: nausea controlled.",
        ["DischargeChecklist.IvRemovedSiteOk"] = "Discharge checklist: IV removed, site OK.",
        ["DischargeChecklist.InstructionsGiven"] = "Discharge checklist: aftercare instructions given.",
        ["DischargeChecklist.EscortPresent"] = "Discharge checklist: escort present to take the patient home.",
        ["consultation.not_signed"] = "The consultation's eligibility decision is not signed yet.",
        ["consultation.decision_NotEligible"] = "The consultation decided the patient is not eligible.",
        ["consultation.decision_Deferred"] = "The consultation's decision is deferred.",
        ["consent.missing"] = "The patient's consent has not been recorded.",
        ["consent.withdrawn"] = "The patient has withdrawn consent.",
        ["plan.expired"] = "The plan has expired (past its valid-until date).",
    };

    /// <summary>The plain sentence for one step code.</summary>
    public static string For(string step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (Words.TryGetValue(step, out var words))
        {
            return words;
        }

        if (step.StartsWith("consultation.decision_", StringComparison.Ordinal))
        {
            return $"The consultation's decision is {step["consultation.decision_".Length..]}.";
        }

        if (step.StartsWith("screening.", StringComparison.Ordinal))
        {
            return $"Screening question not answered: {step["screening.".Length..]}.";
        }

        return step;
    }

    /// <summary>Every step in the order the API listed them, each once.</summary>
    public static IReadOnlyList<(string Code, string Words)> List(IEnumerable<string>? steps) =>
        (steps ?? []).Distinct(StringComparer.Ordinal).Select(s => (s, For(s))).ToList();
}
