using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfusionClinic.Infrastructure.Persistence;

/// <summary>
/// How the database compares a text column, the same on every provider (SQL Server compares case-insensitively by
/// default, SQLite exactly). Configurations say the rule (<see cref="ComparedExactly"/>, <see cref="ComparedIgnoringCase"/>);
/// each provider's context turns it into its collation:
/// <list type="bullet">
/// <item>exact (opaque tokens: idempotency keys, key prefixes, token hashes): SQLite's default BINARY, SQL Server
/// <see cref="SqlServerExact"/>;</item>
/// <item>ignoring case (names people type: resource names, external identifiers): SQLite <c>NOCASE</c>, SQL Server
/// <see cref="SqlServerIgnoreCase"/>. SQLite's NOCASE folds ASCII letters only ("Chair A" = "chair a", but "Ä" ≠ "ä"),
/// while SQL Server folds every letter: the two agree on ASCII text.</item>
/// </list>
/// Staff emails need neither: they are stored and looked up normalised (trimmed, lower-cased).
/// </summary>
internal static class CaseRules
{
    public const string SqliteIgnoreCase = "NOCASE";
    public const string SqlServerExact = "Latin1_General_100_BIN2";
    public const string SqlServerIgnoreCase = "Latin1_General_100_CI_AS";

    private const string Annotation = "Clinic:TextCase";
    private const string Exact = "Exact";
    private const string IgnoreCase = "IgnoreCase";

    /// <summary>A text column compared character by character: "abc" and "ABC" are two values.</summary>
    public static PropertyBuilder<TText> ComparedExactly<TText>(this PropertyBuilder<TText> property)
    {
        ArgumentNullException.ThrowIfNull(property);
        return property.HasAnnotation(Annotation, Exact);
    }

    /// <summary>A text column compared ignoring case: "Chair 1" and "chair 1" are one value (stored as entered).</summary>
    public static PropertyBuilder<TText> ComparedIgnoringCase<TText>(this PropertyBuilder<TText> property)
    {
        ArgumentNullException.ThrowIfNull(property);
        return property.HasAnnotation(Annotation, IgnoreCase);
    }

    /// <summary>Gives each ruled column the provider's collation (null: the provider's default already is the rule).</summary>
    internal static void Apply(ModelBuilder modelBuilder, string? exact, string? ignoreCase)
    {
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetDeclaredProperties()))
        {
            var rule = property.FindAnnotation(Annotation)?.Value as string;
            if (rule is null)
            {
                continue;
            }

            property.RemoveAnnotation(Annotation);
            var collation = rule == Exact ? exact : ignoreCase;
            if (collation is not null)
            {
                property.SetCollation(collation);
            }
        }
    }
}
