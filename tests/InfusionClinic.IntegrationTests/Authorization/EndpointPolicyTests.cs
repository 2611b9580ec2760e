using System.Net;
using InfusionClinic.Api.Auth;
using InfusionClinic.IntegrationTests.Operations;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.IntegrationTests.Authorization;

/// <summary>
/// Every endpoint names a policy (or is one of the few anonymous ones), and the roles each endpoint admits are written
/// down in one table that must cover every endpoint: a new endpoint fails here until someone decides who may call it.
/// </summary>
public sealed class EndpointPolicyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Admin = "admin";
    private const string FrontDesk = "frontdesk";
    private const string Nurse = "nurse";
    private const string Clinician = "clinician";

    private static readonly string[] AllRoles = [Admin, FrontDesk, Nurse, Clinician];

    private static readonly HashSet<string> AnonymousRoutes = new(StringComparer.Ordinal)
    {
        "/health/live", "/health/ready", "/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/public/escort-confirmations/{token}",
        "/fhir/r4/metadata", "/calendar/{token}.ics",
    };

    private static readonly string[] CareTeam = [FrontDesk, Nurse, Clinician];

    /// <summary>An id that names nothing: calls that pass authorization end in 400/404 and change nothing.</summary>
    private const string AnyId = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

    /// <summary>method, route pattern as mapped, a concrete URL for it, and the demo accounts it admits.</summary>
    private static readonly (string Method, string Pattern, string Url, string[] Allowed)[] Table =
    [
        // Health checks answer any method ("*"); they are called with GET.
        ("*", "/health/live", "/health/live", AllRoles),
        ("*", "/health/ready", "/health/ready", AllRoles),
        ("POST", "/api/v1/auth/login", "/api/v1/auth/login", AllRoles),
        ("POST", "/api/v1/auth/refresh", "/api/v1/auth/refresh", AllRoles),
        ("POST", "/api/v1/auth/logout", "/api/v1/auth/logout", AllRoles),
        ("GET", "/api/v1/auth/me", "/api/v1/auth/me", AllRoles),

        ("GET", "/api/v1/staff/", "/api/v1/staff", [Admin]),
        ("GET", "/api/v1/staff/{id:guid}", $"/api/v1/staff/{AnyId}", [Admin]),
        ("POST", "/api/v1/staff/", "/api/v1/staff", [Admin]),
        ("POST", "/api/v1/staff/{id:guid}/deactivate", $"/api/v1/staff/{AnyId}/deactivate", [Admin]),
        ("PUT", "/api/v1/staff/{id:guid}", $"/api/v1/staff/{AnyId}", [Admin]),
        ("POST", "/api/v1/staff/{id:guid}/reactivate", $"/api/v1/staff/{AnyId}/reactivate", [Admin]),
        ("POST", "/api/v1/staff/{id:guid}/reset-password", $"/api/v1/staff/{AnyId}/reset-password", [Admin]),
        ("GET", "/api/v1/staff-directory", "/api/v1/staff-directory", AllRoles),

        ("GET", "/api/v1/api-keys/", "/api/v1/api-keys", [Admin]),
        ("POST", "/api/v1/api-keys/", "/api/v1/api-keys", [Admin]),
        ("POST", "/api/v1/api-keys/{id:guid}/revoke", $"/api/v1/api-keys/{AnyId}/revoke", [Admin]),

        ("GET", "/api/v1/webhooks/event-types", "/api/v1/webhooks/event-types", [Admin]),
        ("GET", "/api/v1/webhooks/subscriptions", "/api/v1/webhooks/subscriptions", [Admin]),
        ("GET", "/api/v1/webhooks/subscriptions/{id:guid}", $"/api/v1/webhooks/subscriptions/{AnyId}", [Admin]),
        ("POST", "/api/v1/webhooks/subscriptions", "/api/v1/webhooks/subscriptions", [Admin]),
        ("PUT", "/api/v1/webhooks/subscriptions/{id:guid}", $"/api/v1/webhooks/subscriptions/{AnyId}", [Admin]),
        ("POST", "/api/v1/webhooks/subscriptions/{id:guid}/disable", $"/api/v1/webhooks/subscriptions/{AnyId}/disable", [Admin]),
        ("POST", "/api/v1/webhooks/subscriptions/{id:guid}/enable", $"/api/v1/webhooks/subscriptions/{AnyId}/enable", [Admin]),
        ("POST", "/api/v1/webhooks/subscriptions/{id:guid}/rotate-secret", $"/api/v1/webhooks/subscriptions/{AnyId}/rotate-secret", [Admin]),
        ("GET", "/api/v1/webhooks/subscriptions/{id:guid}/deliveries", $"/api/v1/webhooks/subscriptions/{AnyId}/deliveries", [Admin]),
        ("POST", "/api/v1/webhooks/subscriptions/{id:guid}/deliveries/{deliveryId:guid}/redeliver",
            $"/api/v1/webhooks/subscriptions/{AnyId}/deliveries/{AnyId}/redeliver", [Admin]),
        ("GET", "/api/v1/worklists/failing-webhooks", "/api/v1/worklists/failing-webhooks", [Admin]),

        ("GET", "/api/v1/audit/", "/api/v1/audit", [Admin]),

        ("GET", "/api/v1/sites/", "/api/v1/sites", AllRoles),
        ("GET", "/api/v1/sites/{id:guid}", $"/api/v1/sites/{AnyId}", AllRoles),
        ("POST", "/api/v1/sites/", "/api/v1/sites", [Admin]),
        ("PUT", "/api/v1/sites/{id:guid}", $"/api/v1/sites/{AnyId}", [Admin]),
        ("GET", "/api/v1/sites/{siteId:guid}/chairs/", $"/api/v1/sites/{AnyId}/chairs", AllRoles),
        ("GET", "/api/v1/sites/{siteId:guid}/chairs/{id:guid}", $"/api/v1/sites/{AnyId}/chairs/{AnyId}", AllRoles),
        ("POST", "/api/v1/sites/{siteId:guid}/chairs/", $"/api/v1/sites/{AnyId}/chairs", [Admin]),
        ("PUT", "/api/v1/sites/{siteId:guid}/chairs/{id:guid}", $"/api/v1/sites/{AnyId}/chairs/{AnyId}", [Admin]),
        ("POST", "/api/v1/sites/{siteId:guid}/chairs/{id:guid}/deactivate", $"/api/v1/sites/{AnyId}/chairs/{AnyId}/deactivate", [Admin]),
        ("POST", "/api/v1/sites/{siteId:guid}/chairs/{id:guid}/activate", $"/api/v1/sites/{AnyId}/chairs/{AnyId}/activate", [Admin]),
        ("GET", "/api/v1/sites/{siteId:guid}/recovery-bays/", $"/api/v1/sites/{AnyId}/recovery-bays", AllRoles),
        ("GET", "/api/v1/sites/{siteId:guid}/recovery-bays/{id:guid}", $"/api/v1/sites/{AnyId}/recovery-bays/{AnyId}", AllRoles),
        ("POST", "/api/v1/sites/{siteId:guid}/recovery-bays/", $"/api/v1/sites/{AnyId}/recovery-bays", [Admin]),
        ("PUT", "/api/v1/sites/{siteId:guid}/recovery-bays/{id:guid}", $"/api/v1/sites/{AnyId}/recovery-bays/{AnyId}", [Admin]),
        ("POST", "/api/v1/sites/{siteId:guid}/recovery-bays/{id:guid}/deactivate", $"/api/v1/sites/{AnyId}/recovery-bays/{AnyId}/deactivate", [Admin]),
        ("POST", "/api/v1/sites/{siteId:guid}/recovery-bays/{id:guid}/activate", $"/api/v1/sites/{AnyId}/recovery-bays/{AnyId}/activate", [Admin]),
        ("GET", "/api/v1/sites/{siteId:guid}/consult-rooms/", $"/api/v1/sites/{AnyId}/consult-rooms", AllRoles),
        ("GET", "/api/v1/sites/{siteId:guid}/consult-rooms/{id:guid}", $"/api/v1/sites/{AnyId}/consult-rooms/{AnyId}", AllRoles),
        ("POST", "/api/v1/sites/{siteId:guid}/consult-rooms/", $"/api/v1/sites/{AnyId}/consult-rooms", [Admin]),
        ("PUT", "/api/v1/sites/{siteId:guid}/consult-rooms/{id:guid}", $"/api/v1/sites/{AnyId}/consult-rooms/{AnyId}", [Admin]),
        ("POST", "/api/v1/sites/{siteId:guid}/consult-rooms/{id:guid}/deactivate", $"/api/v1/sites/{AnyId}/consult-rooms/{AnyId}/deactivate", [Admin]),
        ("POST", "/api/v1/sites/{siteId:guid}/consult-rooms/{id:guid}/activate", $"/api/v1/sites/{AnyId}/consult-rooms/{AnyId}/activate", [Admin]),
        ("GET", "/api/v1/sites/{siteId:guid}/closures/", $"/api/v1/sites/{AnyId}/closures", AllRoles),
        ("POST", "/api/v1/sites/{siteId:guid}/closures/", $"/api/v1/sites/{AnyId}/closures", [Admin]),
        ("PUT", "/api/v1/sites/{siteId:guid}/closures/{id:guid}", $"/api/v1/sites/{AnyId}/closures/{AnyId}", [Admin]),
        ("POST", "/api/v1/sites/{siteId:guid}/closures/{id:guid}/cancel", $"/api/v1/sites/{AnyId}/closures/{AnyId}/cancel", [Admin]),
        ("GET", "/api/v1/sites/{siteId:guid}/nurse-shifts/", $"/api/v1/sites/{AnyId}/nurse-shifts", AllRoles),
        ("POST", "/api/v1/sites/{siteId:guid}/nurse-shifts/", $"/api/v1/sites/{AnyId}/nurse-shifts", [Admin]),
        ("PUT", "/api/v1/sites/{siteId:guid}/nurse-shifts/{id:guid}", $"/api/v1/sites/{AnyId}/nurse-shifts/{AnyId}", [Admin]),
        ("POST", "/api/v1/sites/{siteId:guid}/nurse-shifts/{id:guid}/cancel", $"/api/v1/sites/{AnyId}/nurse-shifts/{AnyId}/cancel", [Admin]),

        ("GET", "/api/v1/patients/", "/api/v1/patients", [FrontDesk, Nurse, Clinician]),
        ("GET", "/api/v1/patients/{id:guid}", $"/api/v1/patients/{AnyId}", [FrontDesk, Nurse, Clinician]),
        ("POST", "/api/v1/patients/", "/api/v1/patients", [FrontDesk, Clinician]),
        ("PUT", "/api/v1/patients/{id:guid}", $"/api/v1/patients/{AnyId}", [FrontDesk, Clinician]),
        ("POST", "/api/v1/consultations/", "/api/v1/consultations", [FrontDesk]),
        ("GET", "/api/v1/consultations/", $"/api/v1/consultations?patientId={AnyId}", [FrontDesk, Nurse, Clinician]),
        ("GET", "/api/v1/consultations/{id:guid}", $"/api/v1/consultations/{AnyId}", [FrontDesk, Nurse, Clinician]),
        ("POST", "/api/v1/consultations/{id:guid}/reschedule", $"/api/v1/consultations/{AnyId}/reschedule", [FrontDesk]),
        ("POST", "/api/v1/consultations/{id:guid}/cancel", $"/api/v1/consultations/{AnyId}/cancel", [FrontDesk]),
        ("PUT", "/api/v1/consultations/{id:guid}/screening", $"/api/v1/consultations/{AnyId}/screening", [Clinician]),
        ("POST", "/api/v1/consultations/{id:guid}/consent", $"/api/v1/consultations/{AnyId}/consent", [FrontDesk, Clinician]),
        ("POST", "/api/v1/consultations/{id:guid}/consent/withdraw", $"/api/v1/consultations/{AnyId}/consent/withdraw", [FrontDesk, Clinician]),
        ("POST", "/api/v1/consultations/{id:guid}/decision", $"/api/v1/consultations/{AnyId}/decision", [Clinician]),

        ("POST", "/api/v1/treatment-plans/", "/api/v1/treatment-plans", [Clinician]),
        ("GET", "/api/v1/treatment-plans/", $"/api/v1/treatment-plans?patientId={AnyId}", [FrontDesk, Nurse, Clinician]),
        ("GET", "/api/v1/treatment-plans/{id:guid}", $"/api/v1/treatment-plans/{AnyId}", [FrontDesk, Nurse, Clinician]),
        ("PUT", "/api/v1/treatment-plans/{id:guid}", $"/api/v1/treatment-plans/{AnyId}", [Clinician]),
        ("POST", "/api/v1/availability/series", "/api/v1/availability/series", [FrontDesk, Nurse, Clinician]),
        ("GET", "/api/v1/availability/consultations", $"/api/v1/availability/consultations?siteId={AnyId}&date=2026-12-01&durationMinutes=30&clinicianId={AnyId}",
            [FrontDesk, Nurse, Clinician]),
        ("POST", "/api/v1/series/", "/api/v1/series", [FrontDesk]),
        ("GET", "/api/v1/series/{id:guid}", $"/api/v1/series/{AnyId}", [FrontDesk, Nurse, Clinician]),
        ("POST", "/api/v1/series/{id:guid}/cancel", $"/api/v1/series/{AnyId}/cancel", [FrontDesk]),
        ("POST", "/api/v1/series/{id:guid}/extend", $"/api/v1/series/{AnyId}/extend", [FrontDesk]),
        ("GET", "/api/v1/sessions/", $"/api/v1/sessions?siteId={AnyId}&from=2026-12-01&to=2026-12-02", [FrontDesk, Nurse, Clinician]),
        ("GET", "/api/v1/sessions/{id:guid}", $"/api/v1/sessions/{AnyId}", [FrontDesk, Nurse, Clinician]),
        ("POST", "/api/v1/sessions/{id:guid}/reschedule", $"/api/v1/sessions/{AnyId}/reschedule", [FrontDesk]),
        ("POST", "/api/v1/sessions/{id:guid}/cancel", $"/api/v1/sessions/{AnyId}/cancel", [FrontDesk]),
        ("POST", "/api/v1/sessions/{id:guid}/check-in", $"/api/v1/sessions/{AnyId}/check-in", [FrontDesk, Nurse]),
        ("POST", "/api/v1/sessions/{id:guid}/no-show", $"/api/v1/sessions/{AnyId}/no-show", [FrontDesk]),
        ("GET", "/api/v1/worklists/day-board", $"/api/v1/worklists/day-board?siteId={AnyId}&date=2026-12-01", [FrontDesk, Nurse, Clinician]),
        ("GET", "/api/v1/sessions/export", $"/api/v1/sessions/export?siteId={AnyId}&from=2026-12-01&to=2026-12-02", [Admin, FrontDesk]),
        ("POST", "/api/v1/treatment-plans/{id:guid}/sign", $"/api/v1/treatment-plans/{AnyId}/sign", [Clinician]),
        ("GET", "/api/v1/patients/{id:guid}/timeline", $"/api/v1/patients/{AnyId}/timeline", [FrontDesk, Nurse, Clinician]),
        ("POST", "/api/v1/follow-ups/", "/api/v1/follow-ups", [FrontDesk, Clinician]),
        ("GET", "/api/v1/follow-ups/{id:guid}", $"/api/v1/follow-ups/{AnyId}", [FrontDesk, Nurse, Clinician]),
        ("POST", "/api/v1/follow-ups/{id:guid}/reschedule", $"/api/v1/follow-ups/{AnyId}/reschedule", [FrontDesk]),
        ("POST", "/api/v1/follow-ups/{id:guid}/cancel", $"/api/v1/follow-ups/{AnyId}/cancel", [FrontDesk]),
        ("POST", "/api/v1/follow-ups/{id:guid}/assessment", $"/api/v1/follow-ups/{AnyId}/assessment", [Clinician]),
        ("GET", "/api/v1/worklists/follow-ups-due", $"/api/v1/worklists/follow-ups-due?siteId={AnyId}", [FrontDesk, Nurse, Clinician]),
        ("POST", "/api/v1/sessions/{id:guid}/checkpoints", $"/api/v1/sessions/{AnyId}/checkpoints", [Nurse, Clinician]),
        ("POST", "/api/v1/sessions/{id:guid}/escort", $"/api/v1/sessions/{AnyId}/escort", [FrontDesk, Nurse, Clinician]),
        ("POST", "/api/v1/sessions/{id:guid}/recovery", $"/api/v1/sessions/{AnyId}/recovery", [Nurse, Clinician]),
        ("POST", "/api/v1/sessions/{id:guid}/checkout", $"/api/v1/sessions/{AnyId}/checkout", [FrontDesk, Nurse, Clinician]),
        ("GET", "/api/v1/worklists/recovery-board", $"/api/v1/worklists/recovery-board?siteId={AnyId}", [FrontDesk, Nurse, Clinician]),
        ("GET", "/api/v1/reminders/", $"/api/v1/reminders?sessionId={AnyId}", [FrontDesk, Nurse, Clinician]),
        ("POST", "/api/v1/reminders/{id:guid}/retry", $"/api/v1/reminders/{AnyId}/retry", [FrontDesk]),
        ("GET", "/api/v1/sites/{siteId:guid}/reminder-policies/", $"/api/v1/sites/{AnyId}/reminder-policies", AllRoles),
        ("PUT", "/api/v1/sites/{siteId:guid}/reminder-policies/{kind}", $"/api/v1/sites/{AnyId}/reminder-policies/Fasting", [Admin]),
        ("GET", "/api/v1/worklists/failed-reminders", "/api/v1/worklists/failed-reminders", [FrontDesk, Nurse, Clinician]),
        ("GET", "/api/v1/worklists/escort-missing", "/api/v1/worklists/escort-missing", [FrontDesk, Nurse, Clinician]),
        ("POST", "/api/v1/public/escort-confirmations/{token}", "/api/v1/public/escort-confirmations/not-a-token", AllRoles),

        ("POST", "/api/v1/calendar-feeds/", "/api/v1/calendar-feeds", AllRoles),
        ("GET", "/api/v1/calendar-feeds/", "/api/v1/calendar-feeds", AllRoles),
        ("POST", "/api/v1/calendar-feeds/{id:guid}/revoke", $"/api/v1/calendar-feeds/{AnyId}/revoke", AllRoles),
        ("GET", "/calendar/{token}.ics", "/calendar/not-a-token.ics", AllRoles),

        // The FHIR R4 interface: read-only, the care team (and API keys with fhir.read); its refusals are OperationOutcomes.
        ("GET", "/fhir/r4/metadata", "/fhir/r4/metadata", AllRoles),
        ("GET", "/fhir/r4/Patient", "/fhir/r4/Patient", CareTeam),
        ("GET", "/fhir/r4/Patient/{id}", $"/fhir/r4/Patient/{AnyId}", CareTeam),
        ("GET", "/fhir/r4/Practitioner", "/fhir/r4/Practitioner", CareTeam),
        ("GET", "/fhir/r4/Practitioner/{id}", $"/fhir/r4/Practitioner/{AnyId}", CareTeam),
        ("GET", "/fhir/r4/Location", "/fhir/r4/Location", CareTeam),
        ("GET", "/fhir/r4/Location/{id}", $"/fhir/r4/Location/{AnyId}", CareTeam),
        ("GET", "/fhir/r4/Appointment", "/fhir/r4/Appointment", CareTeam),
        ("GET", "/fhir/r4/Appointment/{id}", $"/fhir/r4/Appointment/{AnyId}", CareTeam),
        ("GET", "/fhir/r4/MedicationAdministration", "/fhir/r4/MedicationAdministration", CareTeam),
        ("GET", "/fhir/r4/MedicationAdministration/{id}", $"/fhir/r4/MedicationAdministration/{AnyId}", CareTeam),
        ("GET", "/fhir/r4/Observation", "/fhir/r4/Observation", CareTeam),
        ("GET", "/fhir/r4/Observation/{id}", $"/fhir/r4/Observation/{AnyId}", CareTeam),
    ];

    public static TheoryData<string> Roles => new(AllRoles);

    [Fact]
    public void Endpoints_EveryOneNotOnTheAnonymousList_RequiresANamedPolicy()
    {
        var endpoints = RouteEndpoints();
        endpoints.Should().NotBeEmpty();
        var offenders = new List<string>();
        foreach (var e in endpoints)
        {
            var route = e.RoutePattern.RawText ?? "";
            var anonymous = e.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Where(p => !string.IsNullOrEmpty(p)).ToList();
            if (AnonymousRoutes.Contains(route))
            {
                if (!anonymous)
                {
                    offenders.Add($"{route}: expected to allow anonymous access");
                }

                continue;
            }

            if (anonymous)
            {
                offenders.Add($"{route}: allows anonymous access but is not on the anonymous list");
            }

            if (policies.Count == 0)
            {
                offenders.Add($"{route}: names no authorization policy");
            }

            offenders.AddRange(policies.Where(p => !Policies.Table.ContainsKey(p!)).Select(p => $"{route}: unknown policy '{p}'"));
        }

        offenders.Should().BeEmpty();
    }

    [Fact]
    public void RoleTable_CoversEveryEndpointExactly()
    {
        var mapped = RouteEndpoints()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet(StringComparer.Ordinal);
        var table = Table.Select(r => $"{r.Method} {r.Pattern}").ToList();

        table.Should().OnlyHaveUniqueItems();
        mapped.Except(table, StringComparer.Ordinal).Should().BeEmpty("every endpoint needs a row in the role table (who may call it?)");
        table.Except(mapped, StringComparer.Ordinal).Should().BeEmpty("the role table names no endpoint that does not exist");
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Endpoints_CalledByRole_AllowedAreNotRefusedAndDeniedAre403(string role)
    {
        var client = await api.ClientAs(role);
        var failures = new List<string>();
        foreach (var (method, _, url, allowed) in Table)
        {
            // Signing out ends the sign-in: it gets one of its own, not the cached one the other calls use.
            var caller = url == "/api/v1/auth/logout" ? await api.FreshClientAs(role) : client;
            using var response = await caller.SendAsync(Request(method, url));
            var status = response.StatusCode;
            if (allowed.Contains(role, StringComparer.Ordinal))
            {
                if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    failures.Add($"{role} {method} {url}: allowed but got {(int)status}");
                }
            }
            else if (status != HttpStatusCode.Forbidden)
            {
                failures.Add($"{role} {method} {url}: denied but got {(int)status}");
            }
            else if (url.StartsWith("/fhir/", StringComparison.Ordinal))
            {
                response.Content.Headers.ContentType!.MediaType.Should().Be("application/fhir+json", "FHIR refusals are OperationOutcomes");
            }
            else
            {
                await response.ShouldBeProblem(HttpStatusCode.Forbidden, "auth.forbidden");
            }
        }

        failures.Should().BeEmpty();
    }

    [Fact]
    public async Task Endpoints_WithoutCredentials_Return401ProblemUnlessAnonymous()
    {
        var client = api.CreateClient();
        var failures = new List<string>();
        foreach (var (method, pattern, url, _) in Table.Where(r => !AnonymousRoutes.Contains(r.Pattern)))
        {
            using var response = await client.SendAsync(Request(method, url));
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{method} {pattern}: got {(int)response.StatusCode}");
                continue;
            }

            if (url.StartsWith("/fhir/", StringComparison.Ordinal))
            {
                response.Content.Headers.ContentType!.MediaType.Should().Be("application/fhir+json", "FHIR refusals are OperationOutcomes");
                continue;
            }

            await response.ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.required");
        }

        failures.Should().BeEmpty();
    }

    [Fact]
    public async Task AnonymousEndpoints_WithoutCredentials_AreNotRefused()
    {
        var client = api.CreateClient();
        foreach (var (method, _, url, _) in Table.Where(r => AnonymousRoutes.Contains(r.Pattern)))
        {
            using var response = await client.SendAsync(Request(method, url));
            response.StatusCode.Should().NotBe(HttpStatusCode.Unauthorized).And.NotBe(HttpStatusCode.Forbidden, $"{method} {url} is anonymous");
        }
    }

    /// <summary>The API's endpoints: not the web UI's public files (see WebUiHostingTests).</summary>
    private List<RouteEndpoint> RouteEndpoints() =>
        api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Where(e => !WebUiHostingTests.IsUiFile(e)).ToList();

    private static HttpRequestMessage Request(string method, string url)
    {
        var request = new HttpRequestMessage(method == "*" ? HttpMethod.Get : new HttpMethod(method), url);
        if (method is "POST" or "PUT")
        {
            request.Content = HttpAssertions.RawJson("{}");
        }

        return request;
    }
}
