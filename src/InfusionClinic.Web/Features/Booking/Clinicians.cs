using InfusionClinic.Web.Api;

namespace InfusionClinic.Web.Features.Booking;

/// <summary>A clinician to book with: id and the name to show.</summary>
public sealed record ClinicianChoice(Guid Id, string Name);

/// <summary>
/// The clinicians a booking can name: the active clinicians of the staff directory (<c>GET /staff-directory</c>, readable by
/// every staff role; names and ids only). The API still checks the clinician on every booking.
/// </summary>
public static class Clinicians
{
    public static async Task<IReadOnlyList<ClinicianChoice>> LoadAsync(ClinicApi api, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        var staff = await api.StaffDirectoryAsync(StaffRoles.Clinician, ct);
        return From(staff);
    }

    /// <summary>Directory entries as choices, in the directory's order (by name).</summary>
    public static IReadOnlyList<ClinicianChoice> From(IEnumerable<StaffDirectoryEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries.Select(s => new ClinicianChoice(s.Id, s.DisplayName ?? s.Id.ToString())).ToList();
    }
}
