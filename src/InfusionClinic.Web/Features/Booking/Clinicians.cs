using InfusionClinic.Web.Api;

namespace InfusionClinic.Web.Features.Booking;

/// <summary>A clinician to book with: id and the name to show.</summary>
public sealed record ClinicianChoice(Guid Id, string Name);

/// <summary>
/// The clinicians a booking can name. The staff directory (<c>GET /staff</c>) is Admin-only in the API, so for the front
/// desk the list is the clinicians already taking consultations at the site (their names are not readable to that role);
/// the API still checks the clinician on every booking.
/// </summary>
public static class Clinicians
{
    public static async Task<IReadOnlyList<ClinicianChoice>> LoadAsync(ClinicApi api, Guid siteId, StaffDto? me, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        try
        {
            var staff = await api.ListStaffAsync(StaffRoles.Clinician, true, 1, 100, ct);
            return (staff.Items ?? []).Select(s => new ClinicianChoice(s.Id, s.DisplayName ?? s.Email ?? s.Id.ToString())).ToList();
        }
        catch (ApiException e) when (e.StatusCode == 403)
        {
            var now = DateTime.UtcNow;
            var page = await api.ListConsultationsAsync(null, siteId, now.AddDays(-365), now.AddDays(90), 1, 100, ct);
            return FromBookings((page.Items ?? []).Select(c => c.ClinicianId), me);
        }
    }

    /// <summary>Distinct clinicians of earlier bookings (first seen first); the signed-in clinician by name.</summary>
    public static IReadOnlyList<ClinicianChoice> FromBookings(IEnumerable<Guid> clinicianIds, StaffDto? me)
    {
        ArgumentNullException.ThrowIfNull(clinicianIds);
        var list = new List<ClinicianChoice>();
        if (me is not null && (me.Roles ?? []).Any(r => r == StaffRoles.Clinician))
        {
            list.Add(new ClinicianChoice(me.Id, me.DisplayName ?? me.Email ?? "me"));
        }

        foreach (var id in clinicianIds.Distinct())
        {
            if (list.TrueForAll(c => c.Id != id))
            {
                list.Add(new ClinicianChoice(id, $"Clinician {list.Count + 1} ({id.ToString()[..8]})"));
            }
        }

        return list;
    }
}
