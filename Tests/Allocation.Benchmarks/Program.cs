using System.Globalization;
using System.Text.Json;
using Allocation.Adapters.Sql;
using Allocation.Application;
using Allocation.Benchmarks;
using Allocation.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

// The benchmark (docs/performance.md). One command reproduces every table:
//   dotnet run -c Release --project Tests/Allocation.Benchmarks
// Options: --engine postgres|sqlite|both  --modes service,http,events,redis  --seconds 20  --workers 16
//          --scenarios spread,hot  --history 0,10000,200000  --history-seconds 5  --host-warmup 15  --also-optimistic
//          --url http://host:port --connection "<that host's connection string>" (an already running host; with --engine)
//          --host-environment Development (the host's environment; by default none is set, so it runs as shipped, in Production)
if (args is [BareEndpoint.Command, ..])
{
    await BareEndpoint.RunAsync(args[1..]);
    return 0;
}

var options = BenchmarkOptions.Parse(args);
var root = FindRoot();
var results = new List<LoadResult>();
var history = new List<HistoryResult>();
var feeds = new List<FeedResult>();
var logCosts = new List<EventLogCost>();
var redisRuns = new List<RedisResult>();

var sqliteFiles = new List<DirectoryInfo>();
foreach (var engine in options.Engines)
{
    await using var server = engine == "postgres" && options.Connection is null ? await PostgresServer.StartPrivateAsync(durable: true) : null;
    var connectionString = options.Connection
        ?? (server is not null ? await server.CreateDatabaseAsync() : $"Data Source={Path.Combine(Scratch(sqliteFiles), "bench.db")}");
    Console.Error.WriteLine($"== {engine}");
    await using var database = engine == "postgres" ? AllocationDatabase.Postgres(connectionString) : AllocationDatabase.Sqlite(connectionString);
    await database.MigrateAsync();
    var units = new CountingUnitOfWorkFactory(database.UnitsOfWork);
    var service = new AllocationService(units, database.Queries);
    var workload = new Workload(Workers: options.Workers, Duration: TimeSpan.FromSeconds(options.Seconds));
    if ((await database.Queries.ProductAsync(Workload.Sku(0))) is null)
    {
        Console.Error.WriteLine($"  seeding {workload.Skus} SKUs x {workload.BatchesPerSku} batches of {workload.UnitsPerBatch:N0} units...");
        await workload.SeedAsync(service);
    }

    var sql = new RawSql(engine, connectionString);
    IAllocationTarget floor = engine == "postgres" ? new PostgresFloor(connectionString) : new SqliteFloor(connectionString);
    // No maintenance step: a deployed database gets none, so the host is measured on the tables as
    // seeding left them, with whatever statistics autovacuum has taken by then (issue 26).
    var needsHost = options.Modes.Contains("http") || options.Modes.Contains("events") || options.Modes.Contains("redis");
    // As shipped: the host's own appsettings and the runtime's default environment (Production), unless --host-environment names another.
    var hostEnvironment = options.HostEnvironment is { } named ? new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = named } : null;
    await using var host = needsHost && options.Url is null ? await HostProcess.StartAsync(root, engine, connectionString, hostEnvironment) : null;
    using var http = needsHost ? new HttpTarget(options.Url ?? host!.Address, options.Workers, options.HostEnvironment is { } env ? $"http ({env})" : "http") : null;
    if (host is not null && http is not null)
    {
        // A fresh process still compiles its hot paths for many seconds under full load; measure it warm.
        await LoadRunner.WarmUpAsync(http, "host", options.Workers, TimeSpan.FromSeconds(options.HostWarmupSeconds), random => Workload.Sku(random.Next(workload.Skus)), "host-warm-up");
    }

    var cpu = new CpuMeter(host?.Process, server?.PostmasterPid);
    if (options.Modes.Contains("redis") && http is not null)
    {
        // A second host on the same database, with Redis on: HTTP spread through the plain host, then through it.
        Func<Random, string> spread = random => Workload.Sku(random.Next(workload.Skus));
        await using var redisServer = await RedisServer.StartPrivateAsync();
        await using var redisHost = await HostProcess.StartAsync(root, engine, connectionString,
            new Dictionary<string, string>(hostEnvironment ?? []) { ["Allocation__Redis__Connection"] = redisServer.Endpoint });
        using var redisHttp = new HttpTarget(redisHost.Address, options.Workers);
        await LoadRunner.WarmUpAsync(redisHttp, "redis host", options.Workers, TimeSpan.FromSeconds(options.HostWarmupSeconds), spread, "redis-warm-up");
        await RedisStreamCaughtUpAsync(redisHost.Address);
        var off = await MeasureAsync(engine, "spread", http, spread, workload, sql, cpu, ratioTo: null) with { Target = $"{engine} http, Redis off" };
        var prefix = $"redis-{Guid.NewGuid():N}"[..20];
        await using var follower = await RedisStreamFollower.StartAsync(redisServer.Endpoint, "allocation:events", prefix);
        var on = await MeasureAsync(engine, "spread", follower.Follow(redisHttp), spread, workload, sql, new CpuMeter(redisHost.Process, server?.PostmasterPid), ratioTo: null, prefix)
            with { Target = $"{engine} http, Redis on" };
        results.AddRange([off, on]);
        redisRuns.Add(new RedisResult(off.PerSecond, on.PerSecond, await follower.FinishAsync(engine)));
    }

    if (http is not null && options.Modes.Contains("http") && engine == options.Engines[0])
    {
        // The HTTP stack's own floor: the same requests to an endpoint that only parses and answers.
        await using var bare = await HostProcess.StartBareEndpointAsync();
        using var bareHttp = new HttpTarget(bare.Address, options.Workers);
        results.Add(await MeasureAsync("http", "spread", bareHttp, random => Workload.Sku(random.Next(workload.Skus)), workload, sql: null,
            new CpuMeter(bare.Process, postmaster: null), ratioTo: null) with { Target = "bare endpoint" });
    }

    var targets = new List<IAllocationTarget>();
    if (options.Modes.Contains("service"))
    {
        targets.Add(new ServiceTarget(service, units));
    }

    if (http is not null && options.Modes.Contains("http"))
    {
        targets.Add(http);
    }

    foreach (var (scenario, pick) in new (string, Func<Random, string>)[]
             {
                 ("spread", random => Workload.Sku(random.Next(workload.Skus))),
                 ("hot", _ => Workload.Sku(0)),
             }.Where(s => options.Scenarios.Contains(s.Item1)))
    {
        foreach (var target in targets)
        {
            // The floor runs right before each measured mode: same database, same concurrency, same minute.
            var floorResult = await MeasureAsync(engine, scenario, floor, pick, workload, sql, cpu, ratioTo: null);
            results.Add(floorResult);
            results.Add(await MeasureAsync(engine, scenario, target, pick, workload, sql, cpu, ratioTo: floorResult));
        }

        if (options.AlsoOptimistic)
        {
            await using var optimistic = engine == "postgres"
                ? AllocationDatabase.Postgres(connectionString, o => o.LockProductsForChange = false)
                : AllocationDatabase.Sqlite(connectionString, o => o.LockProductsForChange = false);
            var optimisticUnits = new CountingUnitOfWorkFactory(optimistic.UnitsOfWork);
            var retries = Microsoft.Extensions.Options.Options.Create(new AllocationOptions { Retry = { MaxRetryAttempts = 50 } });
            var target = new ServiceTarget(new AllocationService(optimisticUnits, optimistic.Queries, retries, NullLogger<AllocationService>.Instance), optimisticUnits);
            results.Add(await MeasureAsync(engine, scenario, target, pick, workload, sql, cpu, ratioTo: null) with { Target = "service (version check only)" });
        }
    }

    if (options.Modes.Contains("events"))
    {
        Func<Random, string> spread = random => Workload.Sku(random.Next(workload.Skus));

        // What the event log costs: the same in-process spread run with the log off, then on, twice over.
        await using var unlogged = engine == "postgres"
            ? AllocationDatabase.Postgres(connectionString, o => o.LogEvents = false)
            : AllocationDatabase.Sqlite(connectionString, o => o.LogEvents = false);
        var unloggedUnits = new CountingUnitOfWorkFactory(unlogged.UnitsOfWork);
        var off = new ServiceTarget(new AllocationService(unloggedUnits, unlogged.Queries), unloggedUnits);
        var on = new ServiceTarget(service, units);
        var offRuns = new List<LoadResult>();
        var onRuns = new List<LoadResult>();
        for (var round = 0; round < 2; round++)
        {
            offRuns.Add(await MeasureAsync(engine, "spread", off, spread, workload, sql, cpu, ratioTo: null) with { Target = $"{engine} service, event log off" });
            onRuns.Add(await MeasureAsync(engine, "spread", on, spread, workload, sql, cpu, ratioTo: null) with { Target = $"{engine} service, event log on" });
        }

        results.AddRange(offRuns.Concat(onRuns));
        logCosts.Add(new EventLogCost(engine, offRuns.Average(r => r.PerSecond), onRuns.Average(r => r.PerSecond)));

        // Another service following GET /events while the host takes a spread run over HTTP.
        var prefix = $"feed-{Guid.NewGuid():N}"[..20];
        await using var follower = await EventFeedFollower.StartAsync(http!.BaseAddress, prefix);
        results.Add(await MeasureAsync(engine, "spread", follower.Follow(http), spread, workload, sql, cpu, ratioTo: null, prefix) with
        {
            Target = $"{engine} http, followed by GET /events",
        });
        feeds.Add(await follower.FinishAsync(engine));
    }

    history.AddRange(await HistoryScenario.RunAsync(engine, service, sql, options));
    if (server is not null)
    {
        await server.DropDatabaseAsync(connectionString);
    }
}

// A SQLite run leaves a file of a hundred megabytes or more: drop it, as PostgreSQL's database is dropped.
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
sqliteFiles.ForEach(directory => directory.Delete(recursive: true));

Report.Print(results, history);
Report.PrintEvents(feeds, logCosts);
Report.PrintRedis(redisRuns);
Directory.CreateDirectory(Path.Combine(root, "artifacts", "bench"));
var file = Path.Combine(root, "artifacts", "bench", $"bench-{DateTime.UtcNow:yyyyMMddTHHmmss}.json");
await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new { machine = Report.Machine(), options, results, history, feeds, logCosts, redisRuns }, new JsonSerializerOptions { WriteIndented = true }));
Console.Error.WriteLine($"results: {file}");
return results.Any(r => r.Consistency is { Ok: false }) || feeds.Concat(redisRuns.Select(r => r.Stream)).Any(f => !f.Ok) ? 1 : 0;

// The relay starts from the first event: let it work through what earlier runs logged before measuring.
static async Task RedisStreamCaughtUpAsync(Uri host)
{
    using var client = new HttpClient { BaseAddress = host };
    var clock = System.Diagnostics.Stopwatch.StartNew();
    while (clock.Elapsed < TimeSpan.FromMinutes(5))
    {
        var newest = 0L;
        for (var after = 0L; ; after = newest)
        {
            using var page = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/events?after={after}&limit=1000", UriKind.Relative)));
            newest = page.RootElement.GetProperty("next").GetInt64();
            if (newest == after)
            {
                break;
            }
        }

        using var subscriptions = JsonDocument.Parse(await client.GetStringAsync(new Uri("/events/subscriptions", UriKind.Relative)));
        if (subscriptions.RootElement.EnumerateArray().Any(s => s.GetProperty("subscriber").GetString() == "redis-relay" && s.GetProperty("position").GetInt64() >= newest))
        {
            return;
        }

        Console.Error.WriteLine($"  waiting for the Redis relay to catch up ({clock.Elapsed.TotalSeconds:F0} s)");
        await Task.Delay(2000);
    }
}

static async Task<LoadResult> MeasureAsync(
    string engine, string scenario, IAllocationTarget target, Func<Random, string> pick, Workload workload, RawSql? sql, CpuMeter cpu, LoadResult? ratioTo,
    string? orderPrefix = null)
{
    var prefix = orderPrefix ?? $"{scenario}-{target.Name}-{Guid.NewGuid():N}"[..24];
    var warmup = TimeSpan.FromSeconds(Math.Min(3, workload.RunFor.TotalSeconds / 5));
    var result = await LoadRunner.RunAsync(target, scenario, workload.Workers, warmup, workload.RunFor, pick, prefix, cpu);
    return result with
    {
        Target = $"{engine} {target.Name}",
        FloorPerSecond = ratioTo?.PerSecond,
        FloorCpuMs = ratioTo?.Cpu?.TotalMs,
        UnitsOfWorkPerSuccess = target is ServiceTarget service && result.Successes > 0 ? service.TakeUnitsOfWork() / (double)result.Successes : null,
        Consistency = sql is null ? null : await sql.CheckAsync(prefix, result.Successes + result.WarmupSuccesses) with
        {
            // The floor writes raw SQL and logs no events; every other target must agree with its log.
            Replay = target.Name == "floor" ? null : await sql.Replay.CheckAsync(sql, prefix),
        },
    };
}

static string Scratch(List<DirectoryInfo> made)
{
    var directory = Directory.CreateTempSubdirectory("allocation-bench-");
    made.Add(directory);
    return directory.FullName;
}

static string FindRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Allocation.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? Directory.GetCurrentDirectory();
}

/// <summary>Command-line options; the defaults are the standard workload.</summary>
internal sealed record BenchmarkOptions(
    string[] Engines, string[] Modes, string[] Scenarios, int Seconds, int Workers, int[] HistoryLevels, int HistorySeconds, int HostWarmupSeconds,
    bool AlsoOptimistic, Uri? Url, string? Connection, string? HostEnvironment)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Number(string name, int fallback) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        var engine = Value("--engine") ?? "both";
        return new BenchmarkOptions(
            engine == "both" ? ["sqlite", "postgres"] : [engine],
            (Value("--modes") ?? "service,http,events,redis").Split(','),
            (Value("--scenarios") ?? "spread,hot").Split(','),
            Number("--seconds", 20),
            Number("--workers", 16),
            [.. (Value("--history") ?? "0,10000,200000").Split(',').Select(level => int.Parse(level, CultureInfo.InvariantCulture))],
            Number("--history-seconds", 5),
            Number("--host-warmup", 15),
            args.Contains("--also-optimistic"),
            Value("--url") is { } url ? new Uri(url) : null,
            Value("--connection"),
            Value("--host-environment"));
    }
}
