using System.Diagnostics;
using Allocation.Adapters.Sql;
using System.Net;

namespace Allocation.Host.Tests;

/// <summary>The real host process on a real socket: start it, drive it, stop it.</summary>
public sealed class KestrelSmokeTests
{
    [Test]
    public async Task The_host_process_serves_the_api_on_a_loopback_port()
    {
        var directory = Directory.CreateTempSubdirectory("allocation-smoke-").FullName;
        await using var host = await HostProcess.StartAsync(directory, new Dictionary<string, string>
        {
            ["ConnectionStrings__Allocation"] = $"Data Source={Path.Combine(directory, "smoke.db")}",
            ["DOTNET_ENVIRONMENT"] = "Production",
        });
        var client = host.Client;
        try
        {
            using (var created = await client.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 5, eta = (string?)null }))
            {
                created.StatusCode.Should().Be(HttpStatusCode.Created);
                created.Headers.Contains("Server").Should().BeFalse("the host does not advertise its server software");
            }

            (await client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "LAMP", qty = 2 })).StatusCode.Should().Be(HttpStatusCode.Created);
            (await (await client.GetAsync("/allocations/o1")).JsonAsync()).ToString().Should().Be("""[{"sku":"LAMP","batchref":"b1"}]""");
            File.Exists(Path.Combine(directory, "smoke.db")).Should().BeTrue("the relative SQLite path is in the working directory");
            ((int)(await client.GetAsync("/batches/a%00b")).StatusCode).Should().Be(400, "Kestrel refuses a NUL in the path before it reaches us");
            const string Tricky = "a/b?c#d%2F e";
            (await client.PostJsonAsync("/batches", new { @ref = Tricky, sku = Tricky, qty = 5, eta = (string?)null })).StatusCode.Should().Be(HttpStatusCode.Created);
            (await (await client.GetAsync($"/batches/{Uri.EscapeDataString(Tricky)}")).JsonAsync()).GetProperty("ref").GetString()
                .Should().Be(Tricky, "route values are read from the raw target, so even a literal %2F round-trips");
        }
        finally
        {
            await host.KillAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task The_migrate_command_applies_the_schema_and_exits()
    {
        var directory = Directory.CreateTempSubdirectory("allocation-migrate-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet", [HostProcess.HostDll(), "migrate"])
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["ConnectionStrings__Allocation"] = "Data Source=migrated.db" },
            };
            using var migrate = Process.Start(start)!;
            var output = await migrate.StandardOutput.ReadToEndAsync();
            await migrate.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            migrate.ExitCode.Should().Be(0, output);
            var shipped = typeof(SqliteAllocationDatabase).Assembly.GetManifestResourceNames().Count(name => name.StartsWith("Migrations/", StringComparison.Ordinal));
            output.Should().Contain($"applied {shipped} migration", "every migration the SQLite package ships runs on a new database");
            await using var database = AllocationDatabase.Sqlite($"Data Source={Path.Combine(directory, "migrated.db")}");
            (await database.CheckAsync()).Should().BeNull();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
