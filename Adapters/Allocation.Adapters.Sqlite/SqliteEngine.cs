using System.Data.Common;
using System.Globalization;
using Allocation.Adapters.Sql;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Allocation.Adapters.Sqlite;

/// <summary>
/// SQLite: one writer at a time per database. Writers of this process take turns on one
/// connection (<see cref="SqliteWriterTurn"/>), each holding SQLite's write lock from its first
/// read (<c>BEGIN IMMEDIATE</c>), so a read-then-write never fails on a lock upgrade. Other
/// processes wait up to the lock timeout.
/// </summary>
internal sealed class SqliteEngine : SqlEngine
{
    private const int Busy = 5;
    private const int Locked = 6;
    private const int Constraint = 19;
    private const int ConstraintUnique = 2067;
    private const int ConstraintPrimaryKey = 1555;

    private readonly string _connectionString;
    private readonly SqliteConnection? _keepAlive;
    private readonly SqliteWriterTurn _writers;

    public SqliteEngine(string connectionString, AllocationDatabaseOptions options)
        : base(options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.LockTimeout.TotalSeconds),
        };
        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new ArgumentException("The SQLite connection string needs a Data Source (a file name, or a name with Mode=Memory).", nameof(connectionString));
        }

        _connectionString = builder.ToString();
        _writers = new SqliteWriterTurn(OpenAsync, options);
        if (builder.Mode == SqliteOpenMode.Memory)
        {
            // A shared in-memory database lives while one connection to it stays open.
            _keepAlive = new SqliteConnection(_connectionString);
            _keepAlive.Open();
        }
    }

    public override string Name => "sqlite";

    public override int? ConcurrentWriters => 1;

    public override string? LockProduct => null; // a writer holds the whole database for its turn

    public override string? LockMigrations => null;

    // One writer at a time: each row takes the larger of the next number and the commit's clock, so
    // positions follow commit order and stay above what an older copy of the file handed out (ADR 0015).
    public override string InsertEvent =>
        "INSERT INTO event_log (position, type, sku, data, occurred_at) " +
        "VALUES (MAX(@Clock, IFNULL((SELECT MAX(position) FROM event_log), 0) + 1), @Type, @Sku, @Data, @OccurredAt);";

    public override string ReadableEvents => "1 = 1";

    // Dapper expands the list into (@OrderIds1, @OrderIds2, ...); SQLite looks each one up in the index.
    public override string SelectLinesOfOrders =>
        "SELECT id AS Id, batch_id AS BatchId, orderid AS OrderId, quantity AS Quantity FROM allocations WHERE orderid IN @OrderIds AND sku = @Sku;";

    public override string SelectBatchesByReference(string select) => select + " WHERE reference IN @References;";

    public override string Contains(string column, string parameter) => $"instr({column}, {parameter}) > 0";

    // Stored as yyyy-MM-ddTHH:mm:ss.fffffffZ: the first 19 characters are the second.
    public override string SecondOf(string column) => $"substr({column}, 1, 19)";

    public override object Timestamp(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public override DateTimeOffset ReadTimestamp(object stored) =>
        DateTimeOffset.Parse((string)stored, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!Options.DurableCommits)
            {
                await connection.ExecuteAsync("PRAGMA synchronous = NORMAL;").ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override async Task<SqlSession> BeginAsync(CancellationToken cancellationToken)
    {
        if (Options.LockProductsForChange)
        {
            return await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        }

        // Optimistic: read without a transaction (WAL readers never wait), take the write lock
        // only to commit; the version check refuses what changed meanwhile.
        var reader = (SqliteConnection)await OpenAsync(cancellationToken).ConfigureAwait(false);
        return new SqlSession(reader, transaction: null,
            beginForCommit: connection => ((SqliteConnection)connection).BeginTransaction(deferred: false));
    }

    public override Task<SqlSession> BeginWriteAsync(CancellationToken cancellationToken) => _writers.BeginAsync(cancellationToken);

    /// <summary>In process, a statement costs no round trip: each write with its row count checked here, then the session's commit.</summary>
    public override async Task CommitAsync(SqlSession session, IReadOnlyList<SqlWrite> writes, CancellationToken cancellationToken)
    {
        var transaction = session.TransactionForCommit();
        foreach (var write in writes)
        {
            var command = session.Connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.Transaction = transaction;
                command.CommandText = write.Sql;
                write.Bind(command.Parameters, command.CreateParameter);
                int rows;
                try
                {
                    rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (SqliteException e) when (Translate(e, write) is { } translated)
                {
                    throw translated;
                }

                write.CheckRows(rows);
            }
        }

        try
        {
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    public override async Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // WAL lets readers work while a writer commits; the setting is stored in the file.
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    protected override StoreFailure Classify(DbException exception) => exception is not SqliteException sqlite
        ? StoreFailure.Unknown
        : sqlite.SqliteErrorCode switch
        {
            Constraint when sqlite.SqliteExtendedErrorCode is ConstraintUnique or ConstraintPrimaryKey => StoreFailure.UniqueViolation,
            Busy or Locked => StoreFailure.LockTimeout,
            8 or 10 or 13 or 14 or 26 => StoreFailure.Unavailable, // read-only, I/O error, disk full, cannot open, not a database
            _ => StoreFailure.Unknown,
        };

    public override async ValueTask DisposeAsync()
    {
        if (_keepAlive is not null)
        {
            await _keepAlive.DisposeAsync().ConfigureAwait(false);
        }

        await _writers.DisposeAsync().ConfigureAwait(false);
    }
}
