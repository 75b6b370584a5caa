using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Allocation.Adapters.Sql;
using Npgsql;

namespace Allocation.Adapters.Postgres;

/// <summary>
/// PostgreSQL: pooled connections from one data source, read committed transactions, writers of
/// one product queued on its row lock (<c>FOR UPDATE</c>), and <c>lock_timeout</c> bounding every wait.
/// A commit is one round trip: the writes, each row count checked on the server, then <c>COMMIT</c>.
/// Errors are classified here, once.
/// Statements that repeat are prepared on the server unless the connection string says otherwise.
/// </summary>
internal sealed class PostgresEngine : SqlEngine
{
    /// <summary>Raised by <c>allocation_expect_rows</c> (migration 0002).</summary>
    internal const string UnexpectedRowCountState = "AL001";

    /// <summary>
    /// Npgsql's <c>Max Auto Prepare</c> when the connection string does not set it: enough for every
    /// statement the adapters send. Preparing raised the benchmark's service throughput by 70 % (docs/performance.md).
    /// </summary>
    internal const int DefaultMaxAutoPrepare = 32;

    /// <summary>How long Npgsql trusts a host's known state when the connection string names several.</summary>
    internal const int MultiHostRecheckSeconds = 1;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ConcurrentDictionary<(string Sql, int Expected), string> _checked = new();

    public PostgresEngine(string connectionString, AllocationDatabaseOptions options)
        : base(options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            CommandTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds),

            // Npgsql 10 no longer says which command of a batch failed unless asked; the commit
            // needs it to tell a duplicate batch reference from a lost race. It never reaches clients.
            IncludeFailedBatchedCommand = true,
        };
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ArgumentException("The PostgreSQL connection string needs a Host.", nameof(connectionString));
        }

        builder.ApplicationName ??= "allocation";
        if (!Sets(connectionString, "Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!Sets(connectionString, "No Reset On Close"))
        {
            // The adapters leave nothing in a session: settings and locks are the transaction's
            // own, and allocation_take_positions releases its lock before it returns. Skipping
            // the reset saves four statements each time a connection goes back to the pool.
            builder.NoResetOnClose = true;
        }

        if (builder.Host.Contains(',', StringComparison.Ordinal) && !Sets(connectionString, "Host Recheck Seconds"))
        {
            // Several hosts (a primary and its standbys): Npgsql remembers each host's state (down,
            // standby) for this long, 10 s by default, so writes would wait that long after a standby
            // is promoted. One second keeps a failover short and the state checks rare.
            builder.HostRecheckSeconds = MultiHostRecheckSeconds;
        }

        var lockTimeout = ((long)Math.Ceiling(options.LockTimeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        builder.Options = $"{builder.Options} -c lock_timeout={lockTimeout}".Trim();
        _dataSource = new NpgsqlDataSourceBuilder(builder.ToString()).Build();
    }

    public override string Name => "postgres";

    // A transaction-scoped advisory lock named by the SKU's hash: writers of one product queue on
    // it whether the product exists yet or not, and, unlike FOR UPDATE, it gives the transaction no
    // id, so the commit's positions are taken after every lock it waited for (ADR 0015).
    public override string? LockProduct => "SELECT pg_advisory_xact_lock(hashtextextended(@Sku, 0));";

    // Gives the transaction its id and its first position together, in one order for all writers
    // (migration 0007); the inserts then count on from it.
    public override string? TakePositions => "SELECT allocation_take_positions(@Events);";

    public override string InsertEvent =>
        "INSERT INTO event_log (position, tx, type, sku, data, occurred_at) " +
        "VALUES (current_setting('allocation.first_position')::bigint + @Ordinal, pg_current_xact_id(), @Type, @Sku, CAST(@Data AS json), @OccurredAt);";

    // Every transaction below the snapshot's xmin has ended, and took its positions before every
    // transaction still running took theirs: nothing can still commit below what this returns.
    public override string ReadableEvents => "tx < pg_snapshot_xmin(pg_current_snapshot())";

    // The running transaction whose id is the snapshot's xmin keeps every event above it unreadable.
    // Only the newest 10,000 rows are looked at (a backward range of the primary key), so a check
    // costs the same on a long log; when that transaction is another role's (its start cannot be
    // read), the oldest event it holds back dates it from below.
    public override string? HoldBackSeconds =>
        "WITH bound AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin), " +
        "held AS (SELECT MIN(recent.occurred_at) AS oldest FROM " +
        "(SELECT occurred_at, tx FROM event_log ORDER BY position DESC LIMIT 10000) AS recent, bound WHERE recent.tx >= bound.xmin) " +
        "SELECT EXTRACT(EPOCH FROM clock_timestamp() - COALESCE(" +
        "(SELECT MIN(a.xact_start) FROM pg_stat_activity a, bound WHERE a.backend_xid = ((bound.xmin::text::bigint % 4294967296)::text)::xid), " +
        "held.oldest))::float8 FROM held WHERE held.oldest IS NOT NULL;";

    // A transaction id above this cluster's next one was handed out by the cluster the log was
    // dumped from. Only the newest row is looked at on an ordinary start (the gate is evaluated once).
    public override string? AdoptRestoredEvents =>
        "UPDATE event_log SET tx = '0' WHERE tx > pg_current_xact_id() " +
        "AND (SELECT tx FROM event_log ORDER BY position DESC LIMIT 1) > pg_current_xact_id();";

    public override string? ClockMicros => "SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint;";

    public override string Json(string parameter) => $"CAST({parameter} AS json)";

    // Dapper passes the list as one array parameter: one prepared statement for every length. A
    // plain "orderid = ANY(@OrderIds)" got a generic plan that scanned the whole table while its
    // statistics were those of an empty one (measured: 27.7 million rows read in a 10 s run). One
    // lookup per order (LIMIT 1 keeps the planner from turning it into a join), by the order's key.
    internal const string LinesOfOrders =
        "SELECT l.id AS Id, l.batch_id AS BatchId, l.orderid AS OrderId, l.quantity AS Quantity " +
        "FROM unnest(@OrderIds::text[]) AS o(orderid) CROSS JOIN LATERAL (" +
        "SELECT id, batch_id, orderid, quantity FROM allocations WHERE orderid = o.orderid AND " + OrderLineKey.SkuFilter + " LIMIT 1) l;";

    public override string SelectLinesOfOrders => LinesOfOrders;

    // Dapper passes the list as one text[] here; one unique-index lookup per reference, for the same reason as above.
    public override string SelectBatchesByReference(string select) =>
        $"SELECT b.* FROM unnest(@References::text[]) AS r(reference) CROSS JOIN LATERAL ({select} WHERE reference = r.reference LIMIT 1) b;";

    public override string Contains(string column, string parameter) => $"strpos({column}::text, {parameter}) > 0";

    public override string SecondOf(string column) => $"date_trunc('second', {column})";

    public override object Timestamp(DateTimeOffset instant) => instant.UtcDateTime;

    public override DateTimeOffset ReadTimestamp(object stored) => stored switch
    {
        DateTime utc => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)),
        DateTimeOffset instant => instant.ToUniversalTime(),
        _ => throw new InvalidOperationException($"A PostgreSQL timestamp read back as {stored.GetType()}."),
    };

    public override string? LockMigrations => "SELECT pg_advisory_xact_lock(7414061981208405873);";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    // Writers of a product queue on its lock, whatever the session is for: one kind of session.
    public override async Task<SqlSession> BeginAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Npgsql sends BEGIN together with the first command: no extra round trip.
            var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            return new SqlSession(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override Task<SqlSession> BeginWriteAsync(CancellationToken cancellationToken) => BeginAsync(cancellationToken);

    /// <summary>
    /// One round trip (ADR 0008): the writes in one batch, each expected row count checked on the
    /// server, so a stale write fails the transaction before <c>COMMIT</c>, which ends the batch.
    /// </summary>
    public override async Task CommitAsync(SqlSession session, IReadOnlyList<SqlWrite> writes, CancellationToken cancellationToken)
    {
        var batch = session.Connection.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            batch.Transaction = session.TransactionForCommit();
            foreach (var write in writes)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = write.ExpectedRows is { } expected ? ServerChecked(write.Sql, expected) : write.Sql;
                write.Bind(command.Parameters, command.CreateParameter);
                batch.BatchCommands.Add(command);
            }

            var commit = batch.CreateBatchCommand();
            commit.CommandText = "COMMIT";
            batch.BatchCommands.Add(commit);
            try
            {
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException e) when (Translate(e, FailedWrite(e, batch, writes)) is { } translated)
            {
                throw translated;
            }
        }
    }

    protected override StoreFailure Classify(DbException exception) => exception switch
    {
        PostgresException { SqlState: UnexpectedRowCountState } => StoreFailure.UnexpectedRowCount,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => StoreFailure.UniqueViolation,
        PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable } => StoreFailure.LockTimeout,
        PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } => StoreFailure.Transient,
        PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } => StoreFailure.Unavailable, // statement timeout
        PostgresException postgres when IsUnavailableClass(postgres.SqlState) =>
            postgres.IsTransient ? StoreFailure.Transient : StoreFailure.Unavailable,
        PostgresException => StoreFailure.Unknown, // SQL or schema errors are bugs: let them through
        NpgsqlException { InnerException: TimeoutException } => StoreFailure.Unavailable, // waited its limit already
        NpgsqlException npgsql => npgsql.IsTransient ? StoreFailure.Transient : StoreFailure.Unavailable,
        _ => StoreFailure.Unknown,
    };

    /// <summary>The write whose batch command failed, when Npgsql says which one did.</summary>
    private static SqlWrite? FailedWrite(NpgsqlException exception, DbBatch batch, IReadOnlyList<SqlWrite> writes) =>
        exception.BatchCommand is { } failed && batch.BatchCommands.IndexOf(failed) is var index and >= 0 && index < writes.Count ? writes[index] : null;

    // A data-modifying CTE always runs to completion; the SELECT around it counts what it changed.
    private string ServerChecked(string sql, int expected) => _checked.GetOrAdd(
        (sql, expected),
        key => $"WITH changed AS ({key.Sql.TrimEnd().TrimEnd(';')} RETURNING 1) " +
               $"SELECT allocation_expect_rows(count(*), {key.Expected.ToString(CultureInfo.InvariantCulture)}) FROM changed;");

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>Whether the connection string itself sets <paramref name="keyword"/> (any spacing or case).</summary>
    private static bool Sets(string connectionString, string keyword)
    {
        static string Squeezed(string key) => key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var raw = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return raw.Keys.Cast<string>().Any(key => Squeezed(key) == Squeezed(keyword));
    }

    // 08 connection, 28 authorization, 53 resources, 57P operator intervention, 58 system error.
    private static bool IsUnavailableClass(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState.StartsWith("28", StringComparison.Ordinal)
        || sqlState.StartsWith("53", StringComparison.Ordinal) || sqlState.StartsWith("57P", StringComparison.Ordinal)
        || sqlState.StartsWith("58", StringComparison.Ordinal);
}
