using InfusionClinic.Application.Abstractions;
using InfusionClinic.Infrastructure.Health;
using InfusionClinic.Infrastructure.Identity;
using InfusionClinic.Infrastructure.Messaging;
using InfusionClinic.Infrastructure.Persistence;
using InfusionClinic.Infrastructure.Persistence.Seeding;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace InfusionClinic.Infrastructure;

public static class DependencyInjection
{
    /// <summary>Persistence on the configured provider (<c>Database:Provider</c>, <c>ConnectionStrings:Clinic</c>),
    /// audit writing, password hashing, seeding and the readiness check.</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        services.Configure<DatabaseOptions>(configuration.GetSection("Database"));
        services.Configure<SeedOptions>(configuration.GetSection("Seed"));
        services.Configure<Jobs.NoShowSweepOptions>(configuration.GetSection("Jobs:NoShowSweep"));
        services.AddHostedService<Jobs.NoShowJob>();
        services.Configure<Jobs.SignInHousekeepingOptions>(configuration.GetSection("Jobs:SignInHousekeeping"));
        services.AddHostedService<Jobs.SignInHousekeepingJob>();
        var options = configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString("Clinic");

        if (options.Provider == DatabaseProvider.SqlServer)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("Database:Provider is SqlServer: set ConnectionStrings:Clinic.");
            }

            // No automatic retry of a whole save: a replayed save would run again with state left over from the failed
            // attempt (bookings in a transaction, audit entries). Transient failures become 503 + Retry-After.
            services.AddDbContext<SqlServerClinicDbContext>(o => o.UseSqlServer(connectionString).UseAsyncSeeding(DemoSeeding.SeedAsync));
            services.AddScoped<ClinicDbContext>(sp => sp.GetRequiredService<SqlServerClinicDbContext>());
            services.AddDbContext<KeyRingDbContext>(o => o.UseSqlServer(connectionString));
        }
        else
        {
            var sqlite = ResolveSqlite(connectionString ?? DatabaseOptions.DefaultSqliteConnection, environment.ContentRootPath);
            services.AddDbContext<SqliteClinicDbContext>(o => o.UseClinicSqlite(sqlite));
            services.AddScoped<ClinicDbContext>(sp => sp.GetRequiredService<SqliteClinicDbContext>());
            services.AddDbContext<KeyRingDbContext>(o => o.UseSqlite(sqlite));
        }

        // Bearer tokens and cookies are protected with keys kept in the database: every instance reads and writes the
        // same key ring, so a token issued by one instance is accepted by all.
        services.AddDataProtection()
            .SetApplicationName("InfusionClinic")
            .PersistKeysToDbContext<KeyRingDbContext>();

        services.AddScoped<IAppDbContext>(sp => sp.GetRequiredService<ClinicDbContext>());
        services.AddScoped<AuditWriter>();
        // Reads and refused attempts: one queue per process, written in batches by a background service.
        services.Configure<AuditQueueOptions>(configuration.GetSection("Audit:Queue"));
        services.AddSingleton<AuditQueueWriter>();
        services.AddSingleton<IAuditSink>(sp => sp.GetRequiredService<AuditQueueWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<AuditQueueWriter>());
        services.AddScoped<Application.Sites.Resources.IResourceBookings, ResourceBookings>();
        services.AddScoped<DemoSeeder>();
        services.AddSingleton<DemoSeedRun>();
        services.AddSingleton<ICsvFileWriter, Export.CsvFileWriter>();
        services.AddSingleton<IPasswordHasher, PasswordHasher>();
        services.AddSingleton<IPasswordPolicy, PasswordPolicy>();
        services.AddHealthChecks().AddDbContextCheck<ClinicDbContext>("database", tags: ["ready"],
            customTestQuery: DatabaseReadiness.CanReadAndWriteAsync);
        services.AddReminderDispatch(configuration);
        Webhooks.WebhookSetup.AddWebhooks(services, configuration);
        return services;
    }

    /// <summary>Reminder senders per channel (HTTP gateway / SMTP when configured, else the log), the dispatcher, and
    /// its background service when <c>Reminders:Dispatch:Enabled</c> (default on).</summary>
    private static void AddReminderDispatch(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Reminders");
        services.Configure<ReminderOptions>(section);
        var options = section.Get<ReminderOptions>() ?? new ReminderOptions();
        services.AddSingleton<LogSender>();
        services.AddHttpClient<SmsGatewaySender>();
        services.AddSingleton<SmtpEmailSender>();
        services.AddKeyedScoped<IReminderSender>(Domain.Reminders.ReminderChannel.Sms, (sp, _) => string.IsNullOrWhiteSpace(options.Sms.Url)
            ? sp.GetRequiredService<LogSender>()
            : sp.GetRequiredService<SmsGatewaySender>());
        services.AddKeyedScoped<IReminderSender>(Domain.Reminders.ReminderChannel.Email, (sp, _) => string.IsNullOrWhiteSpace(options.Smtp.Host)
            ? sp.GetRequiredService<LogSender>()
            : sp.GetRequiredService<SmtpEmailSender>());
        services.AddSingleton<ReminderDispatcher>();
        if (options.Dispatch.Enabled)
        {
            services.AddHostedService<ReminderDispatchService>();
        }
    }

    /// <summary>A relative SQLite file is placed under the content root (the API project folder with <c>dotnet run</c>).</summary>
    internal static string ResolveSqlite(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.Combine(contentRoot, builder.DataSource);
        }

        return builder.ToString();
    }
}
