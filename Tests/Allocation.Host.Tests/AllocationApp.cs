using Allocation.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Allocation.Host.Tests;

/// <summary>The host in process, on a fresh database: a temporary SQLite file, or a new PostgreSQL database.</summary>
public sealed class AllocationApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Func<Task> _cleanUp;

    private AllocationApp(Dictionary<string, string?> settings, Func<Task> cleanUp)
    {
        _settings = settings;
        _cleanUp = cleanUp;
    }

    public static AllocationApp Sqlite(Dictionary<string, string?>? overrides = null)
    {
        var directory = Directory.CreateTempSubdirectory("allocation-host-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Allocation:Database:Provider"] = "sqlite",
            ["ConnectionStrings:Allocation"] = $"Data Source={Path.Combine(directory, "allocation.db")}",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        return new AllocationApp(settings, () =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
            return Task.CompletedTask;
        });
    }

    public static async Task<AllocationApp> PostgresAsync(Dictionary<string, string?>? overrides = null)
    {
        var server = await PostgresServer.SharedAsync();
        var connectionString = await server.CreateDatabaseAsync();
        return Postgres(connectionString, () => server.DropDatabaseAsync(connectionString)).With(overrides);
    }

    /// <summary>The store's connection string, to reach it beside the host.</summary>
    public string ConnectionString => _settings["ConnectionStrings:Allocation"]!;

    /// <summary>Adds or replaces settings before the host starts.</summary>
    public AllocationApp With(Dictionary<string, string?>? overrides)
    {
        foreach (var (key, value) in overrides ?? [])
        {
            _settings[key] = value;
        }

        return this;
    }

    /// <summary>A host on an existing PostgreSQL database; several hosts may share one.</summary>
    public static AllocationApp Postgres(string connectionString, Func<Task>? cleanUp = null) => new(
        new Dictionary<string, string?>
        {
            ["Allocation:Database:Provider"] = "postgres",
            ["ConnectionStrings:Allocation"] = connectionString,
        },
        cleanUp ?? (() => Task.CompletedTask));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _cleanUp();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
