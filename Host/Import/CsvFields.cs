using System.Text;

namespace Allocation.Host.Import;

/// <summary>
/// Splits one CSV line into fields: RFC 4180 quoting within the line (a quoted field may hold
/// commas and doubled quotes), and a clear problem for a quote anywhere else.
/// </summary>
internal static class CsvFields
{
    /// <summary>More fields than any batch row has, with room for extra columns.</summary>
    public const int MaxFields = 16;

    public static (List<string>? Fields, string? Problem) Split(string line)
    {
        var fields = new List<string>(4);
        var i = 0;
        while (true)
        {
            if (fields.Count == MaxFields)
            {
                return (null, $"has more than {MaxFields} fields");
            }

            if (i < line.Length && line[i] == '"')
            {
                var field = new StringBuilder();
                i++;
                while (true)
                {
                    var quote = line.IndexOf('"', i);
                    if (quote < 0)
                    {
                        return (null, $"field {fields.Count + 1} opens a quote that is not closed on its line");
                    }

                    field.Append(line, i, quote - i);
                    i = quote + 1;
                    if (i < line.Length && line[i] == '"')
                    {
                        field.Append('"');
                        i++;
                        continue;
                    }

                    break;
                }

                fields.Add(field.ToString());
                if (i == line.Length)
                {
                    return (fields, null);
                }

                if (line[i] != ',')
                {
                    return (null, $"field {fields.Count} has text after its closing quote (a stray quote)");
                }

                i++;
                continue;
            }

            var comma = line.IndexOf(',', i);
            var end = comma < 0 ? line.Length : comma;
            if (line.AsSpan(i, end - i).Contains('"'))
            {
                return (null, $"field {fields.Count + 1} holds a stray quote (quote the whole field, and double each quote inside it)");
            }

            fields.Add(line[i..end]);
            if (comma < 0)
            {
                return (fields, null);
            }

            i = comma + 1;
        }
    }
}
