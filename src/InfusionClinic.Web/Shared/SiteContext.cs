using InfusionClinic.Web.Api;

namespace InfusionClinic.Web.Shared;

/// <summary>The sites the user may pick from, and the one picked (shared by every screen of the session).</summary>
public sealed class SiteContext(ClinicApi api)
{
    private List<SiteDto>? _sites;

    public event EventHandler? Changed;

    public IReadOnlyList<SiteDto> Sites => _sites ?? [];

    public SiteDto? Current { get; private set; }

    public SiteClock? Clock { get; private set; }

    public async Task EnsureLoadedAsync(CancellationToken ct = default)
    {
        if (_sites is not null)
        {
            return;
        }

        var page = await api.ListSitesAsync(1, 100, ct);
        _sites = (page.Items ?? []).Where(s => s.IsActive).OrderBy(s => s.Name, StringComparer.CurrentCulture).ToList();
        if (Current is null && _sites.Count > 0)
        {
            Select(_sites[0]);
        }
        else
        {
            Changed?.Invoke(this, EventArgs.Empty);
        }
    }

    /// <summary>Picks a site by id (e.g. from the address bar); unknown ids leave the current one.</summary>
    public void Select(Guid? siteId)
    {
        if (siteId is { } id && _sites?.Find(s => s.Id == id) is { } site && site.Id != Current?.Id)
        {
            Select(site);
        }
    }

    private void Select(SiteDto site)
    {
        Current = site;
        Clock = new SiteClock(site.TimeZoneId ?? "UTC");
        Changed?.Invoke(this, EventArgs.Empty);
    }
}
