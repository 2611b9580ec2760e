namespace InfusionClinic.Web.Features.Series;

/// <summary>
/// The <c>Idempotency-Key</c> of one booking attempt. The same request sent again (a double click, a retry after the
/// connection dropped or the server failed) carries the same key, so the API books it once and replays its answer; a
/// changed request, or a new attempt after a definitive answer, gets a new key.
/// </summary>
public sealed class BookingAttempt(Func<string>? newKey = null)
{
    private readonly Func<string> _newKey = newKey ?? (() => Guid.NewGuid().ToString("N"));
    private string? _fingerprint;
    private string? _key;

    public string? CurrentKey => _key;

    /// <summary>The key for a request (its <paramref name="fingerprint"/> is the body as sent).</summary>
    public string KeyFor(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        if (_key is null || !string.Equals(fingerprint, _fingerprint, StringComparison.Ordinal))
        {
            _key = _newKey();
            _fingerprint = fingerprint;
        }

        return _key;
    }

    /// <summary>The API answered (booked, or refused with a problem): the next request is a new attempt. Not called when no
    /// answer came (network) or the server failed (5xx): a retry must reuse the key.</summary>
    public void Answered()
    {
        _key = null;
        _fingerprint = null;
    }

    /// <summary>Whether an answer of this status ends the attempt (everything but no answer, 5xx and 429).</summary>
    public static bool IsDefinitive(int status) => status is >= 200 and < 500 and not 429 and not 0;
}
