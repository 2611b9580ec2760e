using InfusionClinic.Application;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.UnitTests.Support;

/// <summary>
/// The camelCase error-key resolver lives in the static <c>ValidatorOptions.Global</c> and is installed by
/// <c>AddApplication()</c>; validator tests call this once so that their keys match what the API answers.
/// </summary>
public static class ValidatorSetup
{
    private static readonly Lazy<bool> Installed = new(() =>
    {
        new ServiceCollection().AddApplication();
        return true;
    });

    public static void EnsureInstalled() => _ = Installed.Value;
}
