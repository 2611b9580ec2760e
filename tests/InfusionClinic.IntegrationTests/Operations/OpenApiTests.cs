using System.Text.Json;
using InfusionClinic.IntegrationTests.Support;

namespace InfusionClinic.IntegrationTests.Operations;

public sealed class OpenApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task<JsonElement> Document()
    {
        var response = await api.CreateClient().GetAsync("/swagger/v1/swagger.json");
        return await response.ShouldBeOk<JsonElement>();
    }

    [Fact]
    public async Task Document_EveryRequestBody_HasAnExample()
    {
        var doc = await Document();
        var missing = new List<string>();
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject())
            {
                if (op.Value.TryGetProperty("requestBody", out var body)
                    && !body.GetProperty("content").EnumerateObject().Any(c => c.Value.TryGetProperty("example", out _)))
                {
                    missing.Add($"{op.Name.ToUpperInvariant()} {path.Name}");
                }
            }
        }

        missing.Should().BeEmpty();
    }

    [Fact]
    public async Task Document_EveryOperation_HasAUniqueOperationIdAndASummary()
    {
        var doc = await Document();
        var ops = doc.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(o => (Route: $"{o.Name} {p.Name}", Op: o.Value))).ToList();
        ops.Should().NotBeEmpty();
        ops.Where(o => !o.Op.TryGetProperty("summary", out _)).Select(o => o.Route).Should().BeEmpty();
        var ids = ops.Select(o => o.Op.GetProperty("operationId").GetString()).ToList();
        ids.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Document_WriteOperations_DeclareTheirProblemResponses()
    {
        var doc = await Document();
        var writes = doc.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Name is "post" or "put").Select(o => (Route: $"{o.Name} {p.Name}", Op: o.Value)))
            .Where(o => !o.Route.EndsWith("/auth/logout", StringComparison.Ordinal))
            .ToList();
        writes.Where(w => !w.Op.GetProperty("responses").EnumerateObject().Any(r => r.Name.StartsWith('4')))
            .Select(w => w.Route).Should().BeEmpty("every write documents the problems it can return");
    }

    [Fact]
    public async Task Document_EveryPut_Documents428AndARequiredIfMatchHeader()
    {
        var doc = await Document();
        var puts = doc.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Name is "put" or "patch").Select(o => (Route: $"{o.Name} {p.Name}", Op: o.Value)))
            .ToList();

        puts.Should().NotBeEmpty();
        puts.Where(p => !p.Op.GetProperty("responses").TryGetProperty("428", out _)).Select(p => p.Route).Should().BeEmpty();
        puts.Where(p => !p.Op.TryGetProperty("parameters", out var ps) || !ps.EnumerateArray().Any(x =>
                x.GetProperty("name").GetString() == "If-Match" && x.GetProperty("in").GetString() == "header" && x.GetProperty("required").GetBoolean()))
            .Select(p => p.Route).Should().BeEmpty();
    }
}
