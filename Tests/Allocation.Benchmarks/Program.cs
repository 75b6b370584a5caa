using System.Globalization;
using System.Text.Json;
using Allocation.Adapters.Sql;
using Allocation.Application;
using Allocation.Benchmarks;
using Allocation.TestSupport;

// Service-layer benchmark of the standard workload (docs/performance.md).
//   dotnet run -c Release --project Tests/Allocation.Benchmarks -- [--engine postgres|sqlite] [--seconds 20] [--locking on|off|both]
var engine = Option("--engine") ?? "postgres";
var seconds = int.Parse(Option("--seconds") ?? "20", CultureInfo.InvariantCulture);
var lockingModes = (Option("--locking") ?? "both") switch
{
    "on" => new[] { true },
    "off" => [false],
    _ => [true, false],
};
var workload = new Workload(Duration: TimeSpan.FromSeconds(seconds));

await using var server = engine == "postgres" ? await PostgresServer.StartAsync(durable: true) : null;
var results = new List<object>();
foreach (var locking in lockingModes)
{
    var (database, cleanUp) = await OpenAsync(engine, server, locking);
    try
    {
        await database.MigrateAsync();
        var units = new CountingUnitOfWorkFactory(database.UnitsOfWork);
        var options = Microsoft.Extensions.Options.Options.Create(new AllocationOptions { Retry = { MaxRetryAttempts = 50 } });
        var service = new AllocationService(units, database.Queries, options, Microsoft.Extensions.Logging.Abstractions.NullLogger<AllocationService>.Instance);
        Console.Error.WriteLine($"{engine}, locking {(locking ? "on" : "off")}: seeding {workload.Skus} SKUs x {workload.BatchesPerSku} batches...");
        await workload.SeedAsync(service);
        foreach (var (scenario, pick) in new (string, Func<Random, string>)[]
                 {
                     ("spread", random => Workload.Sku(random.Next(workload.Skus))),
                     ("hot", _ => Workload.Sku(0)),
                 })
        {
            Console.Error.WriteLine($"  {scenario}: {workload.Workers} workers for {seconds} s...");
            var result = await ScenarioRunner.RunAsync(scenario, service, units, workload, pick);
            results.Add(new { engine, locking, result });
            Console.WriteLine(
                $"| {engine} | {(locking ? "row lock + version check" : "version check only (50 retries)")} | {scenario} | " +
                $"{result.PerSecond:N0} | {result.P50Ms:N1} / {result.P95Ms:N1} / {result.P99Ms:N1} | {result.RetriesPerSuccess:N2} | " +
                $"{(result.Failures.Count == 0 ? "none" : string.Join(", ", result.Failures.Select(f => $"{f.Key} {f.Value}")))} |");
        }
    }
    finally
    {
        await database.DisposeAsync();
        await cleanUp();
    }
}

Directory.CreateDirectory("artifacts/bench");
var file = Path.Combine("artifacts/bench", $"service-{engine}-{DateTime.UtcNow:yyyyMMddTHHmmss}.json");
await File.WriteAllTextAsync(file, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
Console.Error.WriteLine($"results: {file}");

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

static async Task<(AllocationDatabase Database, Func<Task> CleanUp)> OpenAsync(string engine, PostgresServer? server, bool locking)
{
    if (server is not null)
    {
        var connectionString = await server.CreateDatabaseAsync();
        return (AllocationDatabase.Postgres(connectionString, o => o.LockProductsForChange = locking), () => server.DropDatabaseAsync(connectionString));
    }

    var directory = Directory.CreateTempSubdirectory("allocation-bench-").FullName;
    return (AllocationDatabase.Sqlite($"Data Source={Path.Combine(directory, "bench.db")}", o => o.LockProductsForChange = locking),
        () =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
            return Task.CompletedTask;
        });
}
