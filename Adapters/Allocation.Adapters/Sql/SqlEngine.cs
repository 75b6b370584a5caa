using System.Data.Common;
using Allocation.Application.Errors;

namespace Allocation.Adapters.Sql;

/// <summary>
/// One database engine, whole: it opens sessions (a unit of work's lock mode is fixed when the
/// engine is built), commits a unit of work's writes its own way, turns its own errors into
/// Allocation's, once, and holds the statements that differ between engines. The SQL that is the
/// same for both lives with its use (loader, writer, queries, event log, migrations); the engine
/// builds the loader and the writer with its own statements.
/// </summary>
internal abstract class SqlEngine(AllocationDatabaseOptions options) : IAsyncDisposable
{
    private ProductLoader? _loader;
    private ProductWriter? _writer;

    public AllocationDatabaseOptions Options { get; } = options;

    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Waits for the writer lock of product <c>@Sku</c>, whether or not it exists, without giving
    /// the transaction an id (so its event positions, taken at commit, follow the locks it waited
    /// for); <see langword="null"/> where the session's write turn already serialises writers.
    /// </summary>
    public abstract string? LockProduct { get; }

    /// <summary>Serialises migrations across processes inside the migration transaction, or <see langword="null"/>.</summary>
    public abstract string? LockMigrations { get; }

    /// <summary>
    /// The first statement of a commit that logs events, taking <c>@Events</c> positions in commit
    /// order before anything is written; <see langword="null"/> where <see cref="InsertEvent"/>
    /// chooses each position itself.
    /// </summary>
    public virtual string? TakePositions => null;

    /// <summary>
    /// Inserts one event-log row from <c>@Ordinal</c> (its place among the commit's events),
    /// <c>@Clock</c> (the commit's time in microseconds since 1970), <c>@Type</c>, <c>@Sku</c>,
    /// <c>@Data</c> and <c>@OccurredAt</c>, choosing its position so that positions grow in commit
    /// order and stay above every position handed out before (ADR 0015).
    /// </summary>
    public abstract string InsertEvent { get; }

    /// <summary>
    /// Marks events restored from another cluster as written by ended transactions, run at every
    /// start; <see langword="null"/> where readers do not compare transaction ids.
    /// </summary>
    public virtual string? AdoptRestoredEvents => null;

    /// <summary>Reads the clock positions are taken from, in microseconds since 1970; <see langword="null"/> for this host's clock.</summary>
    public virtual string? ClockMicros => null;

    /// <summary>
    /// A condition on <c>position</c> that holds only for events no transaction still in flight
    /// can precede (empty where commits happen in position order anyway).
    /// </summary>
    public abstract string ReadableEvents { get; }

    /// <summary>
    /// Selects, in seconds, how long readers have been held back behind a running transaction (see
    /// <see cref="Application.Ports.IEventLog.HoldBackAsync"/>), or no row when they are not;
    /// <see langword="null"/> where every committed event is readable at once.
    /// </summary>
    public virtual string? HoldBackSeconds => null;

    /// <summary>How many writers can work side by side: 1 where the engine has a single writer; <see langword="null"/> for no such limit.</summary>
    public virtual int? ConcurrentWriters => null;

    /// <summary>Reads a product for a change with this engine's statements, locking it when the engine was built to.</summary>
    public ProductLoader Loader => _loader ??= new ProductLoader(Options.LockProductsForChange ? LockProduct : null, SelectLinesOfOrders);

    /// <summary>Turns a unit of work's changes into this engine's statements.</summary>
    public ProductWriter Writer => _writer ??= new ProductWriter(InsertEvent, TakePositions, Timestamp, Options.LogEvents);

    /// <summary>Opens a pooled connection for reading.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens a unit of work's session, in the lock mode the engine was built with
    /// (<see cref="AllocationDatabaseOptions.LockProductsForChange"/>).
    /// </summary>
    public abstract Task<SqlSession> BeginAsync(CancellationToken cancellationToken);

    /// <summary>Opens a session for a short write that takes the writers' turn: a subscription's checkpoint, a trim, a migration.</summary>
    public abstract Task<SqlSession> BeginWriteAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs a unit of work's writes in its session and commits them; completes when the commit is
    /// durable. A write that changes other than its expected rows, or breaks a unique key, fails
    /// with what its <see cref="SqlWrite.Failure"/> says; any other error comes out translated.
    /// </summary>
    public abstract Task CommitAsync(SqlSession session, IReadOnlyList<SqlWrite> writes, CancellationToken cancellationToken);

    /// <summary>Runs once per database before migrations, outside any transaction.</summary>
    public virtual Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A parameter holding JSON text, as an expression this engine stores in a JSON column.</summary>
    public virtual string Json(string parameter) => parameter;

    /// <summary>
    /// Selects <c>Id</c>, <c>BatchId</c>, <c>OrderId</c> and <c>Quantity</c> of the lines of product
    /// <c>@Sku</c> held by the orders in the list parameter <c>@OrderIds</c> (as Dapper passes a list
    /// to this engine), each found through the <c>(orderid, sku)</c> index whatever the table's
    /// statistics say.
    /// </summary>
    public abstract string SelectLinesOfOrders { get; }

    /// <summary>
    /// <paramref name="select"/> (a <c>SELECT … FROM batches</c>) narrowed to the batches whose
    /// reference is in the list parameter <c>@References</c>, each found through the reference's
    /// unique index whatever the table's statistics say.
    /// </summary>
    /// <param name="select">The select list and <c>FROM batches</c>, without a <c>WHERE</c>.</param>
    /// <returns>The whole statement.</returns>
    public abstract string SelectBatchesByReference(string select);

    /// <summary>A condition: the text of <paramref name="column"/> holds the text parameter <paramref name="parameter"/> (case-sensitive).</summary>
    public abstract string Contains(string column, string parameter);

    /// <summary>The stored instant in <paramref name="column"/> cut to its second, as <see cref="ReadTimestamp"/> reads it.</summary>
    public abstract string SecondOf(string column);

    /// <summary>A UTC instant as this engine stores it.</summary>
    public abstract object Timestamp(DateTimeOffset instant);

    /// <summary>A stored instant read back.</summary>
    public abstract DateTimeOffset ReadTimestamp(object stored);

    /// <summary>What a provider error means, in Allocation's terms.</summary>
    protected abstract StoreFailure Classify(DbException exception);

    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// Turns a provider error into Allocation's own, classifying it once, or returns
    /// <see langword="null"/> to let it through (SQL and schema errors are bugs).
    /// </summary>
    /// <param name="exception">The provider's error.</param>
    /// <param name="write">The write that failed, when it is known: a broken unique key or an unexpected row count is its to explain.</param>
    public Exception? Translate(DbException exception, SqlWrite? write = null) => Classify(exception) switch
    {
        StoreFailure.UniqueViolation when write?.Failure is { } failure => failure.Duplicate(),
        StoreFailure.UnexpectedRowCount when write is not null => write.Unexpected(rows: null),
        StoreFailure.LockTimeout => new StoreUnavailableException(
            $"Another writer held the data this request needs for longer than the lock timeout ({Options.LockTimeout}). Try again.",
            isTransient: false, exception),
        StoreFailure.Transient => new StoreUnavailableException(
            $"The {Name} database had a transient fault: {exception.Message}", isTransient: true, exception),
        StoreFailure.Unavailable => new StoreUnavailableException(
            $"The {Name} database is unavailable: {exception.Message}", isTransient: false, exception),
        _ => null,
    };
}
