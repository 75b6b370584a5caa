using System.Data.Common;
using Allocation.Application.Errors;

namespace Allocation.Adapters.Sql;

/// <summary>
/// Everything that differs between SQLite and PostgreSQL, and nothing else: how sessions open and
/// lock, the few statements that differ, and what the provider's errors mean. The SQL that is the
/// same for both lives with its use (loader, writer, queries, event log, migrations), and the
/// commit runs in <see cref="SqlCommit"/>.
/// </summary>
internal abstract class SqlDialect(AllocationDatabaseOptions options) : IAsyncDisposable
{
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

    /// <summary>
    /// The statement that commits at the end of one batch of the writes, or <see langword="null"/>
    /// to run the writes one by one, their row counts checked on the client, and commit
    /// separately. A dialect that sets it checks every expected row count on the server
    /// (<see cref="ServerChecked"/>): a count checked on the client would come too late.
    /// </summary>
    public virtual string? CommitCommand => null;

    /// <summary>How many writers can work side by side: 1 where the engine has a single writer; <see langword="null"/> for no such limit.</summary>
    public virtual int? ConcurrentWriters => null;

    /// <summary>Opens a pooled connection for reading.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens a connection and begins a transaction. With <paramref name="forWriting"/> the session
    /// waits for its write turn where the dialect needs one; without, it reads a snapshot and
    /// relies on the version check (optimistic mode).
    /// </summary>
    public abstract Task<SqlSession> BeginAsync(bool forWriting, CancellationToken cancellationToken);

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

    /// <summary>A UTC instant as this engine stores it.</summary>
    public abstract object Timestamp(DateTimeOffset instant);

    /// <summary>A stored instant read back.</summary>
    public abstract DateTimeOffset ReadTimestamp(object stored);

    /// <summary>
    /// <paramref name="write"/> rewritten so that the server fails the statement, and with it the
    /// transaction, when it changes a number of rows other than <see cref="SqlWrite.ExpectedRows"/>
    /// (reported as <see cref="StoreFailure.UnexpectedRowCount"/>). Used only with <see cref="CommitCommand"/>;
    /// <see langword="null"/> in a dialect without it, whose writes are checked on the client.
    /// </summary>
    public virtual string? ServerChecked(SqlWrite write) => null;

    public abstract StoreFailure Classify(DbException exception);

    /// <summary>The index of the batch command that failed, when the provider says.</summary>
    public virtual int? FailedCommandIndex(DbException exception, DbBatch batch) => null;

    public abstract ValueTask DisposeAsync();

    /// <summary>Turns a provider error into Allocation's own, or returns <see langword="null"/> to let it through.</summary>
    public Exception? Translate(DbException exception) => Classify(exception) switch
    {
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
