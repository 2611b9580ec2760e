using InfusionClinic.Web.Api;

namespace InfusionClinic.Web.Features.Consultations;

/// <summary>
/// What the consultation time picker offers: only the starts the API answered as free for the chosen clinician, room,
/// date and duration (<c>GET /availability/consultations</c>), and, when there is none, what to do next. The API decides
/// what is free and still refuses a time someone took in the meantime (409).
/// </summary>
public static class ConsultationTimes
{
    /// <summary>What still has to be chosen before free times can be asked for, or null when everything is there.</summary>
    public static string? Prompt(Guid? clinicianId, Guid? roomId, DateOnly? date) =>
        (clinicianId, roomId, date) switch
        {
            (null, null, _) => "Choose a clinician and a consult room to see their free times.",
            (null, _, _) => "Choose a clinician to see the free times.",
            (_, null, _) => "Choose a consult room to see the free times.",
            (_, _, null) => "Choose a date to see the free times.",
            _ => null,
        };

    /// <summary>The free local start times, in order.</summary>
    public static IReadOnlyList<TimeOnly> Times(ConsultationAvailabilityDto? availability) =>
        availability?.Times is { } times ? [.. times.Select(t => TimeOnly.FromDateTime(t.LocalStart)).Distinct().Order()] : [];

    /// <summary>The chosen start if it is still free on <paramref name="date"/>, else nothing (the user chooses again).</summary>
    public static DateTime? Keep(DateTime? value, DateOnly date, IReadOnlyList<TimeOnly> free)
    {
        ArgumentNullException.ThrowIfNull(free);
        return value is { } v && DateOnly.FromDateTime(v) == date && free.Contains(TimeOnly.FromDateTime(v)) ? v : null;
    }

    /// <summary>The empty state: why there is no free time (the API's words) and what to try instead.</summary>
    public static string Empty(ConsultationAvailabilityDto availability)
    {
        ArgumentNullException.ThrowIfNull(availability);
        var why = availability.ReasonText is { Length: > 0 } text ? text : "No free time on that day.";
        var next = availability.Reason switch
        {
            "booking.closed_weekday" or "booking.site_closed" or "booking.in_past" => "Choose another date.",
            "booking.outside_opening_hours" => "Choose a shorter duration or another date.",
            "clinician.none_free" => "Choose another date or another clinician.",
            "consult_room.none_free" => "Choose another date or another consult room.",
            _ => "Choose another date, clinician or consult room.",
        };
        return $"No free time. {why} {next}";
    }
}
