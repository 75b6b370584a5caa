using System.Globalization;
using System.Text;

namespace Allocation.Host.Errors;

/// <summary>
/// A client's value, as an error message quotes it: at most <see cref="MaxLength"/> characters, and
/// every control or invisible format character written as <c>\u{XXXX}</c>, so that an echoed cell
/// can neither grow a response nor colour a terminal or forge a line of its own.
/// </summary>
internal static class Echo
{
    public const int MaxLength = 40;

    public static string Quote(string? value)
    {
        if (value is null)
        {
            return "nothing";
        }

        var text = new StringBuilder("'");
        foreach (var rune in value.EnumerateRunes().Take(MaxLength))
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{{{rune.Value:X4}}}");
            }
            else
            {
                text.Append(rune.ToString());
            }
        }

        return text.Append(value.EnumerateRunes().Skip(MaxLength).Any() ? "…'" : "'").ToString();
    }
}
