using System.IO.Pipes;
using System.Net.Sockets;
using System.Text;

namespace InfusionClinic.IntegrationTests.Support.SqlServer;

/// <summary>
/// Finds a Docker engine that answers, quickly and without throwing: <c>DOCKER_HOST</c> when set (as every Docker client
/// does), else the usual sockets (Linux, rootless, Docker Desktop, Windows' pipe). A socket file or a <c>docker</c> binary
/// is not enough: the engine must answer <c>GET /_ping</c> within the timeout. No Testcontainers probing here, which can
/// take long or throw when there is no engine.
/// </summary>
internal static class DockerEngine
{
    public static Uri? Find(TimeSpan timeout) => Find(Candidates(), timeout);

    /// <summary>The first of <paramref name="candidates"/> whose engine answers a ping within <paramref name="timeout"/>.</summary>
    internal static Uri? Find(IEnumerable<Uri> candidates, TimeSpan timeout)
    {
        foreach (var endpoint in candidates)
        {
            if (Answers(endpoint, timeout))
            {
                return endpoint;
            }
        }

        return null;
    }

    public static string Describe() => string.Join(", ", Candidates().Select(c => c.ToString()));

    private static IEnumerable<Uri> Candidates()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrWhiteSpace(host))
        {
            if (Uri.TryCreate(host, UriKind.Absolute, out var uri))
            {
                yield return uri;
            }

            yield break;
        }

        if (OperatingSystem.IsWindows())
        {
            yield return new Uri("npipe://./pipe/docker_engine");
            yield break;
        }

        yield return new Uri("unix:///var/run/docker.sock");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        if (!string.IsNullOrEmpty(runtime))
        {
            yield return new Uri("unix://" + Path.Combine(runtime, "docker.sock"));
        }

        if (!string.IsNullOrEmpty(home))
        {
            yield return new Uri("unix://" + Path.Combine(home, ".docker", "run", "docker.sock"));
            yield return new Uri("unix://" + Path.Combine(home, ".docker", "desktop", "docker.sock"));
        }
    }

    private static bool Answers(Uri endpoint, TimeSpan timeout)
    {
        try
        {
            using var stream = Open(endpoint, timeout);
            if (stream is null)
            {
                return false;
            }

            stream.WriteTimeout = stream.ReadTimeout = (int)timeout.TotalMilliseconds;
            stream.Write("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"u8);
            var buffer = new byte[16];
            var read = stream.Read(buffer, 0, buffer.Length);
            // Any HTTP answer means an engine listens (one behind TLS answers plain HTTP with a 400).
            return read >= 5 && Encoding.ASCII.GetString(buffer, 0, read).StartsWith("HTTP/", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever went wrong, no engine answered: the SQL Server tests are skipped, the run goes on.
            return false;
        }
    }

    private static Stream? Open(Uri endpoint, TimeSpan timeout)
    {
        switch (endpoint.Scheme)
        {
            case "unix":
            {
                if (!File.Exists(endpoint.LocalPath))
                {
                    return null;
                }

                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                return Connect(socket, new UnixDomainSocketEndPoint(endpoint.LocalPath), timeout);
            }

            case "tcp":
            case "http":
            case "https":
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                return Connect(socket, new System.Net.DnsEndPoint(endpoint.Host, endpoint.Port), timeout);
            }

            case "npipe":
            {
                var pipe = new NamedPipeClientStream(".", endpoint.AbsolutePath.Replace("/pipe/", "", StringComparison.Ordinal).Trim('/'), PipeDirection.InOut);
                try
                {
                    pipe.Connect((int)timeout.TotalMilliseconds);
                    return pipe;
                }
                catch
                {
                    pipe.Dispose();
                    throw;
                }
            }

            default:
                return null;
        }
    }

    private static NetworkStream? Connect(Socket socket, System.Net.EndPoint endPoint, TimeSpan timeout)
    {
        try
        {
            if (!socket.ConnectAsync(endPoint).Wait(timeout))
            {
                socket.Dispose();
                return null;
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
