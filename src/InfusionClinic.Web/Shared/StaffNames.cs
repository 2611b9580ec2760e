using InfusionClinic.Web.Api;

namespace InfusionClinic.Web.Shared;

/// <summary>
/// Colleagues' names for the staff ids the API answers with (a checkpoint's author, a decision's signer): the staff
/// directory (<c>GET /staff-directory</c>, readable by every staff role; active colleagues' ids and names), read once per
/// app session. An id the directory does not know (a deactivated colleague, or the directory unreachable) is shown as the id.
/// </summary>
public sealed class StaffNames(ClinicApi api)
{
    private Dictionary<Guid, string>? _names;

    /// <summary>Reads the directory the first time; a failure leaves the ids to be shown as they are (asked again next time).</summary>
    public async Task EnsureLoadedAsync(CancellationToken ct = default)
    {
        if (_names is not null)
        {
            return;
        }

        try
        {
            var entries = await api.StaffDirectoryAsync(null, ct);
            _names = entries.Where(e => !string.IsNullOrWhiteSpace(e.DisplayName)).GroupBy(e => e.Id).ToDictionary(g => g.Key, g => g.First().DisplayName!);
        }
        catch (ApiException)
        {
            // Shown as ids; the next screen asks again.
        }
        catch (HttpRequestException)
        {
            // Shown as ids; the next screen asks again.
        }
    }

    /// <summary>The colleague's name, or the id itself when the directory does not know it.</summary>
    public string Of(Guid id) => _names is not null && _names.TryGetValue(id, out var name) ? name : id.ToString();

    /// <summary>Who wrote an entry: "the system" (no author), "you", or the colleague's name (else the id).</summary>
    public string Author(Guid? id, Guid? me) => id switch
    {
        null => "the system",
        { } a when a == me => "you",
        { } a => Of(a),
    };
}
