using System.Globalization;
using System.Runtime.CompilerServices;
using Allocation.Application.Commands;
using Allocation.Domain;
using CsvHelper;
using CsvHelper.Configuration;

namespace Allocation.Host.Import;

/// <summary>One data row of a batch CSV: the batch it describes, or why it describes none.</summary>
/// <param name="Line">The row's line number in the file (the header is line 1).</param>
/// <param name="Batch">The batch, when the row is sound.</param>
/// <param name="Problem">What is wrong with the row, naming its fields, when it is not.</param>
internal sealed record BatchRow(long Line, AddBatch? Batch, string? Problem);

/// <summary>
/// Reads <c>ref,sku,qty,eta</c> rows (CsvHelper), one at a time from a stream, so a file of any
/// size is never held in memory. Each row is checked with the same rules as <c>POST /batches</c>;
/// a bad row is reported with its line number and the reading goes on.
/// </summary>
internal static class BatchCsv
{
    private static readonly string[] Columns = ["ref", "sku", "qty", "eta"];

    public static async IAsyncEnumerable<BatchRow> ReadAsync(TextReader text, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var malformed = new Queue<(long Line, string Problem)>();
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim,
            PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
            MissingFieldFound = null,
            BadDataFound = args => malformed.Enqueue((args.Context.Parser?.RawRow ?? 0, "the row is not valid CSV (a stray or unclosed quote)")),
        };
        using var csv = new CsvReader(text, configuration);
        if (!await csv.ReadAsync().ConfigureAwait(false) || !csv.ReadHeader() || csv.HeaderRecord is not { } header
            || Columns.Take(3).Any(column => !header.Select(h => h.Trim().ToLowerInvariant()).Contains(column)))
        {
            yield return new BatchRow(1, null, "the first line must be the header ref,sku,qty,eta (eta may be left out)");
            yield break;
        }

        var hasEta = header.Any(h => h.Trim().Equals("eta", StringComparison.OrdinalIgnoreCase));
        while (await csv.ReadAsync().ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = csv.Parser.RawRow;
            if (malformed.TryDequeue(out var bad))
            {
                yield return new BatchRow(bad.Line, null, bad.Problem);
                continue;
            }

            yield return Parse(line, csv.GetField("ref"), csv.GetField("sku"), csv.GetField("qty"), hasEta ? csv.GetField("eta") : null);
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

        if (!int.TryParse(quantity, NumberStyles.None, CultureInfo.InvariantCulture, out var qty))
        {
            problems.Add($"qty must be a whole number of 0 or more (got '{quantity}')");
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
                problems.Add($"eta must be a date as YYYY-MM-DD, or empty for warehouse stock (got '{eta}')");
            }
        }

        return problems.Count > 0
            ? new BatchRow(line, null, string.Join("; ", problems))
            : new BatchRow(line, new AddBatch(reference!, sku!, qty, arrives), null);
    }
}
