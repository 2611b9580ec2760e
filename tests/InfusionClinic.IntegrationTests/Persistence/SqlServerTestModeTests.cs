using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using InfusionClinic.IntegrationTests.Support.SqlServer;

namespace InfusionClinic.IntegrationTests.Persistence;

/// <summary>How a run decides where its SQL Server tests go: the variable wins, else a Docker engine that really answers,
/// else they are skipped with the reason. Looking for an engine is quick and never fails or hangs the run.</summary>
public sealed class SqlServerTestModeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);

    [Fact]
    public void Decide_VariableSet_UsesItWithoutProbingDocker()
    {
        var probed = false;

        var decision = SqlServerTestServer.Decide("Server=db;User Id=sa;Password=x", () =>
        {
            probed = true;
            return new Uri("unix:///var/run/docker.sock");
        });

        decision.Should().Be(("Server=db;User Id=sa;Password=x", (Uri?)null, (string?)null));
        probed.Should().BeFalse();
    }

    [Fact]
    public void Decide_NoVariableButAnEngine_RunsOnAContainer()
    {
        var engine = new Uri("unix:///var/run/docker.sock");

        SqlServerTestServer.Decide("  ", () => engine).Should().Be(((string?)null, engine, (string?)null));
    }

    [Fact]
    public void Decide_NoVariableAndNoEngine_SkipsWithTheReason()
    {
        var (connection, docker, skip) = SqlServerTestServer.Decide(null, () => null);

        (connection, docker).Should().Be(((string?)null, (Uri?)null));
        skip.Should().Contain(SqlServerTestServer.Variable).And.Contain("Docker");
    }

    [Fact]
    public async Task Find_UnixSocketWhoseEngineAnswersPing_ReturnsIt()
    {
        var path = SocketPath();
        using var listener = Listen(path);
        var serve = Task.Run(async () =>
        {
            using var client = await listener.AcceptAsync();
            var buffer = new byte[256];
            var read = await client.ReceiveAsync(buffer);
            Encoding.ASCII.GetString(buffer, 0, read).Should().StartWith("GET /_ping ");
            await client.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK"u8.ToArray());
        });

        var found = DockerEngine.Find([new Uri("unix://" + path)], TimeSpan.FromSeconds(5));

        await serve;
        found.Should().Be(new Uri("unix://" + path));
    }

    [Fact]
    public void Find_NoSocketFile_IsNullAtOnce()
    {
        var watch = Stopwatch.StartNew();

        DockerEngine.Find([new Uri("unix://" + SocketPath())], Timeout).Should().BeNull();

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Find_SocketPathWithNoEngineBehindIt_IsNull()
    {
        var path = SocketPath();
        File.WriteAllText(path, "");
        try
        {
            DockerEngine.Find([new Uri("unix://" + path)], Timeout).Should().BeNull();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Find_EngineThatAcceptsButNeverAnswers_GivesUpAfterTheTimeout()
    {
        var path = SocketPath();
        using var listener = Listen(path);
        var watch = Stopwatch.StartNew();

        DockerEngine.Find([new Uri("unix://" + path)], Timeout).Should().BeNull();

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Find_TcpPortWithNothingListening_IsNull()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        DockerEngine.Find([new Uri($"tcp://127.0.0.1:{port}")], Timeout).Should().BeNull();
    }

    private static string SocketPath() => Path.Combine(Path.GetTempPath(), $"ic-docker-{Guid.NewGuid():N}"[..20] + ".sock");

    private static Socket Listen(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen(1);
        return socket;
    }
}
