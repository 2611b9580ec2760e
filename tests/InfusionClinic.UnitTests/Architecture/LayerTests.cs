using System.Reflection;
using FluentValidation;
using InfusionClinic.Application;
using InfusionClinic.Domain.Common;
using InfusionClinic.Infrastructure.Persistence;
using MediatR;

namespace InfusionClinic.UnitTests.Architecture;

/// <summary>Keeps the four layers and the use-case names honest, by reflection (NetArchTest is not in the package source).</summary>
public sealed class LayerTests
{
    private const string Prefix = "InfusionClinic.";

    private static readonly Assembly Domain = typeof(Entity).Assembly;
    private static readonly Assembly Application = typeof(DependencyInjection).Assembly;
    private static readonly Assembly Infrastructure = typeof(ClinicDbContext).Assembly;
    private static readonly Assembly Api = typeof(Program).Assembly;

    /// <summary>Commands whose only inputs are route ids (and the If-Match version): there is nothing to validate.</summary>
    private static readonly HashSet<string> CommandsWithoutValidator = new(StringComparer.Ordinal)
    {
        "DeactivateStaffCommand",
        "ReactivateStaffCommand",
        "RevokeApiKeyCommand",
        "RevokeCalendarFeedCommand",
        "ActivateResourceCommand",
        "DeactivateResourceCommand",
        "CancelClosureCommand",
        "CancelNurseShiftCommand",
        "CheckInCommand",
        "RotateWebhookSecretCommand",
        "RedeliverWebhookCommand",
    };

    private static IEnumerable<string> OurReferences(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    private static IEnumerable<Type> RequestTypes() =>
        Application.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false }
            && t.GetInterfaces().Any(i => i == typeof(IRequest) || (i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>))));

    [Fact]
    public void Assemblies_ByName_AreTheFourLayers()
    {
        Domain.GetName().Name.Should().Be("InfusionClinic.Domain");
        Application.GetName().Name.Should().Be("InfusionClinic.Application");
        Infrastructure.GetName().Name.Should().Be("InfusionClinic.Infrastructure");
        Api.GetName().Name.Should().Be("InfusionClinic.Api");
    }

    [Fact]
    public void Domain_References_NoOtherProjectAssembly() =>
        OurReferences(Domain).Should().BeEmpty();

    [Fact]
    public void Domain_References_NoPersistenceMediatorOrValidation() =>
        Domain.GetReferencedAssemblies().Select(a => a.Name).Should()
            .NotContain(n => n!.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) || n == "MediatR" || n == "FluentValidation");

    [Fact]
    public void Application_References_DomainOnly() =>
        OurReferences(Application).Should().Equal("InfusionClinic.Domain");

    [Fact]
    public void Application_References_NoProviderNorAspNetCore() =>
        Application.GetReferencedAssemblies().Select(a => a.Name).Should()
            .NotContain(n => n!.StartsWith("Microsoft.EntityFrameworkCore.Sql", StringComparison.Ordinal) || n!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));

    [Fact]
    public void Infrastructure_References_ApplicationNotApi() =>
        OurReferences(Infrastructure).Should().NotContain("InfusionClinic.Api").And.Contain("InfusionClinic.Application");

    [Fact]
    public void Handlers_InApplication_HandleACommandOrAQuery()
    {
        var handlers = Application.GetTypes()
            .SelectMany(t => t.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>)).Select(i => (Handler: t, Request: i.GetGenericArguments()[0])))
            .ToList();

        handlers.Should().NotBeEmpty();
        handlers.Should().OnlyContain(h => h.Request.Name.EndsWith("Command", StringComparison.Ordinal) || h.Request.Name.EndsWith("Query", StringComparison.Ordinal),
            "requests are named {UseCase}Command or Get{Thing}Query (STYLE.md)");
        handlers.Should().OnlyContain(h => h.Handler.Name == h.Request.Name + "Handler", "a handler is named after its request");
    }

    [Fact]
    public void Requests_InApplication_HaveExactlyOneHandler()
    {
        var handled = Application.GetTypes()
            .SelectMany(t => t.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>)))
            .Select(i => i.GetGenericArguments()[0])
            .ToList();

        RequestTypes().Should().OnlyContain(r => handled.Count(h => h == r) == 1);
    }

    [Fact]
    public void Commands_InApplication_HaveAValidatorOrAreAllowListed()
    {
        var validated = Application.GetTypes()
            .Where(t => !t.IsAbstract && !t.IsGenericTypeDefinition)
            .SelectMany(t => t.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>)))
            .Select(i => i.GetGenericArguments()[0])
            .ToHashSet();
        var commands = RequestTypes().Where(t => t.Name.EndsWith("Command", StringComparison.Ordinal)).ToList();

        commands.Should().NotBeEmpty();
        commands.Where(c => !validated.Contains(c) && !CommandsWithoutValidator.Contains(c.Name)).Select(c => c.FullName)
            .Should().BeEmpty("every command that carries input has a {UseCase}CommandValidator");
    }

    [Fact]
    public void CommandsWithoutValidator_AllowList_NamesRouteIdOnlyCommands()
    {
        var commands = RequestTypes().Where(t => CommandsWithoutValidator.Contains(t.Name)).ToList();
        var validated = Application.GetTypes()
            .SelectMany(t => t.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>)))
            .Select(i => i.GetGenericArguments()[0])
            .ToHashSet();

        commands.Select(c => c.Name).Should().BeEquivalentTo(CommandsWithoutValidator, "every allow-listed command still exists");
        commands.Should().OnlyContain(c => !validated.Contains(c), "an allow-listed command that gained a validator leaves the list");
        foreach (var command in commands)
        {
            command.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.PropertyType)
                .Should().OnlyContain(t => t == typeof(Guid) || t == typeof(int?) || t == typeof(bool) || t == typeof(InfusionClinic.Application.Sites.Resources.ResourceKind),
                    $"{command.Name} takes only route ids, the route's resource kind, the If-Match version or a flag");
        }
    }

    [Fact]
    public void Validators_InApplication_AreNamedAfterTheirRequest()
    {
        var validators = Application.GetTypes()
            .Where(t => !t.IsAbstract && !t.IsGenericTypeDefinition)
            .SelectMany(t => t.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>)).Select(i => (Validator: t, Request: i.GetGenericArguments()[0])))
            .ToList();

        validators.Should().NotBeEmpty();
        validators.Should().OnlyContain(v => v.Validator.Name == v.Request.Name + "Validator");
    }
}
