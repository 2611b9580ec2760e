using InfusionClinic.Domain.Common;

namespace InfusionClinic.Application.Common;

/// <summary>One entry of a booking's history.</summary>
public sealed record BookingChangeDto(string Kind, DateTimeOffset At, Guid By, DateTimeOffset? FromStart, DateTimeOffset? ToStart, string? Reason)
{
    public static IReadOnlyList<BookingChangeDto> From(IEnumerable<BookingChange> changes) =>
        changes.OrderBy(c => c.At).ThenBy(c => c.Id).Select(c => new BookingChangeDto(c.Kind, c.At, c.By, c.FromStart, c.ToStart, c.Reason)).ToList();
}
