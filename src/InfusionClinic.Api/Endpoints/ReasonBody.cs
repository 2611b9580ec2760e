namespace InfusionClinic.Api.Endpoints;

/// <summary>Why something is cancelled (a consultation, a session, a series).</summary>
public sealed record ReasonBody(string Reason);
