using System.Text.Json;
using System.Text.Json.Serialization;

namespace InfusionClinic.Web.Api;

/// <summary>The generated client (ClinicApi.g.cs, see OpenApiSnapshotTests) with the API's JSON conventions: enums as
/// names everywhere (also inside lists, which the generator's per-property attributes miss), and every answer's text kept
/// so that a refusal's problem (<see cref="ApiProblem"/>) can be read in full.</summary>
public partial class ClinicApi
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings)
    {
        settings.Converters.Add(new JsonStringEnumConverter());
    }

    partial void Initialize()
    {
        ReadResponseAsString = true;
    }
}
