using InfusionClinic.Application.Common;
using MediatR;

namespace InfusionClinic.Application.Behaviours;

/// <summary>
/// Gives every booking (<see cref="IBookingRequest"/>) a span named after its use case and counts it as made, or as
/// refused with the problem code the client gets. Registered before validation, so a 400 counts as refused
/// (<c>validation</c>). Other requests pass straight through.
/// </summary>
public sealed class BookingTelemetryBehaviour<TRequest, TResponse>(ClinicTelemetry telemetry) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (request is not IBookingRequest booking)
        {
            return await next();
        }

        using var activity = ClinicTelemetry.Source.StartActivity(LoggingBehaviour<TRequest, TResponse>.UseCaseName(typeof(TRequest)));
        activity?.SetTag(ClinicTelemetry.BookingKindTag, booking.BookingKind);
        try
        {
            var response = await next();
            if (response is IReplayable { Replayed: true })
            {
                activity?.SetTag(ClinicTelemetry.BookingReplayedTag, true);
            }
            else
            {
                telemetry.BookingMade(booking.BookingKind);
            }

            return response;
        }
        catch (Exception ex)
        {
            if (ClinicTelemetry.ProblemCodeOf(ex) is { } code)
            {
                activity?.SetTag(ClinicTelemetry.ProblemCodeTag, code);
                telemetry.BookingRefused(booking.BookingKind, code);
            }
            else
            {
                ClinicTelemetry.RecordFailure(activity, ex);
            }

            throw;
        }
    }
}
