using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace InfusionClinic.Benchmarks.Load;

/// <summary>
/// A server under test in its own process (the published API, or this exe in <c>--bare</c> mode) on a free loopback
/// port, its output going to a log file. Started through <c>sh -c 'exec …'</c> so the process id is the server's own
/// (for /proc/&lt;pid&gt;/status) and the harness spends nothing on piping its logs.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly List<Process> Started = [];
    private readonly Process _process;
    private bool _stopped;

    private ServerProcess(Process process, string url, string logFile)
    {
        _process = process;
        Url = url;
        LogFile = logFile;
    }

    public string Url { get; }

    public string LogFile { get; }

    public int Pid => _process.Id;

    /// <summary>Time from the process start to the first 200 of the readiness URL.</summary>
    public TimeSpan TimeToReady { get; private set; }

    static ServerProcess()
    {
        // Never leave a server behind when the harness stops early (Ctrl+C, an exception).
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
    }

    /// <summary>Starts <paramref name="command"/> with the environment given (plus ASPNETCORE_URLS on a free port) and
    /// waits until <paramref name="readyPath"/> answers 200.</summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyList<string> command, string workingDirectory, IReadOnlyDictionary<string, string> environment,
        string readyPath, string logFile)
    {
        var url = $"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}";
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = workingDirectory };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec \"$@\" >\"$LOADHARNESS_LOG\" 2>&1");
        psi.ArgumentList.Add("sh");
        foreach (var part in command)
        {
            psi.ArgumentList.Add(part);
        }

        psi.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        psi.Environment["ASPNETCORE_URLS"] = url;
        psi.Environment["LOADHARNESS_LOG"] = logFile;
        // A generous timeout: a readiness request the poll gave up on would be logged by the server as a failed check.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(psi) ?? throw new InvalidOperationException("The server did not start.");
        lock (Started)
        {
            Started.Add(process);
        }

        var server = new ServerProcess(process, url, logFile);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {process.ExitCode} before it was ready; see {logFile}:\n{Tail(logFile)}");
            }

            try
            {
                using var answer = await http.GetAsync(url + readyPath);
                if (answer.StatusCode == HttpStatusCode.OK)
                {
                    server.TimeToReady = Stopwatch.GetElapsedTime(started);
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // a slow first answer
            }

            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromMinutes(3))
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"The server was not ready after 3 minutes; see {logFile}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Peak resident set size so far (VmHWM of /proc/&lt;pid&gt;/status), in MiB.</summary>
    public double PeakRssMiB()
    {
        var line = File.ReadLines($"/proc/{Pid.ToString(CultureInfo.InvariantCulture)}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kb = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kb / 1024.0;
    }

    /// <summary>What the server logged at Error or Critical (JSON console logs): saves refused by a unique index (a
    /// booking that lost a slot race, then retried), and every other error (an unhandled exception, a save that failed
    /// otherwise…).</summary>
    public (int LostRaces, int OtherErrors) LoggedErrors()
    {
        if (!File.Exists(LogFile))
        {
            return (0, 0);
        }

        var errors = File.ReadLines(LogFile)
            .Where(l => l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || l.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal))
            .ToList();
        // A refused save is logged twice: the failed command (no reason given) and the save's exception (with it).
        var commands = errors.Count(l => l.Contains("\"Category\":\"Microsoft.EntityFrameworkCore.Database.Command\"", StringComparison.Ordinal));
        var races = errors.Count(l => l.Contains("\"Category\":\"Microsoft.EntityFrameworkCore.Update\"", StringComparison.Ordinal)
                                      && l.Contains("UNIQUE constraint failed", StringComparison.Ordinal));
        return (races, errors.Count - commands - races);
    }

    /// <summary>Stops the server as a service manager would (SIGTERM, then SIGKILL after 15 s).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        lock (Started)
        {
            Started.Remove(_process);
        }

        _process.Dispose();
    }

    private static void KillAll()
    {
        lock (Started)
        {
            foreach (var p in Started.Where(p => !p.HasExited))
            {
                p.Kill(entireProcessTree: true);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Tail(string file) =>
        File.Exists(file) ? string.Join('\n', File.ReadLines(file).TakeLast(20)) : "(no log)";
}
