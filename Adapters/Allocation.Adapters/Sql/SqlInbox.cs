using Allocation.Application.Ports;
using Dapper;

namespace Allocation.Adapters.Sql;

/// <summary>The inbox table of a SQL database: trimmed oldest first, a short chunk at a time, through its <c>received_at</c> index.</summary>
internal sealed class SqlInbox(SqlEngine engine) : IInbox
{
    public Task<int> TrimAsync(DateTimeOffset before, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return engine.WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM inbox WHERE message_id IN (SELECT message_id FROM inbox WHERE received_at < @Before ORDER BY received_at LIMIT @Max);",
            new { Before = engine.Timestamp(before), Max = max }, transaction, cancellationToken: cancellationToken)), cancellationToken);
    }
}
