using Allocation.Application.Events;
using Allocation.Application.Ports;

namespace Allocation.Adapters.Sql;

/// <summary>
/// An Allocation store in a SQL database: SQLite (embedded, the default) or PostgreSQL (shared by
/// several hosts). It hands out the units of work and the queries, and applies the schema
/// migrations. Open one with <c>AllocationDatabase.Sqlite(...)</c> (package
/// Allocation.Adapters.Sqlite) or <c>AllocationDatabase.Postgres(...)</c> (package
/// Allocation.Adapters.Postgres), one per database and process, and dispose it at shutdown.
/// </summary>
public sealed class AllocationDatabase : IAsyncDisposable
{
    private readonly SqlEngine _engine;

    internal AllocationDatabase(SqlEngine engine)
    {
        _engine = engine;
        UnitsOfWork = new SqlUnitOfWorkFactory(engine, Committed);
        Queries = new SqlAllocationQueries(engine);
        Operators = new SqlOperatorQueries(engine);
        Events = new SqlEventLog(engine);
        Subscriptions = new SqlSubscriptionStore(engine);
        Inbox = new SqlInbox(engine);
        Notices = new SqlOutOfStockNotices(engine);
    }

    /// <summary>The database engine: <c>sqlite</c> or <c>postgres</c>.</summary>
    public string Provider => _engine.Name;

    /// <summary>Units of work on this database.</summary>
    public IUnitOfWorkFactory UnitsOfWork { get; }

    /// <summary>The read side of this database.</summary>
    public IAllocationQueries Queries { get; }

    /// <summary>What operators ask: stock counts, SKU search, an order's history, recent activity.</summary>
    public IOperatorQueries Operators { get; }

    /// <summary>The event log: every committed domain event, in order.</summary>
    public IEventLog Events { get; }

    /// <summary>Subscribers' checkpoints, leases and parked events.</summary>
    public ISubscriptionStore Subscriptions { get; }

    /// <summary>The ids of the inbound messages already handled, trimmed after <c>Allocation:Events:InboxRetention</c>.</summary>
    public IInbox Inbox { get; }

    /// <summary>The SKUs the out-of-stock mail told people about, until they are restocked.</summary>
    public IOutOfStockNotices Notices { get; }

    /// <summary>Signalled whenever a unit of work of this process commits events.</summary>
    public EventLogSignal Committed { get; } = new();

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
        new MigrationRunner(_engine).MigrateAsync(cancellationToken);

    /// <summary>
    /// Checks that the database answers and that its schema is at least this build's version. A
    /// newer schema passes: migrations only add, so hosts of the previous build keep serving while
    /// a rolling deploy replaces them.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns><see langword="null"/> when healthy, else what is wrong.</returns>
    public Task<string?> CheckAsync(CancellationToken cancellationToken = default) =>
        new MigrationRunner(_engine).CheckAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _engine.DisposeAsync();

    /// <summary>The settings after <paramref name="configure"/>, checked.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    internal static AllocationDatabaseOptions Configure(Action<AllocationDatabaseOptions>? configure)
    {
        var options = new AllocationDatabaseOptions();
        configure?.Invoke(options);
        var problem = options.Problems().FirstOrDefault();
        return problem.Setting is null ? options : throw new ArgumentOutOfRangeException(problem.Setting, problem.Problem);
    }
}
