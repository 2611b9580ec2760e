using InfusionClinic.Domain.Staff;
using Microsoft.AspNetCore.Identity;

namespace InfusionClinic.Infrastructure.Identity;

/// <summary>ASP.NET Core's PBKDF2 <see cref="PasswordHasher{TUser}"/> behind the application's interface.</summary>
internal sealed class PasswordHasher : Application.Abstractions.IPasswordHasher
{
    private static readonly StaffMember Subject = (StaffMember)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(StaffMember));
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<StaffMember>().HashPassword(Subject, Guid.NewGuid().ToString()));
    private readonly PasswordHasher<StaffMember> _inner = new();

    public string Hash(string password) => _inner.HashPassword(Subject, password);

    public bool Verify(string hash, string password, out bool needsRehash)
    {
        var result = _inner.VerifyHashedPassword(Subject, hash, password);
        needsRehash = result == PasswordVerificationResult.SuccessRehashNeeded;
        return result != PasswordVerificationResult.Failed;
    }

    public void SimulateVerify(string password) => _inner.VerifyHashedPassword(Subject, DummyHash.Value, password);
}
