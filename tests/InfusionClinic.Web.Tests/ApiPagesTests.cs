using InfusionClinic.Web.Api;

namespace InfusionClinic.Web.Tests;

/// <summary>A screen that needs a whole day's list reads every page of it, and stops at the last.</summary>
public sealed class ApiPagesTests
{
    private static Func<int, Task<IApiPage<SessionDto>>> Pages(int total, List<int> asked) => page =>
    {
        asked.Add(page);
        var items = Enumerable.Range((page - 1) * ApiPages.Size, Math.Clamp(total - ((page - 1) * ApiPages.Size), 0, ApiPages.Size))
            .Select(i => new SessionDto { Id = new Guid(i, 0, 0, new byte[8]) }).ToList();
        return Task.FromResult<IApiPage<SessionDto>>(new SessionDtoPagedResult { Items = items, Page = page, PageSize = ApiPages.Size, TotalCount = total });
    };

    [Fact]
    public async Task AllAsync_DenseDayOf250_ReadsThreePagesAndEverySessionOnce()
    {
        var asked = new List<int>();

        var all = await ApiPages.AllAsync(Pages(250, asked));

        asked.Should().Equal(1, 2, 3);
        all.Select(s => s.Id).Should().OnlyHaveUniqueItems().And.HaveCount(250);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    [InlineData(100)]
    public async Task AllAsync_OnePageOrLess_ReadsOnePage(int total)
    {
        var asked = new List<int>();

        var all = await ApiPages.AllAsync(Pages(total, asked));

        asked.Should().Equal(1);
        all.Should().HaveCount(total);
    }

    [Fact]
    public async Task AllAsync_ListShrinksWhileRead_StopsAtTheFirstEmptyPage()
    {
        var asked = new List<int>();
        // The total said 300, but sessions were cancelled meanwhile: page 2 is empty.
        var all = await ApiPages.AllAsync<SessionDto>(page =>
        {
            asked.Add(page);
            return Task.FromResult<IApiPage<SessionDto>>(new SessionDtoPagedResult
            {
                Items = page == 1 ? [.. Enumerable.Range(0, 100).Select(_ => new SessionDto { Id = Guid.NewGuid() })] : [],
                TotalCount = 300,
            });
        });

        asked.Should().Equal(1, 2);
        all.Should().HaveCount(100);
    }
}
