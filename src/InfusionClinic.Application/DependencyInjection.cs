using System.Reflection;
using FluentValidation;
using InfusionClinic.Application.Behaviours;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InfusionClinic.Application;

public static class DependencyInjection
{
    /// <summary>MediatR 5 has no DI package: the mediator and every handler are registered by an assembly scan here;
    /// validators by FluentValidation's own <c>AddValidatorsFromAssembly</c>. Behaviours run in the order registered:
    /// logging (names the use case), read audit (queues the one read entry of a use case that showed patient records, when it
    /// ends, answered or thrown), booking telemetry (spans and counters of bookings, refusals included), then
    /// validation.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        var assembly = typeof(DependencyInjection).Assembly;
        services.AddScoped<ServiceFactory>(sp => sp.GetService!);
        services.AddScoped<IMediator, Mediator>();
        RegisterClosedImplementations(services, assembly, typeof(IRequestHandler<,>));
        RegisterClosedImplementations(services, assembly, typeof(INotificationHandler<>));
        services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Scoped, includeInternalTypes: true);
        services.AddScoped<Scheduling.SchedulingEngine>();
        services.AddScoped<Reminders.ReminderPlanner>();
        services.AddScoped<Reminders.IReminderTargetSource, Reminders.SessionReminderTargets>();
        services.AddScoped<Reminders.IReminderTargetSource, FollowUps.FollowUpReminderTargets>();
        services.AddScoped<Sessions.RecoveryPlaces>();
        services.AddMemoryCache();
        services.AddSingleton<Sessions.PlanVersionRules>();
        services.AddScoped<Sessions.SweepNoShows.NoShowSweep>();
        services.AddScoped<Auth.Housekeeping.SignInHousekeeping>();
        services.AddSingleton<Common.ClinicTelemetry>();
        services.TryAddScoped<Audit.AuditLog>();
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ReadAuditBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(BookingTelemetryBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));

        // Error keys are the JSON paths clients sent: camelCase, nested with dots ("emergencyContact.phone").
        ValidatorOptions.Global.PropertyNameResolver = (_, member, expression) =>
        {
            var chain = expression is null ? null : FluentValidation.Internal.PropertyChain.FromExpression(expression).ToString();
            var path = string.IsNullOrEmpty(chain) ? member?.Name : chain;
            return path is null ? null : string.Join('.', path.Split('.').Select(CamelCase));
        };
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : CamelCase(member.Name);
        return services;
    }

    internal static string CamelCase(string name) =>
        name.Length == 0 || char.IsLower(name[0]) ? name : char.ToLowerInvariant(name[0]) + name[1..];

    private static void RegisterClosedImplementations(IServiceCollection services, Assembly assembly, Type openInterface)
    {
        foreach (var type in assembly.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false }))
        {
            foreach (var itf in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface))
            {
                services.AddScoped(itf, type);
            }
        }
    }
}
