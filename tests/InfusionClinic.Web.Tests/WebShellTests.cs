using InfusionClinic.Web.Api;
using InfusionClinic.Web.Layout;
using InfusionClinic.Web.Shared;

namespace InfusionClinic.Web.Tests;

public sealed class WebShellTests
{
    [Theory]
    [InlineData(null, "/")]
    [InlineData("patients/3", "/patients/3")]
    [InlineData("/?site=1&date=2026-11-24", "/?site=1&date=2026-11-24")]
    [InlineData("https://evil.example/x", "/")]
    [InlineData("//evil.example/x", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("signin?returnUrl=x", "/")]
    public void SafeReturn_ReturnUrl_StaysInsideTheApp(string? returnUrl, string expected) =>
        SignInRoutes.SafeReturn(returnUrl).Should().Be(expected);

    [Fact]
    public void WebAssembly_References_NoServerAssembly() =>
        typeof(ClinicApi).Assembly.GetReferencedAssemblies().Select(a => a.Name)
            .Where(n => n!.StartsWith("InfusionClinic.", StringComparison.Ordinal)).Should().BeEmpty();

    [Theory]
    [InlineData("POST", true)]
    [InlineData("PUT", true)]
    [InlineData("PATCH", true)]
    [InlineData("DELETE", true)]
    [InlineData("GET", false)]
    [InlineData("HEAD", false)]
    public void ClinicHttpHandler_Method_SendsTheCsrfHeaderOnUnsafeOnes(string method, bool sends) =>
        ClinicHttpHandler.IsUnsafe(new HttpMethod(method)).Should().Be(sends);

    [Fact]
    public void SiteClock_UtcInstant_IsShownOnTheSitesWallClockAcrossDst()
    {
        var london = new SiteClock("Europe/London");

        SiteClock.Time(london.ToLocal(new DateTime(2026, 7, 1, 9, 0, 0, DateTimeKind.Utc))).Should().Be("10:00");
        SiteClock.Time(london.ToLocal(new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc))).Should().Be("09:00");
        // A local wall-clock time from the API stays as it is.
        SiteClock.Time(london.ToLocal(new DateTime(2026, 7, 1, 9, 0, 0, DateTimeKind.Unspecified))).Should().Be("09:00");
    }
}
