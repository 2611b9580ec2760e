namespace InfusionClinic.Web.Layout;

/// <summary>Where the sign-in page is and where it sends the user back to (only a path of this app, never another site).</summary>
public static class SignInRoutes
{
    public const string Page = "signin";

    public static string To(string? returnUrl) =>
        string.IsNullOrEmpty(returnUrl) || returnUrl == "/" ? "/" + Page : $"/{Page}?returnUrl={Uri.EscapeDataString(returnUrl)}";

    /// <summary>A local path to go back to after signing in; anything else (absolute, protocol-relative, the sign-in page
    /// itself) goes to the home screen.</summary>
    public static string SafeReturn(string? returnUrl)
    {
        if (string.IsNullOrWhiteSpace(returnUrl))
        {
            return "/";
        }

        var path = returnUrl.Trim();
        if (path.Contains("://", StringComparison.Ordinal) || path.StartsWith("//", StringComparison.Ordinal) || path.StartsWith("/\\", StringComparison.Ordinal)
            || path.StartsWith('\\'))
        {
            return "/";
        }

        path = "/" + path.TrimStart('/');
        return path.StartsWith("/" + Page, StringComparison.OrdinalIgnoreCase) ? "/" : path;
    }
}
