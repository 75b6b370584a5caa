using System.Diagnostics;
using System.Net;
using System.Text;

namespace Allocation.Host.Tests;

/// <summary>The CSV import at its edges (issue 24): stray quotes, charsets, oversize bodies, concurrency, the command line.</summary>
public sealed class ImportEdgeTests
{
    [TestCase("ref,sku,qty,eta\nsq-a\"b,SQ1,1,\nsq-good-3,SQ1,1,\nsq-good-4,SQ1,1,\n", 2)]
    [TestCase("ref,sku,qty,eta\nsq-good-3,SQ1,1,\nsq-good-4,SQ1,1,\nsq-a\"b,SQ1,1,\n", 4)]
    [TestCase("ref,sku,qty,eta\n\"sq-a,SQ1,1,\nsq-good-3,SQ1,1,\nsq-good-4,SQ1,1,\n", 2)]
    public async Task A_stray_or_unclosed_quote_refuses_its_own_row_and_takes_no_neighbour(string csv, long badLine)
    {
        await using var app = AllocationApp.Sqlite();
        using var client = app.CreateClient();

        var report = await (await client.PostAsync("/batches:import", new StringContent(csv, Encoding.UTF8, "text/csv"))).JsonAsync();

        report.GetProperty("added").GetInt64().Should().Be(2);
        report.GetProperty("refused").EnumerateArray().Select(r => r.GetProperty("line").GetInt64()).Should().Equal(badLine);
        (await client.GetAsync("/batches/sq-good-3")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/batches/sq-good-4")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task A_declared_windows_1252_body_is_read_in_its_charset_and_an_unknown_charset_is_a_415()
    {
        await using var app = AllocationApp.Sqlite();
        using var client = app.CreateClient();
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var body = Encoding.GetEncoding(1252).GetBytes("ref,sku,qty,eta\ncafé-1,CAFÉ,3,\n");

        var declared = new ByteArrayContent(body);
        declared.Headers.TryAddWithoutValidation("Content-Type", "text/csv; charset=windows-1252");
        var undeclared = new ByteArrayContent(body);
        undeclared.Headers.TryAddWithoutValidation("Content-Type", "text/csv");
        var unknown = new ByteArrayContent(body);
        unknown.Headers.TryAddWithoutValidation("Content-Type", "text/csv; charset=x-martian");

        (await (await client.PostAsync("/batches:import", declared)).JsonAsync()).GetProperty("added").GetInt64().Should().Be(1);
        (await (await client.GetAsync($"/batches/{Uri.EscapeDataString("café-1")}")).JsonAsync()).GetProperty("sku").GetString().Should().Be("CAFÉ");
        var guessed = await (await client.PostAsync("/batches:import", undeclared)).JsonAsync();
        guessed.GetProperty("refused")[0].GetProperty("reason").GetString().Should().Contain("charset");
        await (await client.PostAsync("/batches:import", unknown)).ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Test]
    public async Task A_hundred_thousand_bad_rows_are_counted_and_only_the_first_thousand_listed_each_cut_short()
    {
        await using var app = AllocationApp.Sqlite();
        using var client = app.CreateClient();
        var csv = new StringBuilder("ref,sku,qty,eta\n");
        for (var i = 0; i < 100_000; i++)
        {
            csv.Append(CultureInfo(i)).Append(",SKU,").Append(new string('9', 500)).Append(",\n");
        }

        var report = await (await client.PostAsync("/batches:import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).JsonAsync();

        report.GetProperty("refusedCount").GetInt64().Should().Be(100_000);
        report.GetProperty("refused").GetArrayLength().Should().Be(1000);
        report.GetProperty("refused")[0].GetProperty("reason").GetString()!.Length.Should().BeLessThan(200, "the 500-digit qty is quoted cut short");

        static string CultureInfo(int i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [Test]
    public async Task A_chunked_body_over_the_limit_says_exactly_what_it_committed()
    {
        // Over a real socket: a chunked body has no length until it ends, so the limit is met while reading.
        await using var host = await HostProcess.StartOnItsOwnDatabaseAsync("oversize");
        var (status, body) = await PostChunkedAsync(host.Client.BaseAddress!, new OversizeCsv(goodRows: 2500));

        status.Should().Be(413, body);
        var problem = System.Text.Json.JsonDocument.Parse(body).RootElement;
        problem.GetProperty("code").GetString().Should().Be("payload-too-large");
        problem.GetProperty("detail").GetString().Should().Contain("256 MiB").And.Contain("committed").And.NotContain("64 KiB");
        var through = problem.GetProperty("committedThrough").GetInt64();
        var added = problem.GetProperty("added").GetInt64();
        added.Should().Be(through - 1, "every row through the line it names was committed, and no other");
        added.Should().BeGreaterThanOrEqualTo(2000);
        (await host.Client.GetAsync($"/batches/over-{added}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.Client.GetAsync($"/batches/over-{added + 1}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "nothing after the named line");
    }

    [Test]
    public async Task A_third_import_while_two_run_is_a_503_with_retry_after()
    {
        // Over a real socket, where a request reaches the endpoint as soon as its headers do.
        await using var host = await HostProcess.StartOnItsOwnDatabaseAsync("busy");
        var client = host.Client;
        using var release = new SemaphoreSlim(0);
        var running = Enumerable.Range(0, 2).Select(_ =>
        {
            var content = new StreamContent(new HeldBody(release));
            content.Headers.TryAddWithoutValidation("Content-Type", "text/csv");
            return client.PostAsync("/batches:import", content);
        }).ToList();
        await Task.Delay(1000); // both are reading their bodies

        var third = await client.PostAsync("/batches:import", new StringContent("ref,sku,qty,eta\nb3,SKU,1,\n", Encoding.UTF8, "text/csv"));
        release.Release(2);

        await third.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "imports-busy");
        third.Headers.RetryAfter.Should().NotBeNull();
        foreach (var done in await Task.WhenAll(running))
        {
            done.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await client.PostAsync("/batches:import", new StringContent("ref,sku,qty,eta\nb4,SKU,1,\n", Encoding.UTF8, "text/csv")))
            .StatusCode.Should().Be(HttpStatusCode.OK, "the gate opens again");
    }

    [Test]
    public async Task Import_without_a_file_is_a_usage_error_not_a_web_server()
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", [HostProcess.HostDll(), "import"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var errors = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(30))) != exited)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("import with no file did not exit: it started something else");
        }

        process.ExitCode.Should().Be(2);
        (await errors).Should().Contain("usage: import <file.csv>");
    }

    [Test]
    public async Task Import_on_a_terminal_ends_cleanly_with_its_summary_and_escapes_what_it_echoes()
    {
        var directory = Directory.CreateTempSubdirectory("allocation-tty-").FullName;
        try
        {
            var file = Path.Combine(directory, "batches.csv");
            await File.WriteAllTextAsync(file, "ref,sku,qty,eta\ntty-1,TTY,1,\ntty-2,TTY,x\u001b[31mred\ntty-3,TTY,1\u2028line 99: forged,\n");
            // script(1) runs the command on a pseudo-terminal, as a person at a shell would.
            using var process = Process.Start(new ProcessStartInfo("script", ["-qec", $"dotnet {HostProcess.HostDll()} import {file}", "/dev/null"])
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["ConnectionStrings__Allocation"] = "Data Source=tty.db", ["DOTNET_ENVIRONMENT"] = "Development", ["TERM"] = "xterm" },
            })!;
            var output = process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            var text = await output;

            process.ExitCode.Should().Be(1, text);
            text.Should().Contain("import: done.").And.Contain("1 added").And.NotContain("ObjectDisposedException");
            text.Should().Contain("\\u{001B}[31m", "the escape sequence in a cell is shown, not obeyed");
            text.Should().Contain("\\u{2028}").And.NotContain("\u2028", "a line separator in a cell cannot forge a line of its own");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Sends <paramref name="body"/> chunked over a raw socket and reads the answer while still
    /// sending: the server answers 413 and stops reading, which an HttpClient reports as a failed
    /// upload instead of the answer.
    /// </summary>
    private static async Task<(int Status, string Body)> PostChunkedAsync(Uri server, Stream body)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /batches:import HTTP/1.1\r\nHost: 127.0.0.1:{server.Port}\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n"));
        var sending = Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            try
            {
                int read;
                while ((read = await body.ReadAsync(buffer)) > 0)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"{read:X}\r\n"));
                    await stream.WriteAsync(buffer.AsMemory(0, read));
                    await stream.WriteAsync("\r\n"u8.ToArray());
                }

                await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
            }
            catch (IOException)
            {
                // the server stopped reading: expected once it answered 413
            }
        });

        var received = new MemoryStream();
        var chunk = new byte[8192];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        int read;
        while ((read = await stream.ReadAsync(chunk, deadline.Token)) > 0)
        {
            received.Write(chunk, 0, read); // the server closes the connection after a 413 on a body it did not read
        }

        await sending;
        var text = Encoding.UTF8.GetString(received.ToArray());
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = text[..headerEnd];
        var content = text[(headerEnd + 4)..];
        if (head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            var dechunked = new StringBuilder();
            for (var at = 0; ;)
            {
                var lineEnd = content.IndexOf("\r\n", at, StringComparison.Ordinal);
                var size = Convert.ToInt32(content[at..lineEnd], 16);
                if (size == 0)
                {
                    break;
                }

                dechunked.Append(content, lineEnd + 2, size);
                at = lineEnd + 2 + size + 2;
            }

            content = dechunked.ToString();
        }

        return (int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), content);
    }

    /// <summary>A CSV body that sends its header, then waits to be released before it ends.</summary>
    private sealed class HeldBody(SemaphoreSlim release) : Stream
    {
        private int _step;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            switch (_step++)
            {
                case 0:
                    // The header and blank lines (skipped), enough to fill the client's write buffer so that it sends them now.
                    var start = Encoding.ASCII.GetBytes("ref,sku,qty,eta\n" + new string('\n', Math.Min(buffer.Length, 64 * 1024) - 16));
                    start.CopyTo(buffer);
                    return start.Length;
                case 1:
                    await release.WaitAsync(cancellationToken);
                    return 0;
                default:
                    return 0;
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A header, good rows, then one line of filler that runs past 256 MiB: generated as sent, never held.</summary>
    private sealed class OversizeCsv(int goodRows) : Stream
    {
        private long _sent;
        private int _row;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _sent; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_sent > 300L * 1024 * 1024)
            {
                return 0;
            }

            var chunk = _row == 0 ? "ref,sku,qty,eta\n"u8.ToArray()
                : _row <= goodRows ? Encoding.ASCII.GetBytes($"over-{_row},OVER,1,\n")
                : Filler;
            _row++;
            var n = Math.Min(chunk.Length, count);
            Array.Copy(chunk, 0, buffer, offset, n);
            _sent += n;
            return n;
        }

        private static readonly byte[] Filler = Enumerable.Repeat((byte)'z', 64 * 1024).ToArray();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
