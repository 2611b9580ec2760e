using System.Reflection;
using Microsoft.Data.SqlClient;

namespace InfusionClinic.IntegrationTests.Support;

/// <summary>A <see cref="SqlException"/> with a given error number, as the client would raise it. SqlClient has no public
/// constructor for it, so this goes through the internal factory by reflection (test code only).</summary>
public static class SqlServerErrors
{
    public static SqlException Create(int number, string message = "Injected SQL Server error.", byte severity = 16)
    {
        var errorCtor = typeof(SqlError).GetConstructor(BindingFlags.NonPublic | BindingFlags.Instance, null,
            [typeof(int), typeof(byte), typeof(byte), typeof(string), typeof(string), typeof(string), typeof(int), typeof(Exception)], null)
            ?? throw new InvalidOperationException("SqlError's internal constructor changed.");
        var error = (SqlError)errorCtor.Invoke([number, (byte)1, severity, "test-server", message, "", 0, null]);
        var errors = (SqlErrorCollection)Activator.CreateInstance(typeof(SqlErrorCollection), nonPublic: true)!;
        typeof(SqlErrorCollection).GetMethod("Add", BindingFlags.NonPublic | BindingFlags.Instance)!.Invoke(errors, [error]);
        var create = typeof(SqlException).GetMethod("CreateException", BindingFlags.NonPublic | BindingFlags.Static, null,
            [typeof(SqlErrorCollection), typeof(string)], null)
            ?? throw new InvalidOperationException("SqlException's internal factory changed.");
        return (SqlException)create.Invoke(null, [errors, "16.00.4135"])!;
    }
}
