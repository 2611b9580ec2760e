using System.Text.Json.Serialization;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.Infrastructure.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InfusionClinic.Benchmarks.Load;

/// <summary>
/// The baseline for the session read: a minimal ASP.NET Core app (this exe with <c>--bare --db &lt;file&gt;</c>, its URL
/// from ASPNETCORE_URLS) whose <c>GET /bare/sessions/{id}</c> is one EF Core query of the session row (AsNoTracking, the
/// same <see cref="SqliteClinicDbContext"/>, registered as the API registers it) answered as JSON. No auth, no audit,
/// no MediatR. Logging is the API's (JSON console, Microsoft.AspNetCore and EF Core at Warning), so neither side pays
/// for request logs the other does not.
/// </summary>
internal static class BareServer
{
    public static async Task RunAsync(string dbPath)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole();
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Services.AddDbContext<SqliteClinicDbContext>(o => o.UseSqlite($"Data Source={dbPath}"));
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        var app = builder.Build();
        // Ready once the database answers (as the API's readiness: the EF Core model is built by then).
        app.MapGet("/health/ready", async (SqliteClinicDbContext db, CancellationToken ct) =>
        {
            await db.Sessions.AsNoTracking().AnyAsync(ct);
            return Results.Ok();
        });
        app.MapGet("/bare/sessions/{id:guid}", async (Guid id, SqliteClinicDbContext db, CancellationToken ct) =>
            await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) is { } s
                ? Results.Ok(BareSessionDto.From(s))
                : Results.NotFound());
        await app.RunAsync();
    }

    /// <summary>The session row's columns.</summary>
    internal sealed record BareSessionDto(Guid Id, Guid SeriesId, int Sequence, Guid PlanId, Guid PlanVersionId, Guid PatientId, Guid SiteId, Guid ChairId,
        Guid? RecoveryBayId, int NurseUnit, DateTime LocalStart, DateTimeOffset StartsAt, DateTimeOffset InfusionStartsAt, DateTimeOffset InfusionEndsAt,
        DateTimeOffset RecoveryEndsAt, SessionStatus Status, DateTimeOffset BookedAt, int Version)
    {
        public static BareSessionDto From(Session s) => new(s.Id, s.SeriesId, s.Sequence, s.PlanId, s.PlanVersionId, s.PatientId, s.SiteId, s.ChairId,
            s.RecoveryBayId, s.NurseUnit, s.LocalStart, s.StartsAt, s.InfusionStartsAt, s.InfusionEndsAt, s.RecoveryEndsAt, s.Status, s.BookedAt, s.Version);
    }
}
