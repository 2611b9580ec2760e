namespace InfusionClinic.Api.Hosting;

/// <summary>
/// The API's content root — where its appsettings are read from and a relative SQLite path is placed — comes from the
/// application's own folder, never from the working directory it happened to be started in (started as
/// <c>dotnet /somewhere/InfusionClinic.Api.dll</c> from another folder, a working-directory root found no appsettings
/// and logged with the framework's defaults). Build output inside the project (<c>dotnet run</c>, or the bin folder
/// started by path) uses the project folder, as <c>dotnet run</c> always did: the Development settings and the
/// <c>data/</c> folder stay there. An explicit content root (<c>--contentRoot</c>, <c>ASPNETCORE_CONTENTROOT</c>,
/// <c>DOTNET_CONTENTROOT</c>) still wins.
/// </summary>
public static class AppContentRoot
{
    private const string ProjectFile = "InfusionClinic.Api.csproj";

    /// <summary>bin/&lt;configuration&gt;/&lt;tfm&gt;[/&lt;rid&gt;][/publish]: how far above the app's folder a project's bin folder may be.</summary>
    private const int MaxBinDepth = 5;

    /// <summary>The content root to give the host, or null when one was set explicitly (the host then applies it).</summary>
    public static string? Resolve(string[] args) => Resolve(args, AppContext.BaseDirectory, Environment.GetEnvironmentVariable);

    internal static string? Resolve(string[] args, string appDirectory, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var explicitRoot = new ConfigurationBuilder().AddCommandLine(args).Build()[HostDefaults.ContentRootKey]
                           ?? environment("ASPNETCORE_CONTENTROOT") ?? environment("DOTNET_CONTENTROOT");
        if (!string.IsNullOrWhiteSpace(explicitRoot))
        {
            return null;
        }

        var app = new DirectoryInfo(appDirectory);
        var dir = app;
        for (var depth = 0; dir?.Parent is not null && depth < MaxBinDepth; depth++, dir = dir.Parent)
        {
            if (string.Equals(dir.Name, "bin", StringComparison.Ordinal) && File.Exists(Path.Combine(dir.Parent.FullName, ProjectFile)))
            {
                return dir.Parent.FullName;
            }
        }

        return app.FullName;
    }
}
