using System.Data.Common;
using System.Globalization;
using Allocation.Adapters.Sql;
using Npgsql;

namespace Allocation.Adapters.Postgres;

/// <summary>
/// PostgreSQL: pooled connections from one data source, read committed transactions, writers of
/// one product queued on its row lock (<c>FOR UPDATE</c>), and <c>lock_timeout</c> bounding every wait.
/// </summary>
internal sealed class PostgresDialect : SqlDialect
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresDialect(string connectionString, AllocationDatabaseOptions options)
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
        var lockTimeout = ((long)Math.Ceiling(options.LockTimeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        builder.Options = $"{builder.Options} -c lock_timeout={lockTimeout}".Trim();
        _dataSource = new NpgsqlDataSourceBuilder(builder.ToString()).Build();
    }

    public override string Name => "postgres";

    public override string SelectProductForChange => Options.LockProductsForChange
        ? "SELECT version_number AS Version FROM products WHERE sku = @Sku FOR UPDATE;"
        : "SELECT version_number AS Version FROM products WHERE sku = @Sku;";

    // A product that does not exist has no row to lock; its first writers queue on a
    // transaction-scoped advisory lock named by the SKU's hash instead.
    public override string? LockAbsentProduct => Options.LockProductsForChange
        ? "SELECT pg_advisory_xact_lock(hashtextextended(@Sku, 0));"
        : null;

    public override string? LockMigrations => "SELECT pg_advisory_xact_lock(7414061981208405873);";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override async Task<SqlSession> BeginAsync(bool forWriting, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Npgsql sends BEGIN together with the first command: no extra round trip.
            var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            return new SqlSession(connection, transaction, writerTurn: null);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override StoreFailure Classify(DbException exception) => exception switch
    {
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

    public override int? FailedCommandIndex(DbException exception, DbBatch batch) =>
        exception is NpgsqlException { BatchCommand: { } failed } && batch.BatchCommands.IndexOf(failed) is var index and >= 0
            ? index
            : null;

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    // 08 connection, 28 authorization, 53 resources, 57P operator intervention, 58 system error.
    private static bool IsUnavailableClass(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState.StartsWith("28", StringComparison.Ordinal)
        || sqlState.StartsWith("53", StringComparison.Ordinal) || sqlState.StartsWith("57P", StringComparison.Ordinal)
        || sqlState.StartsWith("58", StringComparison.Ordinal);
}
