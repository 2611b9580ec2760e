using InfusionClinic.Web.Api;

namespace InfusionClinic.Web.Features.Nurse;

/// <summary>What a session in a state waits for, in the nurse's words (the session screen then shows the API's exact list).</summary>
public static class NurseNext
{
    public static string For(SessionStatus status) => status switch
    {
        SessionStatus.Scheduled => "check-in at the desk",
        SessionStatus.CheckedIn => "pre-infusion checkpoints",
        SessionStatus.PreAssessed => "start the infusion",
        SessionStatus.Infusing => "monitor; end of infusion",
        SessionStatus.Paused => "resume or stop",
        SessionStatus.InfusionEnded => "move to recovery",
        SessionStatus.InRecovery => "recovery vitals, discharge checklist, check-out",
        SessionStatus.Discharged => "nothing (discharged)",
        _ => "nothing (" + status + ")",
    };
}
