using System.Text;
using Allocation.Host.Errors;
using Microsoft.Net.Http.Headers;

namespace Allocation.Host.Import;

/// <summary>
/// The charset a CSV body is read in: UTF-8 unless <c>Content-Type</c> declares another, such as
/// <c>text/csv; charset=windows-1252</c> (an Excel export), which is then honoured. A media type
/// other than <c>text/csv</c>, or a charset .NET does not know, is a problem (415).
/// </summary>
internal readonly record struct CsvCharset(Encoding? Encoding, string? Problem)
{
    static CsvCharset() => System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance); // windows-1252 and the other code pages

    public static CsvCharset Of(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var type)
            || !type.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return new(null, "POST /batches:import takes a text/csv body with the header ref,sku,qty,eta.");
        }

        if (!type.Charset.HasValue)
        {
            return new(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), null);
        }

        var name = HeaderUtilities.RemoveQuotes(type.Charset).Value ?? "";
        try
        {
            return new(System.Text.Encoding.GetEncoding(name), null);
        }
        catch (ArgumentException)
        {
            return new(null, $"The charset {Echo.Quote(name)} is not one this service knows; send UTF-8, or declare a known one such as windows-1252.");
        }
    }
}
