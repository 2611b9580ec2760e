using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Infrastructure.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.IntegrationTests.Support;

/// <summary>
/// The real API over HTTP on its own fresh SQLite file (one per test class), migrated and demo-seeded by the app's
/// own start-up, with a <see cref="FakeClock"/> in place of the system clock.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    public const string DemoPassword = "Test-Passw0rd!";
    private readonly ConcurrentDictionary<string, ConcurrentBag<(string Token, DateTimeOffset IssuedAt)>> _tokens = new(StringComparer.Ordinal);

    public ApiFactory()
    {
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "infusionclinic-tests"));
        DatabasePath = Path.Combine(Path.GetTempPath(), "infusionclinic-tests", $"{Guid.NewGuid():N}.db");
        Clock = new FakeClock(FakeClock.DefaultStart);
        OwnsDatabase = true;
    }

    /// <summary>Another API instance on the database (and clock) of <paramref name="first"/>: a second node of a scale-out.
    /// It leaves the file to its first owner.</summary>
    protected ApiFactory(ApiFactory first)
    {
        ArgumentNullException.ThrowIfNull(first);
        DatabasePath = first.DatabasePath;
        Clock = first.Clock;
        OwnsDatabase = false;
    }

    public string DatabasePath { get; }

    /// <summary>A second API instance (its own host, services and data-protection key cache) on this one's database and
    /// clock; the caller disposes it.</summary>
    public ApiFactory AnotherInstance() => new(this);

    public FakeClock Clock { get; }

    private bool OwnsDatabase { get; }

    /// <summary>The SQL Server database this API runs on instead of its SQLite file (see <c>SqlServerApiFactory</c>).</summary>
    protected virtual string? SqlServerConnectionString => null;

    /// <summary>Settings a test class may change (e.g. a low login rate limit); a null value leaves the key unset
    /// (the app's own default).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>The host environment: "Testing" unless a test class runs the API as another one (e.g. Production).</summary>
    protected virtual string EnvironmentName => "Testing";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        // The OpenAPI document is off outside Development by default; the tests read it (Operations/OpenApiTests).
        builder.UseSetting("Api:OpenApi:Enabled", "true");
        if (SqlServerConnectionString is { } sqlServer)
        {
            builder.UseSetting("Database:Provider", "SqlServer");
            builder.UseSetting("ConnectionStrings:Clinic", sqlServer);
            builder.UseSetting("Database:MigrateOnStart", "true");
        }
        else
        {
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("ConnectionStrings:Clinic", $"Data Source={DatabasePath}");
        }

        builder.UseSetting("Seed:Demo", "true");
        builder.UseSetting("Seed:DemoPassword", DemoPassword);
        builder.UseSetting("Auth:LoginPermitLimit", "100000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Tests drive reminder dispatch rounds themselves (ReminderDispatcher.DispatchDueAsync) with the fake clock.
        builder.UseSetting("Reminders:Dispatch:Enabled", "false");
        builder.UseSetting("Jobs:NoShowSweep:Enabled", "false");
        builder.UseSetting("Jobs:SignInHousekeeping:Enabled", "false");
        builder.UseSetting("Webhooks:Dispatch:Enabled", "false");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IStartupFilter, TestClientAddress>();
        });
    }

    /// <summary>Signs in (<c>POST /api/v1/auth/login</c>) as if from <paramref name="address"/>, the way a tablet at its
    /// own address would; the answer as it is.</summary>
    public async Task<HttpResponseMessage> LoginFrom(string email, string password, string address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add(TestClientAddress.Header, address);
        return await CreateClient().SendAsync(request);
    }

    /// <summary>A client signed in as one of the demo accounts: admin, frontdesk, nurse, clinician. A token is reused
    /// while the fake clock stays within 30 minutes after it was issued (tokens live an hour); tests that move the clock
    /// get a new one, or an earlier one again when they move the clock back to its time.</summary>
    public async Task<HttpClient> ClientAs(string account)
    {
        var client = CreateClient();
        var now = Clock.GetUtcNow();
        var tokens = _tokens.GetOrAdd(account, _ => []);
        var cached = tokens.Where(t => now >= t.IssuedAt && now - t.IssuedAt <= TimeSpan.FromMinutes(30)).OrderByDescending(t => t.IssuedAt)
            .FirstOrDefault();
        if (cached.Token is null)
        {
            cached = (await LoginAsync(client, $"{account}@demo.clinic", DemoPassword), now);
            tokens.Add(cached);
        }

        var token = cached.Token;

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client with a new sign-in (not the cached token): for tests that move the clock past a token's life.</summary>
    public async Task<HttpClient> FreshClientAs(string account)
    {
        var client = CreateClient();
        var token = await LoginAsync(client, $"{account}@demo.clinic", DemoPassword);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<string> LoginAsync(HttpClient client, string email, string password)
    {
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenResponse>();
        return body!.AccessToken;
    }

    /// <summary>Runs <paramref name="work"/> against the database the API uses, for arrange and assert. The audit entries
    /// the API has queued (reads, refused attempts) are written first, so the database holds every one made before.</summary>
    public async Task<T> WithDb<T>(Func<ClinicDbContext, Task<T>> work)
    {
        await FlushAuditAsync();
        return await WithDbAsIs(work);
    }

    /// <summary>Like <see cref="WithDb{T}"/> without writing the queued audit entries first: what the database holds now.</summary>
    public async Task<T> WithDbAsIs<T>(Func<ClinicDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ClinicDbContext>());
    }

    /// <summary>Writes the audit entries this API instance has queued (the deterministic end of the batched writer's wait).</summary>
    public Task FlushAuditAsync() => Services.GetRequiredService<IAuditSink>().FlushAsync(CancellationToken.None);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!OwnsDatabase)
        {
            GC.SuppressFinalize(this);
            return;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try
            {
                File.Delete(DatabasePath + suffix);
            }
            catch (IOException)
            {
                // best effort: the temp folder is cleaned by the OS
            }
        }

        GC.SuppressFinalize(this);
    }

    private sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

    /// <summary>The test server has no remote address: a request may name one in <see cref="Header"/> (tablets at
    /// different addresses). Runs before the whole pipeline, like the connection itself.</summary>
    private sealed class TestClientAddress : IStartupFilter
    {
        public const string Header = "X-Test-Client-Address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (ctx, nextMiddleware) =>
            {
                if (ctx.Request.Headers.TryGetValue(Header, out var value) && System.Net.IPAddress.TryParse(value.ToString(), out var address))
                {
                    ctx.Connection.RemoteIpAddress = address;
                }

                await nextMiddleware(ctx);
            });
            next(app);
        };
    }
}
