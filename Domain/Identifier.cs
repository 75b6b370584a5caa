using System.Globalization;
using System.Text;

namespace Allocation.Domain;

/// <summary>
/// The one rule for every identifier in the model (order ids, SKUs and batch references), applied
/// alike to JSON, CSV, routes and Redis messages:
/// <list type="bullet">
/// <item>not blank, and at most <see cref="MaxLength"/> characters;</item>
/// <item>no control or format characters (so no zero-width space, no byte-order mark, no
/// right-to-left override), and no unpaired surrogate;</item>
/// <item>no leading or trailing white space;</item>
/// <item>in Unicode normalization form C, so that two spellings of one text are one identifier;</item>
/// <item>not <c>.</c> or <c>..</c>, which a URL path cannot address.</item>
/// </list>
/// </summary>
public static class Identifier
{
    /// <summary>The longest identifier accepted, in UTF-16 code units.</summary>
    public const int MaxLength = 255;

    /// <summary>Explains what is wrong with <paramref name="value"/> as an identifier.</summary>
    /// <param name="value">The candidate identifier.</param>
    /// <returns>A sentence describing the problem, or <see langword="null"/> when the value is valid.</returns>
    public static string? Validate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "must not be blank";
        }

        if (value.Length > MaxLength)
        {
            return $"must be at most {MaxLength} characters (got {value.Length})";
        }

        if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return "must not start or end with white space";
        }

        if (value is "." or "..")
        {
            return "must not be . or .., which a URL cannot address";
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsControl(value[i]))
            {
                return "must not contain control characters";
            }

            if (char.IsSurrogate(value[i]) && !char.IsSurrogatePair(value, i) && !(i > 0 && char.IsSurrogatePair(value, i - 1)))
            {
                return "must be valid Unicode (it holds an unpaired surrogate)";
            }

            if (CharUnicodeInfo.GetUnicodeCategory(value, i) == UnicodeCategory.Format)
            {
                return $"must not contain invisible format characters (U+{char.ConvertToUtf32(value, i):X4} at {i + 1})";
            }
        }

        return value.IsNormalized(NormalizationForm.FormC) ? null : "must be in Unicode normalization form C (NFC)";
    }

    internal static string Guard(string? value, string paramName)
    {
        var problem = Validate(value);
        return problem is null ? value! : throw new ArgumentException($"{paramName} {problem}.", paramName);
    }
}
