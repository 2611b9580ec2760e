using System.Net;
using InfusionClinic.IntegrationTests.Support;

namespace InfusionClinic.IntegrationTests.Operations;

/// <summary>The API as deployed: environment Production, no OpenAPI setting.</summary>
public sealed class ProductionApiFactory : ApiFactory
{
    protected override string EnvironmentName => "Production";

    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(StringComparer.Ordinal) { ["Api:OpenApi:Enabled"] = null };
}

/// <summary>Production with <c>Api:OpenApi:Enabled=true</c>.</summary>
public sealed class ProductionWithOpenApiFactory : ApiFactory
{
    protected override string EnvironmentName => "Production";

    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(StringComparer.Ordinal) { ["Api:OpenApi:Enabled"] = "true" };
}

public sealed class OpenApiExposureTests(ProductionApiFactory production, ProductionWithOpenApiFactory enabled)
    : IClassFixture<ProductionApiFactory>, IClassFixture<ProductionWithOpenApiFactory>
{
    public static TheoryData<string> OpenApiUrls => new() { "/swagger/v1/swagger.json", "/swagger", "/swagger/index.html" };

    [Theory]
    [MemberData(nameof(OpenApiUrls))]
    public async Task OpenApi_InProductionByDefault_Returns404(string url)
    {
        var response = await production.CreateClient().GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OpenApi_InProductionByDefault_TheApiItselfStillAnswers()
    {
        var response = await (await production.ClientAs("admin")).GetAsync("/api/v1/sites");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(OpenApiUrls))]
    public async Task OpenApi_InProductionWithTheSettingOn_Returns200(string url)
    {
        var response = await enabled.CreateClient().GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
