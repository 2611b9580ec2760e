using System.Text.Json;
using System.Text.Json.Serialization;

namespace InfusionClinic.Web.Api;

/// <summary>
/// Enums travel as their names (<c>"FrontDesk"</c>). The generated client puts a string converter on single enum
/// properties but not on lists of enums (<c>roles</c>, <c>dischargeItemsConfirmed</c>, <c>spacingWeekdays</c>…), which
/// then fail to read; one converter for the whole client reads and writes them all by name.
/// Answers are read as text first, so that a problem's body (its <c>code</c>, <c>missing</c>, <c>alternatives</c>) is
/// kept in <see cref="ApiException.Response"/> for <see cref="ApiProblem"/> to read (streamed reads leave it empty).
/// </summary>
public partial class ClinicApi
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => settings.Converters.Add(new JsonStringEnumConverter());

    partial void Initialize() => ReadResponseAsString = true;
}
