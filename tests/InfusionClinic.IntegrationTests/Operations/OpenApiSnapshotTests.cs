using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using InfusionClinic.IntegrationTests.Support;
using NJsonSchema.CodeGeneration.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;

namespace InfusionClinic.IntegrationTests.Operations;

/// <summary>
/// The committed OpenAPI document (<c>src/InfusionClinic.Api/openapi/v1.json</c>) is the live one, and the web UI's typed
/// client (<c>src/InfusionClinic.Web/Api/ClinicApi.g.cs</c>) is what NSwag generates from it. After an API change:
/// <c>UPDATE_OPENAPI_SNAPSHOT=1 dotnet test tests/InfusionClinic.IntegrationTests --filter "FullyQualifiedName~OpenApiSnapshotTests"</c>
/// rewrites both; the diff shows in review.
/// </summary>
public sealed class OpenApiSnapshotTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string UpdateVariable = "UPDATE_OPENAPI_SNAPSHOT";
    private const string SnapshotPath = "src/InfusionClinic.Api/openapi/v1.json";
    private const string ClientPath = "src/InfusionClinic.Web/Api/ClinicApi.g.cs";
    private const string UpdateHint = $"The API changed: run `{UpdateVariable}=1 dotnet test tests/InfusionClinic.IntegrationTests --filter \"FullyQualifiedName~OpenApiSnapshotTests\"` and commit the result.";

    private static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    [Fact]
    public async Task LiveDocument_ComparedWithCommittedSnapshot_IsTheSame()
    {
        var live = await LiveDocument();
        var path = RepoFile(SnapshotPath);
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, live);
        }

        File.Exists(path).Should().BeTrue(UpdateHint);
        Normalize(await File.ReadAllTextAsync(path)).Should().Be(live, UpdateHint);
    }

    [Fact]
    public async Task WebClient_GeneratedFromSnapshot_IsTheCommittedOne()
    {
        // While updating, generate from the live document (the other test writes the same text to the snapshot).
        var source = Updating ? await LiveDocument() : await File.ReadAllTextAsync(RepoFile(SnapshotPath));
        var generated = await GenerateClient(source);
        var path = RepoFile(ClientPath);
        if (Updating)
        {
            await File.WriteAllTextAsync(path, generated);
        }

        Normalize(await File.ReadAllTextAsync(path)).Should().Be(generated, UpdateHint);
    }

    /// <summary>The client the web UI compiles: one class, System.Text.Json, local date-times as <see cref="DateTime"/>
    /// (never re-interpreted in the browser's zone), dates as <see cref="DateOnly"/>.</summary>
    internal static async Task<string> GenerateClient(string openApiJson)
    {
        var document = await OpenApiDocument.FromJsonAsync(openApiJson);
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "ClinicApi",
            GenerateClientInterfaces = false,
            InjectHttpClient = true,
            DisposeHttpClient = false,
            UseBaseUrl = false,
            GenerateOptionalParameters = true,
            WrapResponses = false,
            GenerateExceptionClasses = true,
            ExceptionClass = "ApiException",
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
            CSharpGeneratorSettings =
            {
                Namespace = "InfusionClinic.Web.Api",
                JsonLibrary = CSharpJsonLibrary.SystemTextJson,
                GenerateNullableReferenceTypes = true,
                GenerateOptionalPropertiesAsNullable = false,
                DateTimeType = "System.DateTime",
                DateType = "System.DateOnly",
                TimeType = "string",
                ClassStyle = CSharpClassStyle.Poco,
                GenerateDataAnnotations = false,
                ArrayType = "System.Collections.Generic.List",
                ArrayInstanceType = "System.Collections.Generic.List",
                ArrayBaseType = "System.Collections.Generic.List",
                DictionaryType = "System.Collections.Generic.Dictionary",
                DictionaryInstanceType = "System.Collections.Generic.Dictionary",
            },
        };
        return Normalize(new CSharpClientGenerator(document, settings).GenerateFile());
    }

    private async Task<string> LiveDocument()
    {
        var response = await api.CreateClient().GetAsync("/swagger/v1/swagger.json");
        response.EnsureSuccessStatusCode();
        var node = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return Normalize(node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping })) + "\n";
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "InfusionClinic.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("InfusionClinic.sln not found above the test folder"), relative);
    }
}
