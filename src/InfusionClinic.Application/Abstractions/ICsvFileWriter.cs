namespace InfusionClinic.Application.Abstractions;

/// <summary>Writes rows as an RFC 4180 CSV file (header from the row type's properties, in order), with cells that a
/// spreadsheet would run as a formula neutralised.</summary>
public interface ICsvFileWriter
{
    byte[] Write<T>(IEnumerable<T> rows);
}
