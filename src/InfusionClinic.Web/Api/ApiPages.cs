namespace InfusionClinic.Web.Api;

/// <summary>A page of a list answer: its items and how many there are in all (the generated answers' own properties).</summary>
public interface IApiPage<T>
{
#pragma warning disable MA0016 // The generated classes implement it with their List<T> property.
    List<T>? Items { get; }
#pragma warning restore MA0016

    int TotalCount { get; }
}

public partial class SessionDtoPagedResult : IApiPage<SessionDto>;

public partial class ConsultationDtoPagedResult : IApiPage<ConsultationDto>;

/// <summary>Reads the whole of a list the API answers in pages (at most <see cref="Size"/> items each), for screens
/// that must show every item of a day or a range, not only the first page.</summary>
public static class ApiPages
{
    /// <summary>The API's largest page.</summary>
    public const int Size = 100;

    /// <summary>Pages read at the most (a safety stop: 50 pages are 5,000 items).</summary>
    public const int MaxPages = 50;

    public static async Task<IReadOnlyList<T>> AllAsync<T>(Func<int, Task<IApiPage<T>>> readPage)
    {
        ArgumentNullException.ThrowIfNull(readPage);
        var all = new List<T>();
        for (var page = 1; page <= MaxPages; page++)
        {
            var answer = await readPage(page);
            all.AddRange(answer.Items ?? []);
            if (answer.Items is not { Count: > 0 } || all.Count >= answer.TotalCount)
            {
                break;
            }
        }

        return all;
    }
}
