using System.Diagnostics;
using InfusionClinic.Api.Hosting;

namespace InfusionClinic.IntegrationTests.Operations;

/// <summary>
/// The API reads its settings from its own folder, whatever folder it is started from: the build output started by
/// path from a temporary folder reads the project's appsettings (as <c>dotnet run</c> does), a published folder its
/// own, and an explicit content root still wins.
/// </summary>
public sealed class ContentRootTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("infusionclinic-contentroot-");

    public void Dispose()
    {
        try
        {
            _temp.Delete(recursive: true);
        }
        catch (IOException)
        {
            // best effort: the temp folder is cleaned by the OS
        }
    }

    private static Func<string, string?> NoEnvironment => _ => null;

    private string Folder(params string[] parts) => Directory.CreateDirectory(Path.Combine([_temp.FullName, .. parts])).FullName;

    [Theory]
    [InlineData("bin", "Debug", "net10.0")]
    [InlineData("bin", "Release", "net10.0", "linux-x64")]
    [InlineData("bin", "Release", "net10.0", "publish")]
    public void Resolve_BuildOutputInsideTheProject_IsTheProjectFolder(params string[] output)
    {
        var project = Folder("src", "InfusionClinic.Api");
        File.WriteAllText(Path.Combine(project, "InfusionClinic.Api.csproj"), "<Project />");

        AppContentRoot.Resolve([], Folder(["src", "InfusionClinic.Api", .. output]), NoEnvironment).Should().Be(project);
    }

    [Fact]
    public void Resolve_PublishedFolder_IsTheAppFolder()
    {
        var app = Folder("srv", "bin", "infusionclinic");

        AppContentRoot.Resolve([], app, NoEnvironment).Should().Be(app);
    }

    [Fact]
    public void Resolve_ContentRootGiven_LeavesItToTheHost()
    {
        var app = Folder("app");

        AppContentRoot.Resolve(["--contentRoot", "/elsewhere"], app, NoEnvironment).Should().BeNull();
        AppContentRoot.Resolve([], app, k => k == "ASPNETCORE_CONTENTROOT" ? "/elsewhere" : null).Should().BeNull();
        AppContentRoot.Resolve([], app, k => k == "DOTNET_CONTENTROOT" ? "/elsewhere" : null).Should().BeNull();
    }

    /// <summary>The real thing: <c>dotnet path/InfusionClinic.Api.dll</c> (the API project's build output) started in an
    /// empty folder, in Production, on a SQLite file of its own. appsettings.json sets Microsoft.EntityFrameworkCore to
    /// Warning: had it not been read, the migration's commands would be logged at the Information default.</summary>
    [Fact]
    public async Task ApiDll_StartedFromAnotherFolder_ReadsTheAppSettingsOfItsProject()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var project = Path.Combine(RepositoryRoot(testOutput).FullName, "src", "InfusionClinic.Api");
        var dll = Path.Combine(project, "bin", testOutput.Parent!.Name, testOutput.Name, "InfusionClinic.Api.dll");
        File.Exists(dll).Should().BeTrue(dll);
        var cwd = Folder("cwd");
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = cwd,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--urls", "http://127.0.0.1:0", $"--ConnectionStrings:Clinic=Data Source={Path.Combine(cwd, "clinic.db")}",
                     "--Reminders:Dispatch:Enabled=false", "--Jobs:NoShowSweep:Enabled=false", "--Jobs:SignInHousekeeping:Enabled=false" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)
                                                              || k.StartsWith("DOTNET_CONTENTROOT", StringComparison.Ordinal) || k.StartsWith("Logging__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        var lines = new List<string>();
        using (var api = Process.Start(start)!)
        {
            api.ErrorDataReceived += (_, _) => { };
            api.BeginErrorReadLine();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            try
            {
                while (await api.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
                {
                    lines.Add(line);
                    // The host's last start-up entry, after "Application started" and "Hosting environment".
                    if (line.Contains("Content root path", StringComparison.Ordinal))
                    {
                        break;
                    }
                }
            }
            finally
            {
                api.Kill(entireProcessTree: true);
                await api.WaitForExitAsync(CancellationToken.None);
            }
        }

        lines.Should().Contain(l => l.Contains("Application started", StringComparison.Ordinal), string.Join('\n', lines));
        lines.Should().Contain(l => l.Contains("\"EnvName\":\"Production\"", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains($"\"ContentRoot\":\"{project}\"", StringComparison.Ordinal), string.Join('\n', lines));
        lines.Should().NotContain(l => l.Contains("\"Category\":\"Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
                                       && l.Contains("\"LogLevel\":\"Information\"", StringComparison.Ordinal),
            "appsettings.json (Microsoft.EntityFrameworkCore: Warning) was read");
    }

    private static DirectoryInfo RepositoryRoot(DirectoryInfo from)
    {
        for (var dir = from; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InfusionClinic.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException($"No InfusionClinic.sln above {from.FullName}.");
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
