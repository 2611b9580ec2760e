using InfusionClinic.Api.Auth;
using InfusionClinic.Api.Calendar;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.CalendarFeeds.Common;
using InfusionClinic.Application.CalendarFeeds.CreateCalendarFeed;
using InfusionClinic.Application.CalendarFeeds.GetCalendarFeed;
using InfusionClinic.Application.CalendarFeeds.ListCalendarFeeds;
using InfusionClinic.Application.CalendarFeeds.RevokeCalendarFeed;
using InfusionClinic.Domain.CalendarFeeds;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfusionClinic.Api.Endpoints;

public static class CalendarFeedsEndpoints
{
    public static IEndpointRouteBuilder MapCalendarFeeds(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/calendar-feeds").WithTags("CalendarFeeds").RequireAuthorization(Policies.StaffSession);
        g.MapPost("/", CreateCalendarFeed)
            .WithSummary("Create a secret calendar (ICS) feed URL: your own bookings, or a site's chair day (FrontDesk, Admin)")
            .WithDescription("`kind` `Staff`: your consultations and follow-ups as clinician and, for a nurse, your shifts. `kind` `Site` with " +
                             "`siteId`: the site's infusion sessions on their chairs (FrontDesk or Admin; else 403 `calendar_feed.site_feed_not_allowed`). " +
                             "The answer's `url` (`/calendar/{token}.ics`) is shown this once — only a hash of its token is stored — and works " +
                             "without sign-in until revoked: subscribe to it from a calendar app. Events carry the site's time zone (VTIMEZONE), " +
                             "stable UIDs, a SEQUENCE that grows when a booking is moved or cancelled, and STATUS:CANCELLED for cancelled bookings; " +
                             "patients are never named (initials only when the `CalendarFeeds:PatientInitials` setting is on). Staff sign-in only.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        g.MapGet("/", ListCalendarFeeds).WithSummary("Your calendar feeds, newest first, revoked ones included (never their URLs)");
        g.MapPost("/{id:guid}/revoke", RevokeCalendarFeed)
            .WithSummary("Revoke one of your calendar feeds at once (an Admin may revoke any): its URL answers 404 from then on")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/calendar/{token}.ics", GetCalendarFeed).AllowAnonymous().WithTags("CalendarFeeds")
            .WithSummary("A calendar feed (RFC 5545, text/calendar); the secret token is the credential; unknown or revoked: 404")
            .Produces<string>(StatusCodes.Status200OK, IcsCalendar.ContentType).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>A new feed: <see cref="Url"/> holds its secret token and is shown this once.</summary>
    public sealed record CreatedCalendarFeedResponse(Guid Id, CalendarFeedKind Kind, Guid? SiteId, string Name, string Url, DateTimeOffset CreatedAt);

    private static async Task<Created<CreatedCalendarFeedResponse>> CreateCalendarFeed(CreateCalendarFeedCommand command, IMediator mediator,
        HttpRequest request, CancellationToken ct)
    {
        var feed = await mediator.Send(command, ct);
        var url = $"{request.Scheme}://{request.Host}{request.PathBase}/calendar/{feed.Token}.ics";
        return TypedResults.Created($"/api/v1/calendar-feeds/{feed.Id}",
            new CreatedCalendarFeedResponse(feed.Id, feed.Kind, feed.SiteId, feed.Name, url, feed.CreatedAt));
    }

    private static async Task<Ok<IReadOnlyList<CalendarFeedDto>>> ListCalendarFeeds(IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListCalendarFeedsQuery(), ct));

    private static async Task<Ok<CalendarFeedDto>> RevokeCalendarFeed(Guid id, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new RevokeCalendarFeedCommand(id), ct));

    private static async Task<ContentHttpResult> GetCalendarFeed(string token, IMediator mediator, IConfiguration configuration, IAuditContext audit,
        TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        audit.Action = "CalendarFeed.Read";
        var feed = await mediator.Send(new GetCalendarFeedQuery(token, configuration.GetValue("CalendarFeeds:PatientInitials", false)), ct);
        response.Headers.CacheControl = "no-store";
        return TypedResults.Content(IcsCalendar.Write(feed, clock.GetUtcNow()), IcsCalendar.ContentType);
    }
}
