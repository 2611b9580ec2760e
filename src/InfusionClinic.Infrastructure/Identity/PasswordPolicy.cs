using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Staff.Common;

namespace InfusionClinic.Infrastructure.Identity;

/// <summary>
/// The staff password policy: <see cref="PasswordRules"/> lengths, then zxcvbn's estimate (its bundled lists of common
/// passwords, names and words; repeats, sequences, keyboard runs, dates; and the account's own email and name plus the
/// product's words as extra dictionary). A password must reach <see cref="MinimumScore"/> (about 10^10 guesses at
/// zxcvbn's rate, beyond any online attack and costly offline against PBKDF2); the refusal names the weakest part found.
/// </summary>
internal sealed class PasswordPolicy : IPasswordPolicy
{
    /// <summary>zxcvbn's 0–4 scale; 3 = "safely unguessable" for a slow-hash offline attack in its model.</summary>
    public const int MinimumScore = 3;

    /// <summary>Words of this service a password must not rest on (NIST: context-specific words).</summary>
    private static readonly string[] ServiceWords = ["infusion", "clinic", "infusionclinic", "ketamine", "nurse", "frontdesk", "clinician", "admin"];

    public IReadOnlyList<string> Check(string password, IEnumerable<string?> accountWords)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(accountWords);
        var length = password.EnumerateRunes().Count();
        if (length < PasswordRules.MinLength)
        {
            return [$"Use at least {PasswordRules.MinLength} characters (a few unrelated words make a good one)."];
        }

        if (length > PasswordRules.MaxLength)
        {
            return [$"Use at most {PasswordRules.MaxLength} characters."];
        }

        var inputs = ServiceWords.Concat(AccountInputs(accountWords)).ToList();
        var result = Zxcvbn.Zxcvbn.MatchPassword(password, inputs);
        if (result.Score >= MinimumScore)
        {
            return [];
        }

        var matches = result.MatchSequence ?? [];
        if (matches.OfType<Zxcvbn.Matcher.DictionaryMatch>().Any(m => m.DictionaryName == "user_inputs"))
        {
            return ["The password is built from the account's email or name, or this service's name: choose words that are not about you or the clinic."];
        }

        if (matches.Any(m => m.Pattern is "repeat" or "sequence" or "spatial" && m.Token.Length * 2 >= password.Length))
        {
            return ["The password repeats characters or follows a sequence or keyboard pattern: choose unrelated words instead."];
        }

        if (matches.OfType<Zxcvbn.Matcher.DictionaryMatch>().Any(m => m.DictionaryName == "passwords" && m.Token.Length * 2 >= password.Length))
        {
            return ["This is a commonly used password: choose one that is not on lists of common passwords."];
        }

        return ["The password is too easy to guess: make it longer, with a few unrelated words."];
    }

    /// <summary>The email whole, its local part and the parts of it and of the name (e.g. "jo", "doe").</summary>
    private static IEnumerable<string> AccountInputs(IEnumerable<string?> accountWords)
    {
        foreach (var word in accountWords.Where(w => !string.IsNullOrWhiteSpace(w)).Select(w => w!.Trim().ToLowerInvariant()))
        {
            yield return word;
            var local = word.Split('@')[0];
            yield return local;
            foreach (var part in local.Split(['.', '-', '_', '+', ' '], StringSplitOptions.RemoveEmptyEntries).Where(p => p.Length >= 3))
            {
                yield return part;
            }
        }
    }
}
