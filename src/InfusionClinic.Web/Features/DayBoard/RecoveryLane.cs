using InfusionClinic.Web.Api;

namespace InfusionClinic.Web.Features.DayBoard;

/// <summary>One recovery bay's row on the board, with the recoveries booked into it (local times).</summary>
public sealed record RecoveryLane(string Name, IReadOnlyList<RecoveryBlock> Blocks);

public sealed record RecoveryBlock(Guid SessionId, string PatientName, DateTime Start, DateTime End, SessionStatus Status);

public static class RecoveryLanes
{
    /// <summary>Bays as lanes in the site's order; a recovery without a booked bay goes to an "Unassigned" lane.</summary>
    public static IReadOnlyList<RecoveryLane> Build(IEnumerable<ResourceDto> bays, IEnumerable<SessionDto> sessions, DayBoardDto board)
    {
        ArgumentNullException.ThrowIfNull(board);
        var shown = (board.Chairs ?? []).SelectMany(c => c.Sessions ?? []).ToDictionary(s => s.SessionId);
        var byBay = (sessions ?? []).Where(s => shown.ContainsKey(s.Id))
            .GroupBy(s => s.RecoveryBayId ?? Guid.Empty)
            .ToDictionary(g => g.Key, g => g.Select(s => Block(shown[s.Id])).OrderBy(b => b.Start).ToList());
        var lanes = (bays ?? []).Where(b => b.IsActive || byBay.ContainsKey(b.Id))
            .Select(b => new RecoveryLane(b.Name ?? "Bay", byBay.GetValueOrDefault(b.Id) ?? []))
            .ToList();
        if (byBay.TryGetValue(Guid.Empty, out var unassigned))
        {
            lanes.Add(new RecoveryLane("Unassigned", unassigned));
        }

        return lanes;
    }

    private static RecoveryBlock Block(DayBoardSessionDto s) =>
        new(s.SessionId, s.PatientName ?? "", s.InfusionEndLocal, s.RecoveryEndLocal, s.Status);
}
