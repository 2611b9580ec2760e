using InfusionClinic.Infrastructure.Identity;

namespace InfusionClinic.UnitTests.Identity;

public sealed class PasswordPolicyTests
{
    private static readonly string[] Account = ["jo.doe@clinic.example", "Jo Doe"];

    private readonly PasswordPolicy _policy = new();

    [Theory]
    [InlineData("Violet-kettle-harbour-42")]
    [InlineData("plum orbit saddle wren")]
    [InlineData("Correct-Horse-1")]
    [InlineData("Long-enough-pass1")]
    [InlineData("Long-enough-pass-1")]
    [InlineData("correct horse battery staple")]
    [InlineData("a-long-passphrase-1")]
    [InlineData("Kv8#pQ2!zW5@rT9$")]
    [InlineData("tablet lantern quiet 77")]
    public void Check_StrongPassphrase_IsAccepted(string password) =>
        _policy.Check(password, Account).Should().BeEmpty();

    [Theory]
    [InlineData("aaaaaaaaaaaa", "at least 15")]
    [InlineData("Short-Pass-1", "at least 15")]
    [InlineData("aaaaaaaaaaaaaaaaaaaa", "repeats")]
    [InlineData("abcdefghijklmnopqrst", "sequence")]
    [InlineData("12345678901234567890", "sequence")]
    [InlineData("qwertyuiopasdfghjkl", "common")]
    [InlineData("passwordpassword", "common")]
    [InlineData("zxcvbnm,./zxcvbnm,./", "keyboard")]
    [InlineData("jo.doe@clinic.example", "email or name")]
    [InlineData("JoDoeJoDoe123456", "email or name")]
    [InlineData("infusionclinic2026", "email or name")]
    [InlineData("Password12345678", "common")]
    public void Check_WeakPassword_IsRefusedWithTheReason(string password, string reason) =>
        _policy.Check(password, Account).Should().ContainSingle().Which.Should().Contain(reason);

    [Fact]
    public void Check_LongerThanTheMaximum_IsRefused() =>
        _policy.Check(string.Join(' ', Enumerable.Repeat("orbit-plum-saddle", 8)), Account).Should().ContainSingle().Which.Should().Contain("at most 128");

    [Fact]
    public void Check_SixtyFourRandomCharacters_IsAccepted() =>
        _policy.Check("Xq7!vR2#mK9@pL4$wN8%tB3^hJ6&cF1*Yz5(Gd0)Ue2-Sa7+Io4=Pb9~Lk3_Mn6", Account).Should().BeEmpty();

    [Fact]
    public void Check_LengthInCodePoints_CountsAnEmojiOnce()
    {
        var fourteenPlusEmoji = "Kv8#pQ2!zW5@rT" + "\U0001F600";

        _policy.Check(fourteenPlusEmoji, Account).Should().BeEmpty("15 code points, though 16 UTF-16 units");
        _policy.Check("Kv8#pQ2!zW5@r" + "\U0001F600", Account).Should().ContainSingle().Which.Should().Contain("at least 15");
    }
}
