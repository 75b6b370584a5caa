using System.Text;
using Allocation.Host.Import;

namespace Allocation.Host.Tests;

/// <summary>The CSV reader against thousands of generated files, and against bodies built to exhaust memory.</summary>
public sealed class BatchCsvTests
{
    private static readonly string[] BadKinds =
        ["stray quote", "unclosed quote", "text after quote", "bad qty", "bad eta", "too few fields", "too long", "invisible", "padded", "not utf-8"];

    [Test]
    public async Task Two_thousand_generated_files_import_every_good_row_once_and_refuse_every_bad_row_at_its_own_line()
    {
        var random = new Random(20261206);
        var checkedRows = 0;
        for (var file = 0; file < 2000; file++)
        {
            var text = new StringBuilder("ref,sku,qty,eta\n");
            var expected = new List<(long Line, string? Ref, string? Kind)>();
            var line = 1L;
            var count = random.Next(1, 30);
            for (var row = 0; row < count; row++)
            {
                line++;
                if (random.Next(8) == 0)
                {
                    text.Append('\n'); // a blank line: no row, but it counts as a line
                    continue;
                }

                var reference = $"r{file}-{row}";
                if (random.Next(3) > 0)
                {
                    var quoted = random.Next(3) == 0 ? $"\"{reference},\"\"q\"\"\"" : reference; // a quoted ref with a comma and doubled quotes
                    text.Append(GoodLine(quoted, random));
                    expected.Add((line, quoted[0] == '"' ? $"{reference},\"q\"" : reference, null));
                }
                else
                {
                    var kind = BadKinds[random.Next(BadKinds.Length)];
                    text.Append(Bad(kind, reference)).Append('\n');
                    expected.Add((line, null, kind));
                }
            }

            var rows = new List<BatchRow>();
            await foreach (var read in BatchCsv.ReadAsync(new StringReader(text.ToString()), CancellationToken.None))
            {
                rows.Add(read);
            }

            rows.Select(r => r.Line).Should().Equal(expected.Select(e => e.Line), $"file {file}: one row per non-blank line, at its own line\n{text}");
            foreach (var (read, wanted) in rows.Zip(expected))
            {
                if (wanted.Kind is null)
                {
                    read.Batch.Should().NotBeNull($"file {file}, line {read.Line} is good: {read.Problem}");
                    read.Batch!.Reference.Should().Be(wanted.Ref);
                }
                else
                {
                    read.Batch.Should().BeNull($"file {file}, line {read.Line} is bad ({wanted.Kind})");
                    read.Problem.Should().NotBeNullOrWhiteSpace().And.Subject.Length.Should().BeLessThan(300, "a reason quotes values cut short");
                }

                checkedRows++;
            }
        }

        await TestContext.Out.WriteLineAsync($"generated CSV: 2000 files, {checkedRows} rows checked");
    }

    [Test]
    public async Task An_unclosed_quote_at_the_top_of_a_hundred_megabytes_costs_one_line_and_no_memory()
    {
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var peak = 0L;
        var rows = new List<(long Line, bool Good)>();
        await foreach (var row in BatchCsv.ReadAsync(new GeneratedBody(100_000_000), CancellationToken.None))
        {
            rows.Add((row.Line, row.Batch is not null));
            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false) - before);
        }

        await TestContext.Out.WriteLineAsync($"100 MB body: {rows.Count} rows, managed memory at most {peak / 1024 / 1024} MiB above the start");
        rows[0].Should().Be((2L, false), "the line with the unclosed quote is refused on its own");
        rows.Skip(1).Should().OnlyContain(r => r.Good, "the rows after it are read as rows");
        rows.Count.Should().BeGreaterThan(1000);
        peak.Should().BeLessThan(64L * 1024 * 1024, "memory stays bounded by a line, not by the body");
    }

    private static string GoodLine(string reference, Random random) =>
        $"{reference},SKU-{random.Next(5)},{random.Next(0, 1000)},{(random.Next(2) == 0 ? "" : "2027-0" + random.Next(1, 10) + "-1" + random.Next(0, 9))}\n";

    private static string Bad(string kind, string reference) => kind switch
    {
        "stray quote" => $"{reference}\"x,SKU,1,",
        "unclosed quote" => $"\"{reference},SKU,1,",
        "text after quote" => $"\"{reference}\"x,SKU,1,",
        "bad qty" => $"{reference},SKU,many\u001b[31m,",
        "bad eta" => $"{reference},SKU,1,15/01/2027",
        "too few fields" => reference,
        "too long" => $"{reference},SKU,1,{new string('x', CsvLineReader.MaxLength)}",
        "invisible" => $"{reference}\u200B,SKU,1,",
        "padded" => $" {reference},SKU,1,",
        "not utf-8" => $"{reference}\uFFFD,SKU,1,",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A header, one line with an unclosed quote running for most of the body, then good rows: generated as read, never held.</summary>
    private sealed class GeneratedBody(long length) : TextReader
    {
        private long _written;
        private long _row;

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            if (_written >= length)
            {
                return 0;
            }

            string chunk;
            if (_written == 0)
            {
                chunk = "ref,sku,qty,eta\n\"unclosed";
            }
            else if (_written < length * 9 / 10)
            {
                chunk = new string('y', Math.Min(buffer.Length, 8192));
            }
            else
            {
                chunk = _row++ == 0 ? "\n" : $"good-{_row},SKU,1,\n";
            }

            var n = Math.Min(chunk.Length, buffer.Length);
            chunk.AsSpan(0, n).CopyTo(buffer);
            _written += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));
    }
}
