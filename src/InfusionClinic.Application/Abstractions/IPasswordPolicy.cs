namespace InfusionClinic.Application.Abstractions;

/// <summary>
/// Which passwords staff may set (NIST SP 800-63B): long enough, not too long to hash, and not guessable — no common,
/// repetitive or sequential passwords, none made from the account's own email or name. No composition rules.
/// </summary>
public interface IPasswordPolicy
{
    /// <summary>Why <paramref name="password"/> is refused (one clear sentence each); empty when it is acceptable.
    /// <paramref name="accountWords"/> are the account's email and name, which the password must not be built from.</summary>
    IReadOnlyList<string> Check(string password, IEnumerable<string?> accountWords);
}
