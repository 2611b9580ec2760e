using InfusionClinic.Web.Features.Series;

namespace InfusionClinic.Web.Tests;

public sealed class BookingAttemptTests
{
    private static BookingAttempt Counting()
    {
        var n = 0;
        return new BookingAttempt(() => $"key-{++n}");
    }

    [Fact]
    public void KeyFor_SameRequestTwice_ReusesTheKey()
    {
        var attempt = Counting();

        attempt.KeyFor("body").Should().Be("key-1");
        attempt.KeyFor("body").Should().Be("key-1", "a double click or a retry after no answer books once");
    }

    [Fact]
    public void KeyFor_ChangedRequest_TakesANewKey()
    {
        var attempt = Counting();
        attempt.KeyFor("body");

        attempt.KeyFor("other body").Should().Be("key-2");
    }

    [Fact]
    public void Answered_ThenSameRequest_IsANewAttempt()
    {
        var attempt = Counting();
        attempt.KeyFor("body");

        attempt.Answered();

        attempt.KeyFor("body").Should().Be("key-2");
    }

    [Theory]
    [InlineData(201, true)]
    [InlineData(409, true)]
    [InlineData(422, true)]
    [InlineData(0, false)]
    [InlineData(429, false)]
    [InlineData(500, false)]
    [InlineData(503, false)]
    public void IsDefinitive_ByStatus(int status, bool definitive) => BookingAttempt.IsDefinitive(status).Should().Be(definitive);
}
