using System.Globalization;
using InfusionClinic.Web.Api;

namespace InfusionClinic.Web.Features.Booking;

/// <summary>How a place is said on screen: site-local start (the API's local time, shown as it is), chair and bay.</summary>
public static class SlotText
{
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-GB");

    public static string Start(DateTime local) => local.ToString("ddd d MMM yyyy HH:mm", En);

    public static string Of(SlotDto slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        var bay = string.IsNullOrEmpty(slot.RecoveryBayName) ? "recovery in the chair" : $"bay {slot.RecoveryBayName}";
        return $"{Start(slot.LocalStart)} · chair {slot.ChairName} · {bay}";
    }
}
