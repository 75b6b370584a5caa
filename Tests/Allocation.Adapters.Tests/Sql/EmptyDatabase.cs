using System.Data.Common;
using Allocation.Adapters.Sql;
using Allocation.TestSupport;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Allocation.Adapters.Tests.Sql;

/// <summary>An empty, unmigrated database for one test; <see cref="Open"/> may be called many times.</summary>
internal sealed class EmptyDatabase(string provider, string connectionString, Func<Task> cleanUp) : IAsyncDisposable
{
    private readonly List<AllocationDatabase> _opened = [];

    public string ConnectionString => connectionString;

    public static EmptyDatabase Sqlite()
    {
        var directory = Directory.CreateTempSubdirectory("allocation-sqlite-").FullName;
        return new EmptyDatabase("sqlite", $"Data Source={Path.Combine(directory, "allocation.db")}", () =>
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
            return Task.CompletedTask;
        });
    }

    public static async Task<EmptyDatabase> PostgresAsync()
    {
        var server = await PostgresServer.SharedAsync();
        var connectionString = await server.CreateDatabaseAsync();
        return new EmptyDatabase("postgres", connectionString, () => server.DropDatabaseAsync(connectionString));
    }

    public AllocationDatabase Open(Action<AllocationDatabaseOptions>? configure = null)
    {
        var database = provider == "sqlite"
            ? AllocationDatabase.Sqlite(connectionString, configure)
            : AllocationDatabase.Postgres(connectionString, configure);
        _opened.Add(database);
        return database;
    }

    /// <summary>Runs SQL behind the adapters' back, as another tool or process would.</summary>
    public async Task<object?> ExecuteRawAsync(string sql)
    {
        await using DbConnection connection = provider == "sqlite" ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _opened)
        {
            await database.DisposeAsync();
        }

        await cleanUp();
    }
}
