using System.Globalization;

namespace InfusionClinic.Web.Features.Worklists;

/// <summary>The CSV export route (<c>GET /api/v1/sessions/export</c>, as in the OpenAPI snapshot) for a site and two local dates.</summary>
public static class SessionExport
{
    public static string Url(Guid siteId, DateOnly from, DateOnly to) =>
        string.Create(CultureInfo.InvariantCulture, $"api/v1/sessions/export?SiteId={siteId}&From={from:yyyy-MM-dd}&To={to:yyyy-MM-dd}");
}
