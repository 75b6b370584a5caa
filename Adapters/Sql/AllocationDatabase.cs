using Allocation.Application.Ports;

namespace Allocation.Adapters.Sql;

/// <summary>
/// An Allocation store in a SQL database: SQLite (embedded, the default) or PostgreSQL (shared by
/// several hosts). It hands out the units of work and the queries, and applies the schema
/// migrations. Create one per database and process, and dispose it at shutdown.
/// </summary>
public sealed class AllocationDatabase : IAsyncDisposable
{
    private readonly SqlDialect _dialect;

    private AllocationDatabase(SqlDialect dialect)
    {
        _dialect = dialect;
        UnitsOfWork = new SqlUnitOfWorkFactory(dialect);
        Queries = new SqlAllocationQueries(dialect);
    }

    /// <summary>The database engine: <c>sqlite</c> or <c>postgres</c>.</summary>
    public string Provider => _dialect.Name;

    /// <summary>Units of work on this database.</summary>
    public IUnitOfWorkFactory UnitsOfWork { get; }

    /// <summary>The read side of this database.</summary>
    public IAllocationQueries Queries { get; }

    /// <summary>
    /// Opens a SQLite database. The connection string is a Microsoft.Data.Sqlite one, e.g.
    /// <c>Data Source=allocation.db</c>; foreign keys and the lock wait are set for you. For a fast
    /// throwaway database use <c>Data Source=name;Mode=Memory;Cache=Shared</c> (it lives as long as
    /// this object; readers then wait for writers).
    /// </summary>
    /// <param name="connectionString">The SQLite connection string.</param>
    /// <param name="configure">Adjusts the settings.</param>
    /// <returns>The database; call <see cref="MigrateAsync"/> before first use.</returns>
    /// <exception cref="ArgumentException">The connection string or a setting is invalid.</exception>
    public static AllocationDatabase Sqlite(string connectionString, Action<AllocationDatabaseOptions>? configure = null) =>
        new(new SqliteDialect(connectionString, Configure(configure)));

    /// <summary>Opens a PostgreSQL database, with an Npgsql connection string.</summary>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="configure">Adjusts the settings.</param>
    /// <returns>The database; call <see cref="MigrateAsync"/> before first use.</returns>
    /// <exception cref="ArgumentException">The connection string or a setting is invalid.</exception>
    public static AllocationDatabase Postgres(string connectionString, Action<AllocationDatabaseOptions>? configure = null) =>
        new(new PostgresDialect(connectionString, Configure(configure)));

    /// <summary>
    /// Brings the schema up to date: applies, in order and in one transaction, every migration
    /// the database has not recorded yet. Safe to re-run, and safe when several processes start
    /// at once (they take turns).
    /// </summary>
    /// <param name="cancellationToken">Cancels the work; nothing is applied then.</param>
    /// <returns>The names of the migrations applied now (empty when the schema was current).</returns>
    /// <exception cref="InvalidOperationException">The database has a newer schema than this build knows.</exception>
    /// <exception cref="Application.Errors.StoreUnavailableException">The database cannot be reached.</exception>
    public Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default) =>
        new MigrationRunner(_dialect).MigrateAsync(cancellationToken);

    /// <summary>Checks that the database answers and that its schema is current.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns><see langword="null"/> when healthy, else what is wrong.</returns>
    public Task<string?> CheckAsync(CancellationToken cancellationToken = default) =>
        new MigrationRunner(_dialect).CheckAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dialect.DisposeAsync();

    private static AllocationDatabaseOptions Configure(Action<AllocationDatabaseOptions>? configure)
    {
        var options = new AllocationDatabaseOptions();
        configure?.Invoke(options);
        options.Validate();
        return options;
    }
}
