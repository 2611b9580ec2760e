namespace InfusionClinic.Api.ErrorHandling;

/// <summary>Problem <c>type</c> URIs: one stable URN per rule code (<c>urn:infusionclinic:problem:session.escort_missing</c>).</summary>
public static class ProblemTypes
{
    public const string Prefix = "urn:infusionclinic:problem:";

    public static string For(string code) => Prefix + code;
}
