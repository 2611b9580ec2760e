using InfusionClinic.Application.Auth;
using InfusionClinic.Domain.Staff;
using InfusionClinic.UnitTests.Support;

namespace InfusionClinic.UnitTests.Domain;

public sealed class SignInLockoutTests
{
    private static readonly DateTimeOffset Now = FixedClock.DefaultNow;
    private static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);

    private static SignInLockout Row() => SignInLockout.Start(SignInLockout.AccountKeyOf("nurse@demo.clinic"), "10.0.0.7", null);

    [Fact]
    public void RecordFailure_BelowThreshold_DoesNotLock()
    {
        var row = Row();

        for (var i = 0; i < 4; i++)
        {
            row.RecordFailure(Now, threshold: 5, Lockout, null);
        }

        row.FailedCount.Should().Be(4);
        row.IsLocked(Now).Should().BeFalse();
    }

    [Fact]
    public void RecordFailure_AtThreshold_LocksForTheLockoutPeriodThenCountsAfresh()
    {
        var row = Row();

        for (var i = 0; i < 5; i++)
        {
            row.RecordFailure(Now, threshold: 5, Lockout, null);
        }

        row.LockedUntil.Should().Be(Now + Lockout);
        row.IsLocked(Now + Lockout - TimeSpan.FromTicks(1)).Should().BeTrue();
        row.IsLocked(Now + Lockout).Should().BeFalse();
        row.FailedCount.Should().Be(0);
    }

    [Fact]
    public void RecordFailure_OlderFailuresThanTheLockoutPeriod_AreForgotten()
    {
        var row = Row();
        for (var i = 0; i < 4; i++)
        {
            row.RecordFailure(Now, threshold: 5, Lockout, null);
        }

        row.RecordFailure(Now + Lockout, threshold: 5, Lockout, null);

        row.FailedCount.Should().Be(1);
        row.IsLocked(Now + Lockout).Should().BeFalse();
    }

    [Fact]
    public void Clear_AfterLockout_Unlocks()
    {
        var row = Row();
        for (var i = 0; i < 5; i++)
        {
            row.RecordFailure(Now, threshold: 5, Lockout, Guid.NewGuid());
        }

        row.Clear();

        row.IsLocked(Now).Should().BeFalse();
        row.FailedCount.Should().Be(0);
    }

    [Fact]
    public void AccountKey_IsAHashNotTheEmail()
    {
        var key = SignInLockout.AccountKeyOf("nurse@demo.clinic");

        key.Should().HaveLength(64).And.NotContain("nurse");
        SignInLockout.AccountKeyOf("nurse@demo.clinic").Should().Be(key);
    }

    [Theory]
    [InlineData(null, "unknown")]
    [InlineData("", "unknown")]
    [InlineData("203.0.113.9", "203.0.113.9")]
    public void ClientAddressOf_MissingOrGiven_IsKeptOrUnknown(string? address, string expected) =>
        SignInLockout.ClientAddressOf(address).Should().Be(expected);

    [Fact]
    public void ClientAddressOf_Overlong_IsCutToTheColumn() =>
        SignInLockout.ClientAddressOf(new string('a', 200)).Should().HaveLength(SignInLockout.MaxClientAddressLength);
}

public sealed class StaffSignInTests
{
    private static readonly DateTimeOffset Now = FixedClock.DefaultNow;

    private static StaffSignIn Live(string hash = "h1") => StaffSignIn.Start(Guid.NewGuid(), Guid.NewGuid(), hash, Now, TimeSpan.FromHours(12));

    [Fact]
    public void Refresh_CurrentToken_Rotates()
    {
        var signIn = Live();

        signIn.Refresh("h1", "h2", Now.AddHours(1)).Should().Be(RefreshOutcome.Rotated);

        signIn.RefreshTokenHash.Should().Be("h2");
        (signIn.RefreshCount, signIn.LastRefreshedAt).Should().Be((1, Now.AddHours(1)));
        signIn.IsLive(Now.AddHours(1)).Should().BeTrue();
    }

    [Fact]
    public void Refresh_SpentToken_RevokesTheSignIn()
    {
        var signIn = Live();
        signIn.Refresh("h1", "h2", Now);

        signIn.Refresh("h1", "h3", Now.AddMinutes(5)).Should().Be(RefreshOutcome.Reused);

        signIn.IsLive(Now.AddMinutes(5)).Should().BeFalse();
        signIn.RevokedReason.Should().Be("refresh_token_reused");
        signIn.Refresh("h2", "h4", Now.AddMinutes(6)).Should().Be(RefreshOutcome.Ended, "the legitimate holder's token dies with it");
    }

    [Fact]
    public void Refresh_AfterTheSignInsEnd_IsEnded()
    {
        var signIn = Live();

        signIn.Refresh("h1", "h2", Now.AddHours(12)).Should().Be(RefreshOutcome.Ended);
        signIn.RefreshTokenHash.Should().Be("h1");
    }

    [Fact]
    public void Revoke_Twice_KeepsTheFirstReasonAndTime()
    {
        var signIn = Live();

        signIn.Revoke(Now, "signed_out");
        signIn.Revoke(Now.AddMinutes(1), "account_changed");

        (signIn.RevokedAt, signIn.RevokedReason).Should().Be((Now, "signed_out"));
    }

    [Fact]
    public void RefreshTokens_FormatThenParse_GivesTheSignInAndSecret()
    {
        var id = Guid.NewGuid();
        var (secret, hash) = RefreshTokens.NewSecret();

        RefreshTokens.TryParse(RefreshTokens.Format(id, secret), out var parsedId, out var parsedSecret).Should().BeTrue();

        (parsedId, parsedSecret).Should().Be((id, secret));
        RefreshTokens.Hash(parsedSecret).Should().Be(hash);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("icr_zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz_secret")]
    [InlineData("icr_5e5a2a4cc78741e6a6137e6e1eb2bf66_")]
    [InlineData("icr_5e5a2a4cc78741e6a6137e6e1eb2bf66")]
    public void RefreshTokens_Malformed_DoNotParse(string? token) =>
        RefreshTokens.TryParse(token, out _, out _).Should().BeFalse();
}
