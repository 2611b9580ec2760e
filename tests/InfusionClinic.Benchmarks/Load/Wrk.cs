using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace InfusionClinic.Benchmarks.Load;

/// <summary>What one wrk run measured: its own summary (<c>--latency</c>) plus the status counts of the Lua hook.</summary>
internal sealed record WrkResult(double RequestsPerSecond, long Requests, double Seconds, double P50Ms, double P99Ms, long Non2xx, long SocketErrors,
    long Status2xx, long Status201, long Status409, long Status4xx, long Status5xx, long StatusOther)
{
    public static readonly WrkResult None = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

/// <summary>
/// Runs wrk (the Debian package, 4.1) against a local server with a Lua script that counts answers by status in a
/// <c>response()</c> hook (2xx, 201, 409, other 4xx, 5xx) and prints them from <c>done()</c>, and parses its output.
/// </summary>
internal static partial class Wrk
{
    /// <summary>Counts answers per status in every thread; done() adds the threads up and prints one STATUS line.</summary>
    private const string StatusHook = """
        local threads = {}
        function setup(thread)
          thread:set("tid", #threads)
          table.insert(threads, thread)
        end
        c2xx, c201, c409, c4xx, c5xx, cother = 0, 0, 0, 0, 0, 0
        function response(status, headers, body)
          if status >= 500 then c5xx = c5xx + 1
          elseif status == 409 then c409 = c409 + 1
          elseif status >= 400 then c4xx = c4xx + 1
          elseif status >= 200 and status < 300 then
            c2xx = c2xx + 1
            if status == 201 then c201 = c201 + 1 end
          else cother = cother + 1 end
        end
        function done(summary, latency, requests)
          local t = {0, 0, 0, 0, 0, 0}
          for _, th in ipairs(threads) do
            t[1] = t[1] + th:get("c2xx"); t[2] = t[2] + th:get("c201"); t[3] = t[3] + th:get("c409")
            t[4] = t[4] + th:get("c4xx"); t[5] = t[5] + th:get("c5xx"); t[6] = t[6] + th:get("cother")
          end
          io.write(string.format("STATUS 2xx=%d 201=%d 409=%d 4xx=%d 5xx=%d other=%d\n", t[1], t[2], t[3], t[4], t[5], t[6]))
        end

        """;

    /// <summary>wrk on the PATH, or null.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "wrk")).FirstOrDefault(File.Exists);

    /// <summary>The same GET for every request (the URL's path); only the status hook.</summary>
    public static string GetScript() => StatusHook;

    /// <summary>GETs cycling over several paths (the warm-up touches every read it will measure).</summary>
    public static string CycleScript(IReadOnlyList<string> paths)
    {
        var sb = new StringBuilder(StatusHook);
        sb.Append("paths = {").AppendJoin(", ", paths.Select(Quote)).AppendLine("}");
        sb.AppendLine("local i = 0");
        sb.AppendLine("function request() i = i + 1; return wrk.format(\"GET\", paths[(i % #paths) + 1]) end");
        return sb.ToString();
    }

    /// <summary>
    /// POST /api/v1/series, each request a single-session series in its own slot: slot k of a thread is
    /// <c>k × threads + thread</c>, over the given local dates × start times (dates first), with a window of that one start,
    /// JSON content and a unique Idempotency-Key. Slots run out only after dates × times requests (then they wrap and
    /// answer 409). The plans (one per patient) take the slots in turn, so a patient's bookings of a day are more than a
    /// day's starts apart: no patient is booked into two chairs at once.
    /// </summary>
    public static string BookingScript(IReadOnlyList<Guid> planIds, Guid siteId, IReadOnlyList<DateOnly> dates, IReadOnlyList<TimeOnly> starts, int threads, string runToken)
    {
        var sb = new StringBuilder(StatusHook);
        sb.Append(CultureInfo.InvariantCulture, $"siteId, nthreads, token = \"{siteId}\", {threads}, \"{runToken}\"").AppendLine();
        sb.Append("plans = {").AppendJoin(", ", planIds.Select(p => Quote(p.ToString()))).AppendLine("}");
        sb.Append("dates = {").AppendJoin(", ", dates.Select(d => Quote(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))).AppendLine("}");
        sb.Append("starts = {").AppendJoin(", ", starts.Select(t => Quote(t.ToString("HH:mm", CultureInfo.InvariantCulture)))).AppendLine("}");
        sb.AppendLine("""
            local n = 0
            local headers = {}
            function init(args)
              for k, v in pairs(wrk.headers) do headers[k] = v end
              headers["Content-Type"] = "application/json"
            end
            function request()
              local slot = n * nthreads + tid
              n = n + 1
              local day = math.floor(slot / #starts) % #dates + 1
              local start = starts[(slot % #starts) + 1]
              headers["Idempotency-Key"] = string.format("load-%s-%d-%d", token, tid, n)
              local body = string.format('{"planId":"%s","siteId":"%s","dates":["%s"],"windowStart":"%s","windowEnd":"%s","allowPartial":false}',
                plans[(slot % #plans) + 1], siteId, dates[day], start, start)
              return wrk.format("POST", "/api/v1/series", headers, body)
            end
            """);
        return sb.ToString();
    }

    /// <summary>Runs wrk and parses its summary; the whole output goes to <paramref name="logFile"/>.</summary>
    public static async Task<WrkResult> RunAsync(string wrk, string url, string script, string scriptFile, string logFile, int threads, int connections,
        int seconds, string? bearer)
    {
        await File.WriteAllTextAsync(scriptFile, script);
        var psi = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
                     "-d", seconds.ToString(CultureInfo.InvariantCulture) + "s", "--timeout", "30s", "--latency", "-s", scriptFile })
        {
            psi.ArgumentList.Add(a);
        }

        if (bearer is not null)
        {
            psi.ArgumentList.Add("-H");
            psi.ArgumentList.Add("Authorization: Bearer " + bearer);
        }

        psi.ArgumentList.Add(url);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("wrk did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout + await stderr;
        await File.AppendAllTextAsync(logFile, $"$ wrk {string.Join(' ', psi.ArgumentList.Select(a => a.StartsWith("Authorization", StringComparison.Ordinal) ? "Authorization: Bearer …" : a))}\n{output}\n");
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk failed ({process.ExitCode}):\n{output}");
        }

        return Parse(output);
    }

    /// <summary>Reads wrk 4.1's summary: "Requests/sec:", the 50% and 99% lines of the latency distribution, "N requests in
    /// Xs", "Socket errors: connect a, read b, write c, timeout d", "Non-2xx or 3xx responses: n", and the hook's STATUS line.</summary>
    public static WrkResult Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var rps = RequestsPerSecond().Match(output);
        var total = RequestsIn().Match(output);
        var status = StatusLine().Match(output);
        if (!rps.Success || !total.Success || !status.Success)
        {
            throw new InvalidOperationException($"Unexpected wrk output:\n{output}");
        }

        var socket = SocketErrors().Match(output);
        var non2xx = Non2xx().Match(output);
        static long N(Match m, string group) => m.Success ? long.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        var answered = N(total, "n") > 0;
        return new WrkResult(
            double.Parse(rps.Groups["rps"].Value, CultureInfo.InvariantCulture),
            N(total, "n"),
            ToMs(total.Groups["t"].Value, total.Groups["unit"].Value) / 1000,
            answered ? Percentile(output, "50") : double.NaN,
            answered ? Percentile(output, "99") : double.NaN,
            N(non2xx, "n"),
            N(socket, "connect") + N(socket, "read") + N(socket, "write") + N(socket, "timeout"),
            N(status, "s2xx"), N(status, "s201"), N(status, "s409"), N(status, "s4xx"), N(status, "s5xx"), N(status, "other"));
    }

    private static double Percentile(string output, string p)
    {
        var m = Regex.Match(output, @"^\s*" + p + @"%\s+(?<v>[\d.]+)(?<unit>us|ms|s|m)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture,
            TimeSpan.FromSeconds(1));
        return m.Success ? ToMs(m.Groups["v"].Value, m.Groups["unit"].Value) : double.NaN;
    }

    private static double ToMs(string value, string unit)
    {
        var v = double.Parse(value, CultureInfo.InvariantCulture);
        return unit switch
        {
            "us" => v / 1000,
            "ms" => v,
            "s" => v * 1000,
            "m" => v * 60_000,
            _ => throw new InvalidOperationException("Unknown wrk unit " + unit),
        };
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex(@"^Requests/sec:\s+(?<rps>[\d.]+)", RegexOptions.Multiline | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"^\s*(?<n>\d+) requests in (?<t>[\d.]+)(?<unit>us|ms|s|m),", RegexOptions.Multiline | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex RequestsIn();

    [GeneratedRegex(@"Socket errors: connect (?<connect>\d+), read (?<read>\d+), write (?<write>\d+), timeout (?<timeout>\d+)", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex SocketErrors();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (?<n>\d+)", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"^STATUS 2xx=(?<s2xx>\d+) 201=(?<s201>\d+) 409=(?<s409>\d+) 4xx=(?<s4xx>\d+) 5xx=(?<s5xx>\d+) other=(?<other>\d+)",
        RegexOptions.Multiline | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex StatusLine();
}
