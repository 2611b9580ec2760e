using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using InfusionClinic.Application.Abstractions;

namespace InfusionClinic.Infrastructure.Export;

/// <summary>
/// RFC 4180 CSV with CsvHelper: comma-separated, CRLF line ends, a field quoted when it holds a comma, quote or line
/// break (quotes doubled), UTF-8 without BOM, invariant culture. A cell that starts with <c>=</c>, <c>+</c>, <c>-</c>,
/// <c>@</c>, a tab or a carriage return gets a leading <c>'</c>, so a spreadsheet shows it as text instead of running it
/// as a formula (CSV injection).
/// </summary>
internal sealed class CsvFileWriter : ICsvFileWriter
{
    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        NewLine = "\r\n",
        InjectionOptions = InjectionOptions.Escape,
        InjectionCharacters = ['=', '+', '-', '@', '\t', '\r'],
        InjectionEscapeCharacter = '\'',
    };

    public byte[] Write<T>(IEnumerable<T> rows)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        using (var csv = new CsvWriter(writer, Configuration))
        {
            csv.WriteRecords(rows);
        }

        return buffer.ToArray();
    }
}
