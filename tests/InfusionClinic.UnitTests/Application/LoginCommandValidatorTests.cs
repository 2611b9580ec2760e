using InfusionClinic.Application.Auth.Login;
using InfusionClinic.UnitTests.Support;

namespace InfusionClinic.UnitTests.Application;

public sealed class LoginCommandValidatorTests
{
    private readonly LoginCommandValidator _validator;

    public LoginCommandValidatorTests()
    {
        // Rules resolve their property names when they are built: install the camelCase resolver first.
        ValidatorSetup.EnsureInstalled();
        _validator = new();
    }

    [Fact]
    public void Validate_EmailAndPassword_HasNoErrors() =>
        _validator.Validate(new LoginCommand("nurse@demo.clinic", "Test-Passw0rd!")).Errors.Should().BeEmpty();

    [Theory]
    [InlineData("", "Test-Passw0rd!", "email")]
    [InlineData("nurse@demo.clinic", "", "password")]
    public void Validate_MissingField_NamesIt(string email, string password, string field) =>
        _validator.Validate(new LoginCommand(email, password)).Errors.Select(e => e.PropertyName).Should().Equal(field);

    [Fact]
    public void Validate_OverlongValues_NameBothFields() =>
        _validator.Validate(new LoginCommand(new string('e', 255), new string('p', 257))).Errors.Select(e => e.PropertyName)
            .Should().BeEquivalentTo("email", "password");
}
