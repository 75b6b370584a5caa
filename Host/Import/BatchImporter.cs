using Allocation.Application;
using Allocation.Application.Commands;
using Allocation.Application.Reads;

namespace Allocation.Host.Import;

/// <summary>A refused row: its line in the file, its reference when it had one, and why.</summary>
/// <param name="Line">The line number (the header is line 1).</param>
/// <param name="Reference">The batch reference, when the row had a sound one.</param>
/// <param name="Reason">Why the row was not imported.</param>
internal sealed record RefusedRow(long Line, string? Reference, string Reason);

/// <summary>What an import did, so far or in all: <paramref name="Through"/> is the last line read, and everything before it is committed.</summary>
internal sealed record ImportReport(long Rows, long Added, long AlreadyPresent, long RefusedCount, IReadOnlyList<RefusedRow> Refused, long Through);

/// <summary>
/// The book's appendix idea: the same service layer behind another entry point. Streams batch rows
/// from CSV and commits them in chunks (the <see cref="ImportBatches"/> command), each
/// chunk one unit of work; reports progress after each chunk. Bad rows are collected with their
/// line numbers and never stop the good ones; the first <see cref="MaxListed"/> are kept, the rest
/// only counted, so memory stays bounded however many rows are bad.
/// </summary>
internal sealed class BatchImporter(CommandInvoker commands)
{
    public const int ChunkSize = 1000;
    public const int MaxListed = 1000;

    public async Task<ImportReport> ImportAsync(TextReader csv, Action<ImportReport>? progress, CancellationToken cancellationToken)
    {
        var refused = new List<RefusedRow>();
        var chunk = new List<(long Line, AddBatch Batch)>(ChunkSize);
        long rows = 0, added = 0, present = 0, refusedCount = 0, reported = -1, through = 0;
        await foreach (var row in BatchCsv.ReadAsync(csv, cancellationToken).ConfigureAwait(false))
        {
            rows++;
            through = row.Line;
            if (row.Batch is null)
            {
                Refuse(new RefusedRow(row.Line, null, row.Problem!));
            }
            else
            {
                chunk.Add((row.Line, row.Batch));
            }

            if (chunk.Count == ChunkSize)
            {
                await CommitAsync().ConfigureAwait(false);
            }
        }

        await CommitAsync().ConfigureAwait(false);
        return Report();

        ImportReport Report() => new(rows, added, present, refusedCount, refused, through);

        void Refuse(RefusedRow row)
        {
            refusedCount++;
            if (refused.Count < MaxListed)
            {
                refused.Add(row);
            }
        }

        async Task CommitAsync()
        {
            if (chunk.Count == 0 && reported == rows)
            {
                return; // nothing new since the last report (the last chunk was full)
            }

            if (chunk.Count > 0)
            {
                var outcomes = await commands.InvokeAsync(new ImportBatches([.. chunk.Select(c => c.Batch)]), cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < outcomes.Count; i++)
                {
                    switch (outcomes[i].Result)
                    {
                        case BatchImportResult.Added:
                            added++;
                            break;
                        case BatchImportResult.AlreadyPresent:
                            present++;
                            break;
                        default:
                            Refuse(new RefusedRow(chunk[i].Line, chunk[i].Batch.Reference, outcomes[i].Reason!));
                            break;
                    }
                }

                chunk.Clear();
            }

            reported = rows;
            progress?.Invoke(Report());
        }
    }
}
