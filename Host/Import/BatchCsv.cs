using System.Globalization;
using System.Runtime.CompilerServices;
using Allocation.Application.Commands;
using Allocation.Domain;
using Allocation.Host.Errors;

namespace Allocation.Host.Import;

/// <summary>One data row of a batch CSV: the batch it describes, or why it describes none.</summary>
/// <param name="Line">The row's line number in the file (the header is line 1).</param>
/// <param name="Batch">The batch, when the row is sound.</param>
/// <param name="Problem">What is wrong with the row, naming its fields, when it is not.</param>
internal sealed record BatchRow(long Line, AddBatch? Batch, string? Problem);

/// <summary>
/// Reads <c>ref,sku,qty,eta</c> rows one line at a time from a stream (<see cref="CsvLineReader"/>),
/// so a body of any size, or any shape, is read in bounded memory. Each row is checked with the
/// same rules as <c>POST /batches</c>; a bad row is reported with its own line number, alone, and
/// the reading goes on with the next line.
/// </summary>
internal static class BatchCsv
{
    private static readonly string[] Required = ["ref", "sku", "qty"];

    public static async IAsyncEnumerable<BatchRow> ReadAsync(TextReader text, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lines = new CsvLineReader(text);
        var first = await lines.ReadAsync(cancellationToken).ConfigureAwait(false);
        var header = first is { TooLong: false } line ? CsvFields.Split(line.Text).Fields?.Select(h => h.Trim().ToLowerInvariant()).ToList() : null;
        if (header is null || Required.Any(column => !header.Contains(column)))
        {
            yield return new BatchRow(1, null, "the first line must be the header ref,sku,qty,eta (eta may be left out)");
            yield break;
        }

        int[] columns = [header.IndexOf("ref"), header.IndexOf("sku"), header.IndexOf("qty"), header.IndexOf("eta")];
        while (await lines.ReadAsync(cancellationToken).ConfigureAwait(false) is { } row)
        {
            if (row.TooLong)
            {
                yield return new BatchRow(row.Number, null, $"the line is longer than {CsvLineReader.MaxLength} characters");
                continue;
            }

            if (row.Text.Length == 0)
            {
                continue; // a blank line is no row
            }

            if (row.Text.Contains('\uFFFD', StringComparison.Ordinal))
            {
                yield return new BatchRow(row.Number, null,
                    "the line holds bytes that are not text in the body's charset (UTF-8 unless declared): declare it, e.g. text/csv; charset=windows-1252");
                continue;
            }

            var (fields, problem) = CsvFields.Split(row.Text);
            if (fields is null)
            {
                yield return new BatchRow(row.Number, null, $"the row is not valid CSV: {problem}");
                continue;
            }

            if (columns.Take(3).Max() >= fields.Count)
            {
                yield return new BatchRow(row.Number, null, $"the row has {fields.Count} field(s); the header names {header.Count}");
                continue;
            }

            string? Field(int column) => column >= 0 && column < fields.Count ? fields[column] : null;
            yield return Parse(row.Number, Field(columns[0]), Field(columns[1]), Field(columns[2]), Field(columns[3]));
        }
    }

    private static BatchRow Parse(long line, string? reference, string? sku, string? quantity, string? eta)
    {
        var problems = new List<string>();
        foreach (var (name, value) in new[] { ("ref", reference), ("sku", sku) })
        {
            if (Identifier.Validate(value) is { } problem)
            {
                problems.Add($"{name} {problem}");
            }
        }

        quantity = quantity?.Trim();
        eta = eta?.Trim();
        if (!int.TryParse(quantity, NumberStyles.None, CultureInfo.InvariantCulture, out var qty))
        {
            problems.Add($"qty must be a whole number of 0 or more (got {Echo.Quote(quantity)})");
        }

        DateOnly? arrives = null;
        if (!string.IsNullOrEmpty(eta))
        {
            if (DateOnly.TryParseExact(eta, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                arrives = date;
            }
            else
            {
                problems.Add($"eta must be a date as YYYY-MM-DD, or empty for warehouse stock (got {Echo.Quote(eta)})");
            }
        }

        return problems.Count > 0
            ? new BatchRow(line, null, string.Join("; ", problems))
            : new BatchRow(line, new AddBatch(reference!, sku!, qty, arrives), null);
    }
}
