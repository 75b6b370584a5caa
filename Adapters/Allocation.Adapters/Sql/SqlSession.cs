using System.Data.Common;

namespace Allocation.Adapters.Sql;

/// <summary>
/// One connection and its transaction, plus whatever the dialect holds while they live. A dialect
/// may start the transaction only when the commit needs it (<paramref name="beginForCommit"/>):
/// reads then run on their own and the version check alone guards the writes.
/// </summary>
internal sealed class SqlSession(
    DbConnection connection, DbTransaction? transaction, IDisposable? writerTurn, Func<DbConnection, DbTransaction>? beginForCommit = null)
    : IAsyncDisposable
{
    public DbConnection Connection { get; } = connection;

    /// <summary>The open transaction, or <see langword="null"/> while reads run outside one.</summary>
    public DbTransaction? Transaction { get; private set; } = transaction;

    /// <summary>The transaction the commit writes in, started now if it was put off.</summary>
    public DbTransaction TransactionForCommit() =>
        Transaction ??= beginForCommit?.Invoke(Connection) ?? throw new InvalidOperationException("The session has no transaction.");

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Transaction is not null)
            {
                await Transaction.DisposeAsync().ConfigureAwait(false); // rolls back unless committed
            }

            await Connection.DisposeAsync().ConfigureAwait(false); // back to the pool
        }
        finally
        {
            writerTurn?.Dispose();
        }
    }
}
