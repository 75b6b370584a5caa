using System.Net;
using System.Text.Json;

namespace Allocation.Host.Tests;

/// <summary>In Production the host writes JSON console logs, one object per line, with the request's trace id.</summary>
public sealed class ProductionLogTests
{
    [Test]
    public async Task Production_logs_are_json_lines_carrying_the_trace_id()
    {
        var directory = Directory.CreateTempSubdirectory("allocation-logs-").FullName;
        try
        {
            // Started from its own directory, as a deployment runs it, so appsettings.Production.json is read.
            var host = await HostProcess.StartAsync(Path.GetDirectoryName(HostProcess.HostDll())!, new Dictionary<string, string>
            {
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__Allocation"] = $"Data Source={Path.Combine(directory, "logs.db")}",
                ["Allocation__Http__SlowRequestThreshold"] = "00:00:00", // every request is "slow": one warning each
            });
            string output;
            await using (host)
            {
                (await host.Client.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 10 })).StatusCode.Should().Be(HttpStatusCode.Created);
                await Task.Delay(500); // the console logger writes on its own thread
                output = await host.StopAndReadOutputAsync();
            }

            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            lines.Should().NotBeEmpty();
            var entries = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList(); // throws on any line that is not JSON
            var slow = entries.Where(e => e.GetProperty("LogLevel").GetString() == "Warning" && e.GetProperty("Message").GetString()!.Contains("/batches", StringComparison.Ordinal)).ToList();
            slow.Should().NotBeEmpty(output);
            var scopes = slow[0].GetProperty("Scopes").EnumerateArray().ToList();
            var traceId = scopes.Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out _)).Select(s => s.GetProperty("TraceId").GetString()).FirstOrDefault();
            traceId.Should().MatchRegex("^[0-9a-f]{32}$", slow[0].ToString());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
