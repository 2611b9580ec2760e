using System.Net;
using System.Text.Json;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Infrastructure.Identity;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.IntegrationTests.Auth;

/// <summary>The API with a password hasher that counts the hashes it computes (the cost that timing would reveal).</summary>
public sealed class CountingHasherApiFactory : ApiFactory
{
    public CountingHasher Hasher { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IPasswordHasher>(Hasher));
    }

    public sealed class CountingHasher : IPasswordHasher
    {
        private readonly PasswordHasher _inner = new();
        private int _verifications;

        /// <summary>Real and simulated verifications: each is one PBKDF2 computation.</summary>
        public int Verifications => Volatile.Read(ref _verifications);

        public string Hash(string password) => _inner.Hash(password);

        public bool Verify(string hash, string password, out bool needsRehash)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.Verify(hash, password, out needsRehash);
        }

        public void SimulateVerify(string password)
        {
            Interlocked.Increment(ref _verifications);
            _inner.SimulateVerify(password);
        }
    }
}

/// <summary>Lockout per account name and client address; unknown and known emails answer alike.</summary>
public sealed class LockoutTests(CountingHasherApiFactory api) : IClassFixture<CountingHasherApiFactory>
{
    private const string Password = "plum orbit saddle wren";

    private async Task<Guid> NewNurse(string email)
    {
        var created = await (await api.ClientAs("admin")).PostJson("/api/v1/staff", new { email, displayName = "Lock Test", roles = new[] { "Nurse" }, password = Password });
        return (await created.ShouldBeOk<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private Task<HttpResponseMessage> Login(string email, string password, string address) => api.LoginFrom(email, password, address);

    /// <summary>Status and body without the trace id (which differs per request).</summary>
    private static async Task<string> Answer(HttpResponseMessage response)
    {
        var json = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(await response.Content.ReadAsStringAsync())!;
        json.Remove("traceId");
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType} {JsonSerializer.Serialize(json.OrderBy(p => p.Key, StringComparer.Ordinal))}";
    }

    [Fact]
    public async Task Login_UnknownEmailAfterFiveFailures_AnswersExactlyLikeARealAccount()
    {
        await NewNurse("real.nurse@demo.clinic");
        var real = new List<string>();
        var unknown = new List<string>();

        for (var i = 0; i < 6; i++)
        {
            real.Add(await Answer(await Login("real.nurse@demo.clinic", $"guess-{i}-wrong", "198.51.100.10")));
            unknown.Add(await Answer(await Login("no.such.nurse@demo.clinic", $"guess-{i}-wrong", "198.51.100.10")));
        }

        unknown.Should().Equal(real);
        real[^1].Should().Contain("auth.locked_out");
        real[0].Should().Contain("auth.invalid_credentials");
    }

    [Fact]
    public async Task Login_KnownOrUnknownEmail_ComputesOnePasswordHashAndWritesTheSameRows()
    {
        await NewNurse("same.work@demo.clinic");
        var before = api.Hasher.Verifications;
        await Login("same.work@demo.clinic", "not-the-password", "198.51.100.20");
        var forKnown = api.Hasher.Verifications - before;
        var rowsAfterKnown = await api.WithDb(db => db.SignInLockouts.CountAsync());

        before = api.Hasher.Verifications;
        await Login("nobody.here@demo.clinic", "not-the-password", "198.51.100.20");
        var forUnknown = api.Hasher.Verifications - before;
        var rowsAfterUnknown = await api.WithDb(db => db.SignInLockouts.CountAsync());

        (forKnown, forUnknown).Should().Be((1, 1));
        rowsAfterUnknown.Should().Be(rowsAfterKnown + 1, "an unknown email is counted like a known one");
    }

    [Fact]
    public async Task Login_FloodFromOneAddress_DoesNotLockTheNurseOutAtHerOwnTablet()
    {
        await NewNurse("tablet.nurse@demo.clinic");
        for (var i = 0; i < 10; i++)
        {
            await Login("tablet.nurse@demo.clinic", $"attacker-{i}", "203.0.113.66");
        }

        await (await Login("tablet.nurse@demo.clinic", Password, "203.0.113.66")).ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.locked_out");

        (await Login("tablet.nurse@demo.clinic", Password, "10.20.30.40")).StatusCode.Should().Be(HttpStatusCode.OK, "her tablet is another address");
    }

    [Fact]
    public async Task Login_LockedFromAnAddress_OtherAccountsFromThatAddressStillSignIn()
    {
        await NewNurse("neighbour.a@demo.clinic");
        await NewNurse("neighbour.b@demo.clinic");
        for (var i = 0; i < 5; i++)
        {
            await Login("neighbour.a@demo.clinic", $"wrong-{i}", "192.0.2.5");
        }

        (await Login("neighbour.b@demo.clinic", Password, "192.0.2.5")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ResetPassword_ByAdmin_LiftsTheAccountsLockouts()
    {
        var id = await NewNurse("locked.reset@demo.clinic");
        for (var i = 0; i < 5; i++)
        {
            await Login("locked.reset@demo.clinic", $"wrong-{i}", "192.0.2.77");
        }

        await (await Login("locked.reset@demo.clinic", Password, "192.0.2.77")).ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.locked_out");
        const string newPassword = "lantern quiet tablet harbour";
        (await (await api.ClientAs("admin")).PostJson($"/api/v1/staff/{id}/reset-password", new { newPassword })).StatusCode.Should().Be(HttpStatusCode.OK);

        (await Login("locked.reset@demo.clinic", newPassword, "192.0.2.77")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
