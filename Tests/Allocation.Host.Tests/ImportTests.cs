using System.Diagnostics;
using System.Net;
using System.Text;

namespace Allocation.Host.Tests;

/// <summary>Bulk import of batches from CSV: over HTTP (POST /batches:import) and from the command line.</summary>
public sealed class ImportTests
{
    private const string Csv = """
        ref,sku,qty,eta
        imp-1,IMPORT-LAMP,10,
        imp-2,IMPORT-LAMP,5,2027-01-15
        imp-3,,4,
        imp-4,IMPORT-CHAIR,many,
        imp-5,IMPORT-CHAIR,7,15/01/2027
        imp-6,IMPORT-CHAIR,7,
        """;

    [Test]
    public async Task Posting_csv_adds_the_good_rows_names_the_bad_lines_and_is_idempotent()
    {
        await using var app = AllocationApp.Sqlite();
        using var client = app.CreateClient();

        var first = await (await PostCsvAsync(client, Csv)).JsonAsync();
        var again = await (await PostCsvAsync(client, Csv)).JsonAsync();

        (first.GetProperty("rows").GetInt64(), first.GetProperty("added").GetInt64(), first.GetProperty("refusedCount").GetInt32()).Should().Be((6, 3, 3));
        first.GetProperty("refused").EnumerateArray().Select(r => r.GetProperty("line").GetInt64()).Should().Equal(4, 5, 6);
        first.GetProperty("refused")[0].GetProperty("reason").GetString().Should().Contain("sku");
        first.GetProperty("refused")[1].GetProperty("reason").GetString().Should().Contain("qty");
        first.GetProperty("refused")[2].GetProperty("reason").GetString().Should().Contain("eta");
        (again.GetProperty("added").GetInt64(), again.GetProperty("alreadyPresent").GetInt64()).Should().Be((0, 3));
        (await (await client.GetAsync("/batches/imp-2")).JsonAsync()).GetProperty("eta").GetString().Should().Be("2027-01-15");
    }

    [Test]
    public async Task A_body_that_is_not_csv_is_refused()
    {
        await using var app = AllocationApp.Sqlite();
        using var client = app.CreateClient();

        await (await client.PostAsync("/batches:import", new StringContent("{}", Encoding.UTF8, "application/json")))
            .ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        var noHeader = await (await PostCsvAsync(client, "a,b,c\n1,2,3\n")).JsonAsync();
        noHeader.GetProperty("refused")[0].GetProperty("line").GetInt64().Should().Be(1);
    }

    [Test]
    public async Task The_import_command_streams_a_hundred_thousand_rows_and_a_second_run_adds_nothing()
    {
        var directory = Directory.CreateTempSubdirectory("allocation-import-").FullName;
        try
        {
            var file = Path.Combine(directory, "batches.csv");
            await using (var writer = File.CreateText(file))
            {
                await writer.WriteLineAsync("ref,sku,qty,eta");
                for (var i = 0; i < 100_000; i++)
                {
                    await writer.WriteLineAsync($"b-{i},SKU-{i % 500},{i % 50},{(i % 3 == 0 ? "2027-01-15" : "")}");
                }

                await writer.WriteLineAsync("bad-row,SKU-1,-5,");
            }

            var (firstCode, firstOut, firstErr) = await ImportAsync(directory, file);
            var (againCode, againOut, _) = await ImportAsync(directory, file);

            firstCode.Should().Be(1, "one row was refused");
            firstOut.Should().Contain("100,001 rows read: 100,000 added, 0 already present, 1 refused");
            firstErr.Should().Contain("line 100002: qty must be a whole number");
            againCode.Should().Be(1);
            againOut.Should().Contain("100,001 rows read: 0 added, 100,000 already present, 1 refused");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Task<HttpResponseMessage> PostCsvAsync(HttpClient client, string csv) =>
        client.PostAsync("/batches:import", new StringContent(csv, Encoding.UTF8, "text/csv"));

    private static async Task<(int Code, string Out, string Err)> ImportAsync(string directory, string file)
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", [HostProcess.HostDll(), "import", file])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ConnectionStrings__Allocation"] = "Data Source=import.db", ["DOTNET_ENVIRONMENT"] = "Development" },
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (process.ExitCode, await output, await errors);
    }
}
