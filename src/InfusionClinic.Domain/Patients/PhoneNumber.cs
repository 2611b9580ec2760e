namespace InfusionClinic.Domain.Patients;

/// <summary>
/// E.164 normalisation without libphonenumber: separators (space, dash, dot, parentheses) are stripped;
/// <c>+</c> numbers keep their digits (8–15); a national number with a leading 0 takes the site's calling code.
/// </summary>
public static class PhoneNumber
{
    public static string? Normalize(string raw, string countryCallingCode)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var compact = new string(raw.Where(c => c is not (' ' or '-' or '.' or '(' or ')')).ToArray());
        if (compact.Length == 0)
        {
            return null;
        }

        string digits;
        if (compact[0] == '+')
        {
            digits = compact[1..];
        }
        else if (compact.StartsWith("00", StringComparison.Ordinal))
        {
            digits = compact[2..];
        }
        else if (compact[0] == '0' && countryCallingCode.Length > 0)
        {
            digits = countryCallingCode + compact[1..];
        }
        else
        {
            return null;
        }

        if (digits.Length is < 8 or > 15 || !digits.All(char.IsAsciiDigit) || digits[0] == '0')
        {
            return null;
        }

        return "+" + digits;
    }
}
