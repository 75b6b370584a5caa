using System.Data.Common;

namespace Allocation.Adapters.Sql;

/// <summary>
/// One connection and its transaction. An engine may start the transaction only when the commit
/// needs it (<paramref name="beginForCommit"/>): reads then run on their own and the version check
/// alone guards the writes. SQLite's writer turn derives from this and ends the session its own
/// way: its connection is shared, and ending the session ends the writer's turn.
/// </summary>
internal class SqlSession(DbConnection connection, DbTransaction? transaction, Func<DbConnection, DbTransaction>? beginForCommit = null)
    : IAsyncDisposable
{
    public DbConnection Connection { get; } = connection;

    /// <summary>The open transaction, or <see langword="null"/> while reads run outside one.</summary>
    public DbTransaction? Transaction { get; private set; } = transaction;

    /// <summary>The transaction the commit writes in, started now if it was put off.</summary>
    public DbTransaction TransactionForCommit() =>
        Transaction ??= beginForCommit?.Invoke(Connection) ?? throw new InvalidOperationException("The session has no transaction.");

    /// <summary>Commits what the session wrote; completes when it is durable.</summary>
    public Task CommitAsync(CancellationToken cancellationToken) => TransactionForCommit().CommitAsync(cancellationToken);

    /// <summary>Ends the session: see <see cref="EndAsync"/>.</summary>
    public ValueTask DisposeAsync() => EndAsync();

    /// <summary>Rolls back unless committed, and gives the connection back.</summary>
    protected virtual async ValueTask EndAsync()
    {
        if (Transaction is not null)
        {
            await Transaction.DisposeAsync().ConfigureAwait(false); // rolls back unless committed
        }

        await Connection.DisposeAsync().ConfigureAwait(false); // back to the pool
    }
}
