using InfusionClinic.Domain.Patients;

namespace InfusionClinic.UnitTests.Domain;

public sealed class PhoneNumberTests
{
    public static TheoryData<string, string, string?> Cases => new()
    {
        // national numbers take the site's calling code in place of the leading 0
        { "07700 900123", "44", "+447700900123" },
        { "07700-900-123", "44", "+447700900123" },
        { "(0)7700.900.123", "44", "+447700900123" },
        { "0612345678", "33", "+33612345678" },
        // international numbers keep their own code, with + or 00
        { "+1 (212) 555-0100", "44", "+12125550100" },
        { "+44 7700 900456", "1", "+447700900456" },
        { "0044 7700 900123", "1", "+447700900123" },
        { "+49.30.1234567", "44", "+49301234567" },
        // 8 to 15 digits after the +
        { "+12345678", "44", "+12345678" },
        { "+123456789012345", "44", "+123456789012345" },
        { "+1234567", "44", null },
        { "+1234567890123456", "44", null },
        // not a number we can read
        { "12345", "44", null },
        { "7700900123", "44", null },
        { "", "44", null },
        { "   ", "44", null },
        { "+", "44", null },
        { "+44 77OO 900123", "44", null },
        { "+44/7700/900123", "44", null },
        { "+0123456789", "44", null },
        { "0", "44", null },
        // a national number cannot be read without a calling code
        { "07700 900123", "", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Normalize_Input_GivesE164OrNull(string raw, string countryCallingCode, string? expected) =>
        PhoneNumber.Normalize(raw, countryCallingCode).Should().Be(expected);

    [Fact]
    public void Normalize_Null_Throws()
    {
        var act = () => PhoneNumber.Normalize(null!, "44");
        act.Should().Throw<ArgumentNullException>();
    }
}
